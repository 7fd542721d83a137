"""Account rules: register, verify addresses, sign in, passwords, profiles and roles.

Plain functions: they never touch the request and never commit; the caller commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..mail import clear_bounces, send_mail
from . import names
from .models import Role, User
from .passwords import hash_password, password_problem, verify_password
from .rules import EmailNotVerified, check_verified  # noqa: F401  (members' rules, as before)

RESET_SALT = "aicb-board.password-reset"
VERIFY_SALT = "aicb-board.email-verification"


def normalise_email(email: str) -> str:
    """The address as stored: trimmed, lower-cased (we treat addresses case-insensitively)."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account registered with `email`, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_rules(password: str, *, email: str = "", display_name: str = "") -> None:
    """Raise when `password` breaks the password rules."""
    problem = password_problem(password, user_inputs=(email, display_name))
    if problem:
        raise DomainError(problem, field="password")


def register(
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.MEMBER,
    verified: bool = False,
) -> User:
    """Create an account; raise when the address is taken or the password is weak.

    `verified` is for accounts an operator creates (admins, demo data): nobody needs to
    prove they own an address the operator typed.
    """
    try:
        email = normalise_email(validate_email(email, check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise DomainError(f"Enter a valid email address ({error}).", field="email") from error
    if find_user(email):
        raise DomainError(
            "An account with this email already exists. Sign in, or reset your password.",
            field="email",
        )
    display_name = checked_display_name(display_name, role=role)
    check_password_rules(password, email=email, display_name=display_name)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role.value,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def checked_display_name(name: str, *, role: Role, user_id: int | None = None) -> str:
    """The name in its stored form; raise when it is empty or could pass for staff.

    Moderators and admins are staff: they may call themselves so.
    """
    name = names.normalise(name)
    if not 2 <= len(name) <= names.MAX_LENGTH:
        raise DomainError(
            f"Enter a name of 2 to {names.MAX_LENGTH} visible characters.",
            field="display_name",
            status=422,
        )
    if role in (Role.MODERATOR, Role.ADMIN):
        return name
    staff = db.session.scalars(
        select(User.display_name).where(
            User.role.in_([Role.MODERATOR.value, Role.ADMIN.value]), User.id != (user_id or 0)
        )
    )
    problem = names.impersonation_problem(name, staff)
    if problem:
        raise DomainError(problem, field="display_name", status=422)
    return name


def authenticate(*, email: str, password: str) -> User | None:
    """The account when email and password match; None otherwise, taking the same time."""
    user = find_user(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    return user


def record_sign_in(user: User) -> None:
    """Remember when the member last signed in."""
    user.last_login_at = utcnow()


def end_other_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie issued to `user` so far."""
    user.session_version = (user.session_version or 1) + 1


def set_password(user: User, password: str) -> None:
    """Store a new password (checked against the rules) and end the user's sessions."""
    check_password_rules(password, email=user.email, display_name=user.display_name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_other_sessions(user)


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change the password of a signed-in member who knows the current one."""
    if not verify_password(user.password_hash, current_password):
        raise DomainError("Your current password is not correct.", field="current_password")
    set_password(user, new_password)
    send_mail(
        to=user.email,
        subject="Your AICB Board password was changed",
        body=render_template("mail/password_changed.txt", user=user),
        essential=True,  # a security notice: sent even to an address that bounced
    )


def update_profile(
    user: User, *, display_name: str, headline: str, linkedin_url: str, bio: str
) -> None:
    """Save the member's public profile fields; raise when the name could pass for staff."""
    user.display_name = checked_display_name(display_name, role=Role(user.role), user_id=user.id)
    user.headline = headline.strip()
    user.linkedin_url = linkedin_url.strip()
    user.bio = bio.strip()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # A token names the password it may replace, so it works once: after the reset the
    # hash changes and the token no longer matches.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """A signed token that lets `user` choose a new password, once, for a limited time."""
    return _reset_serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to; None otherwise."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or data.get("pw") != _password_fingerprint(user):
        return None
    return user


def request_password_reset(*, email: str, link_for: Callable[[str], str]) -> None:
    """Mail a reset link when the address has an account, else say there is none.

    Either way a mail goes out, so the answer on the page and the time it takes are the
    same whether or not the address is registered.
    """
    address = normalise_email(email)
    user = find_user(address)
    if user is None:
        body = render_template("mail/reset_unknown.txt", email=address)
    else:
        link = link_for(make_reset_token(user))
        max_minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
        body = render_template("mail/reset_password.txt", user=user, link=link, minutes=max_minutes)
    send_mail(to=address, subject="Reset your AICB Board password", body=body, essential=True)


def count_admins() -> int:
    """How many admins the board has."""
    return db.session.scalar(select(func.count()).where(User.role == Role.ADMIN.value)) or 0


def set_role(user: User, role: Role) -> None:
    """Give `user` a role; the last admin cannot be demoted."""
    if user.role == Role.ADMIN and role != Role.ADMIN and count_admins() <= 1:
        raise DomainError("This is the last admin: make someone else admin first.")
    user.role = role.value


def _verify_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=VERIFY_SALT)


def make_verification_token(user: User) -> str:
    """A signed, expiring token that proves `user` reads mail sent to their current address."""
    return _verify_serializer().dumps({"uid": user.id, "email": user.email})


def user_for_verification_token(token: str) -> User | None:
    """The user a valid, unexpired token names, while their address is still the one mailed."""
    max_age = current_app.config["EMAIL_VERIFICATION_MAX_AGE"]
    try:
        data = _verify_serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or data.get("email") != user.email:
        return None
    return user


def send_verification(user: User, *, link_for: Callable[[str], str]) -> None:
    """Mail `user` a link that confirms their address."""
    hours = current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 3600
    body = render_template(
        "mail/verify_email.txt",
        user=user,
        link=link_for(make_verification_token(user)),
        hours=hours,
    )
    send_mail(
        to=user.email, subject="Confirm your AICB Board email address", body=body, essential=True
    )


def verify_email(user: User) -> bool:
    """Mark the address confirmed; False when it already was (following a link twice is fine).

    Following the link proves the mailbox works: its bounces are forgotten.
    """
    clear_bounces(user.email)
    if user.is_verified:
        return False
    user.email_verified_at = utcnow()
    return True
