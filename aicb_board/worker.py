"""The consumer's entry point: `huey_consumer aicb_board.worker.huey`."""

from . import create_app
from .tasks import huey

app = create_app()

__all__ = ["app", "huey"]
