"""Saved searches and alerts: a member saves any filtered list or search, and each newly
published item is matched against every saved search (`matching.py`), once."""
