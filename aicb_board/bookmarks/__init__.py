"""Bookmarks: a member keeps public items of any kind to read again (`/me/saved`)."""
