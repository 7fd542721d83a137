"""Fixtures for the site-wide pages: roles to list come from the roles tests."""

from tests.roles.conftest import add_roles  # noqa: F401  (a fixture used here)
