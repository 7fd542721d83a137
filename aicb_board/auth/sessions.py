"""How a session names its user: Flask-Login with a session version in the identifier."""

from __future__ import annotations

from flask import Flask, session
from flask_login import LoginManager, login_user, logout_user

from ..extensions import db
from ..numbers import ascii_int
from .models import User


def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, if its session version is still current."""
    raw_id, _, raw_version = session_id.partition(":")
    user_id, version = ascii_int(raw_id), ascii_int(raw_version)
    if user_id is None or version is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or user.is_suspended:
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
