"""Password rules and hashing: Werkzeug's scrypt, a length floor, no common passwords."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 512
# zxcvbn's guess estimate slows down on very long inputs; a long passphrase is judged
# on its first characters, which is plenty to tell a common password from a good one.
STRENGTH_SAMPLE = 64
MIN_SCORE = 2  # zxcvbn: 0 too guessable … 4 very unguessable


def password_problem(password: str, *, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why `password` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a passphrase of a few words works well."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    inputs = [part for value in user_inputs for part in (value, value.split("@")[0]) if part]
    result = zxcvbn(password[:STRENGTH_SAMPLE], user_inputs=inputs)
    if result["score"] < MIN_SCORE:
        reason = "This password is too common or easy to guess"
        warning = result["feedback"].get("warning")
        return f"{reason}: {warning[0].lower()}{warning[1:]}" if warning else f"{reason}."
    return None


def hash_password(password: str) -> str:
    """The scrypt hash of `password`, with the configured cost."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; hashes a decoy when there is no account, to take as long."""
    if password_hash is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def _decoy_hash() -> str:
    cache = current_app.extensions.setdefault("aicb_decoy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash("decoy password for timing", method=method)
    return cache[method]
