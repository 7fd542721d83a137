"""Where the app's templates, static files, migrations and instance folder live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
RESOURCES = ("templates", "static", "migrations")


def resources_root(package: Path = PACKAGE) -> Path:
    """The folder holding templates/, static/ and migrations/.

    The built wheel carries them inside the package; a checkout (editable install, dev)
    keeps them at the repository's top level, beside the package.
    """
    if all((package / name).is_dir() for name in RESOURCES):
        return package
    return package.parent


def default_instance_path(package: Path = PACKAGE) -> Path:
    """`$INSTANCE_PATH`; else `instance/` beside the code in a checkout, or in the working
    directory when installed (never inside site-packages)."""
    if os.environ.get("INSTANCE_PATH"):
        return Path(os.environ["INSTANCE_PATH"])
    if resources_root(package) == package:
        return Path.cwd() / "instance"
    return package.parent / "instance"
