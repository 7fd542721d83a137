"""Search tests use the roles' cast of people."""

from tests.roles.conftest import people  # noqa: F401 - a fixture, shared
