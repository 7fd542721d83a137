"""The moderation blueprint with all its pages, as the app factory mounts it."""

from __future__ import annotations

from . import member_views, moderator_views
from .blueprint import bp

__all__ = ["bp", "member_views", "moderator_views"]  # the route modules join bp on import
