"""The configured search backend of the running application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from ..config import ConfigurationError
from .whoosh_backend import WhooshBackend

EXTENSION = "aicb_search"


def init_app(app: Flask) -> None:
    """Create the backend `SEARCH_BACKEND` names (no index is touched until first use)."""
    name = app.config.get("SEARCH_BACKEND", "whoosh")
    if name != "whoosh":
        raise ConfigurationError(
            f"SEARCH_BACKEND={name!r} is not available: use 'whoosh' (the PostgreSQL "
            "full-text backend is not built yet)."
        )
    path = app.config.get("SEARCH_INDEX_PATH") or str(Path(app.instance_path) / "search-index")
    app.extensions[EXTENSION] = WhooshBackend(path)


def backend() -> WhooshBackend:
    """The running application's backend."""
    return current_app.extensions[EXTENSION]
