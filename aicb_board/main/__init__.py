"""The home page and the liveness endpoint."""
