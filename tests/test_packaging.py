"""Where the app finds its templates, static files, migrations and instance folder, checked
out or installed from the wheel; and the list of packages the wheel carries."""

import tomllib
from pathlib import Path

from setuptools import find_packages

import aicb_board
from aicb_board import create_app, paths
from aicb_board.config import TestConfig

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGE = CHECKOUT / "aicb_board"


def test_in_the_checkout_resources_come_from_the_top_level_folders():
    root = paths.resources_root()
    assert root == CHECKOUT
    for name in paths.RESOURCES:
        assert (root / name).is_dir(), name
    assert (root / "migrations" / "env.py").is_file()
    assert (root / "static" / "css" / "site.css").is_file()
    assert (root / "templates" / "base.html").is_file()


def test_installed_resources_come_from_inside_the_package(tmp_path):
    # The wheel's layout: site-packages/aicb_board/{templates,static,migrations}.
    package = tmp_path / "site-packages" / "aicb_board"
    for name in paths.RESOURCES:
        (package / name).mkdir(parents=True)
    assert paths.resources_root(package) == package


def test_the_app_serves_templates_static_and_migrations_from_the_resources(tmp_path):
    url = f"sqlite:///{tmp_path / 'board.sqlite3'}"
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=str(tmp_path))
    assert Path(app.template_folder) == CHECKOUT / "templates"
    assert Path(app.static_folder) == CHECKOUT / "static"
    assert Path(app.extensions["migrate"].directory) == CHECKOUT / "migrations"


def test_in_the_checkout_the_instance_folder_is_beside_the_code(monkeypatch):
    monkeypatch.delenv("INSTANCE_PATH", raising=False)
    assert paths.default_instance_path() == CHECKOUT / "instance"


def test_installed_the_instance_folder_is_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("INSTANCE_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    package = tmp_path / "site-packages" / "aicb_board"
    for name in paths.RESOURCES:
        (package / name).mkdir(parents=True)
    assert paths.default_instance_path(package) == tmp_path / "instance"


def test_instance_path_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "data"))
    assert paths.default_instance_path() == tmp_path / "data"


def test_the_wheel_lists_every_package_of_the_code():
    # pyproject names the packages one by one (the resource folders are mapped into the
    # package): a new feature package missing from the list would be left out of the wheel.
    settings = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(settings["packages"])
    code = set(find_packages(str(CHECKOUT), include=["aicb_board*"]))
    assert code <= listed
    mapped = {f"aicb_board.{name}": name for name in paths.RESOURCES}
    assert {name: settings["package-dir"][name] for name in mapped} == mapped


def test_aicb_board_wsgi_exposes_an_app(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'board.sqlite3'}")
    import importlib

    module = importlib.import_module("aicb_board.wsgi")
    assert module.app.name == aicb_board.__name__
