"""What members may do, below every feature that asks (no mail, no sessions here)."""

from __future__ import annotations

from ..domain import DomainError
from .models import User


class EmailNotVerified(DomainError):
    """Members who have not confirmed their address read the board but do not write to it."""

    status = 403


def check_verified(user: User) -> None:
    """Raise unless `user` has confirmed their address: the rule before anything they write."""
    if not user.is_verified:
        raise EmailNotVerified(
            "Confirm your email address first: follow the link we mailed you, "
            "or ask for a new one on the “Confirm your email” page."
        )
