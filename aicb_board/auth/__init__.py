"""Accounts: registration, sign-in, sessions, roles, password reset, `flask users …`."""
