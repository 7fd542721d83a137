"""Tests of bookmarks and the saved list."""
