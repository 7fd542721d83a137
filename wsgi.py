"""The WSGI entry point in a checkout: `gunicorn wsgi:app` (installed: `aicb_board.wsgi:app`)."""

from aicb_board.wsgi import app

__all__ = ["app"]
