"""The roles' scheduled job: close roles past their date, remind authors before."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from huey import crontab

from ..extensions import db
from ..tasks import huey, in_app
from ..web import site_request_context
from . import services


def expire_roles(*, now: datetime | None = None) -> tuple[int, int]:
    """Archive roles past their date and remind authors before; commits."""
    with site_request_context():
        result = services.expire_roles(
            now=now,
            manage_path=lambda role: url_for("roles.manage", item_id=role.id),
        )
        db.session.commit()
    return result


@huey.periodic_task(crontab(minute="7"))
def expire_roles_task() -> tuple[int, int]:
    """Hourly: role expiry and reminders."""
    return in_app(expire_roles)
