"""How a session names its user: Flask-Login with a session version in the identifier."""

from __future__ import annotations

from flask import Flask, session
from flask_login import LoginManager, login_user, logout_user

from ..extensions import db
from .models import User


def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, if its session version is still current."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_suspended:
        return None
    return user


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign `user` in with a fresh session (nothing from before sign-in carries over)."""
    session.clear()
    login_user(user, remember=remember)


def end_session() -> None:
    """Sign the current visitor out and drop everything kept in their session."""
    session.clear()
    logout_user()  # after clear: it leaves the flag that deletes the remember-me cookie


def init_login(app: Flask, manager: LoginManager) -> None:
    """Configure Flask-Login for the board."""
    manager.init_app(app)
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = "Please sign in to continue."
    manager.login_message_category = "info"
    manager.session_protection = "basic"
