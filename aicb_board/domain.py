"""Domain errors: what a service refuses, in words a member can read."""


class DomainError(Exception):
    """A rule of the board refused an action; the message is shown to the user."""

    status = 409

    def __init__(
        self, message: str, *, field: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
