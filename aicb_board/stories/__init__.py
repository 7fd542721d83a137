"""Sideways-move stories."""
