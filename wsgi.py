"""The WSGI entry point: `gunicorn wsgi:app`."""

from aicb_board import create_app

app = create_app()
