"""Account pages: register, confirm the address, sign in and out, password reset, settings."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..domain import DomainError
from ..extensions import db, limiter
from ..logs import email_fingerprint
from ..web import render_form, safe_next
from . import services
from .forms import (
    AccountForm,
    ChangePasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
    VerificationForm,
)
from .sessions import end_session, start_session

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)


def _failed(response) -> bool:
    """Only attempts that did not succeed count against the sign-in limits."""
    return response.status_code != 302


def _login_account_key() -> str:
    """One account guessed at from one address: strangers' failures never lock out its owner."""
    email = services.normalise_email(request.form.get("email", ""))[:254]
    return f"login-account:{get_remote_address()}:{email}"


def _account_key() -> str:
    return f"account:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


def _mail_verification_link(user) -> None:
    services.send_verification(
        user, link_for=lambda token: url_for("auth.verify_email", token=token, _external=True)
    )


def _show_domain_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    """Create an account, mail the link that confirms its address, and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
            )
            _mail_verification_link(user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            _show_domain_error(form, error)
        except IntegrityError:  # the same address registered a moment ago (a double submit)
            db.session.rollback()
            _show_domain_error(
                form, DomainError("This email is already registered.", field="email")
            )
        else:
            start_session(user)
            flash(
                f"Welcome to AICB Board, {user.display_name}. We mailed you a link: "
                "follow it to confirm your address, then you can post.",
                "success",
            )
            return redirect(safe_next(request, url_for("main.home")))
    return render_form("auth/register.html", form)


@bp.route("/auth/verify", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["MAIL_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["MAIL_RATE_LIMIT"], key_func=_account_key, methods=["POST"]
)
def verification():
    """Where a member stands with their address, and a button to mail the link again."""
    form = VerificationForm()
    if current_user.is_verified:
        if request.method == "POST":
            flash("Your email address is already confirmed.", "info")
            return redirect(url_for("auth.verification"))
        return render_template("auth/verify.html", form=form)
    if form.validate_on_submit():
        _mail_verification_link(current_user)
        db.session.commit()
        flash(f"A new link is on its way to {current_user.email}.", "info")
        return redirect(safe_next(request, url_for("auth.verification")))
    return render_form("auth/verify.html", form)


@bp.route("/auth/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """The mailed link: a button that confirms the address; pressing it again changes nothing."""
    user = services.user_for_verification_token(token)
    if user is None:
        return render_template("auth/verify_invalid.html"), 400
    # A button, not the GET itself: mail scanners open links, and on SQLite a GET does not
    # take the write lock up front, so writing there can fail under load.
    form = VerificationForm()
    if not form.validate_on_submit():
        return render_form("auth/verify_confirm.html", form, user=user, token=token)
    if services.verify_email(user):
        db.session.commit()
    flash("Your email address is confirmed. Welcome aboard.", "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("main.home"))
    return redirect(url_for("auth.login"))


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request, "")
    if form.validate_on_submit():
        user = services.authenticate(email=form.email.data, password=form.password.data)
        if user is None:
            _log_failed_sign_in(form.email.data, "no such account or wrong password")
            form.form_errors.append("That email and password do not match an account.")
        elif user.is_suspended:
            _log_failed_sign_in(form.email.data, "account suspended")
            form.form_errors.append(
                "This account is suspended. Write to the moderators if you think this is wrong."
            )
        else:
            start_session(user, remember=form.remember.data)
            services.record_sign_in(user)
            db.session.commit()
            flash(f"Welcome back, {user.display_name}.", "success")
            return redirect(safe_next(request, url_for("main.home")))
    return render_form("auth/login.html", form)


def _log_failed_sign_in(email: str, why: str) -> None:
    # The address only as a keyed hash (repeated failures on one account still match up);
    # the password never.
    log.warning(
        "Sign-in failed (%s) for account %s from %s",
        why,
        email_fingerprint(email),
        request.remote_addr,
        extra={
            "event": "sign_in_failed",
            "account": email_fingerprint(email),
            "client": request.remote_addr,
        },
    )


@bp.post("/auth/logout")
@login_required
def logout():
    """Sign out here and everywhere else this account is signed in."""
    services.end_other_sessions(current_user)
    db.session.commit()
    end_session()
    flash("You are signed out.", "info")
    return redirect(url_for("main.home"))


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_RATE_LIMIT"], methods=["POST"])
def reset_request():
    """Ask for a password reset link by mail."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(
            email=form.email.data,
            link_for=lambda token: url_for("auth.reset_password", token=token, _external=True),
        )
        db.session.commit()
        flash(
            "If that address has an account, a reset link is on its way. "
            "Check your inbox (and spam folder).",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_form("auth/reset_request.html", form)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a mailed link."""
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except DomainError as error:
            db.session.rollback()
            _show_domain_error(form, error)
        else:
            db.session.commit()
            end_session()
            flash("Your password is changed. Sign in with the new one.", "success")
            return redirect(url_for("auth.login"))
    return render_form("auth/reset_password.html", form, token=token)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The member's settings: display name, headline, LinkedIn, bio."""
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                display_name=form.display_name.data,
                headline=form.headline.data or "",
                linkedin_url=form.linkedin_url.data or "",
                bio=form.bio.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            _show_domain_error(form, error)
        else:
            db.session.commit()
            flash("Your settings are saved.", "success")
            return redirect(url_for("auth.account"))
    return render_form("auth/account.html", form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(
                user, current_password=form.current_password.data, new_password=form.password.data
            )
        except DomainError as error:
            db.session.rollback()
            _show_domain_error(form, error)
        else:
            db.session.commit()
            start_session(user)  # this session carries on with the new session version
            flash("Your password is changed. You were signed out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    return render_form("auth/change_password.html", form)
