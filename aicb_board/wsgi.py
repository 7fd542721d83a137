"""The WSGI entry point of the installed package: `gunicorn aicb_board.wsgi:app`."""

from aicb_board import create_app

app = create_app()
