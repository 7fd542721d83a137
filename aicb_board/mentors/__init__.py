"""Mentor profiles and mentorship requests."""
