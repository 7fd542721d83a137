"""Full-text search across every kind of published content."""


class SearchUnavailable(Exception):
    """The index cannot be read now (missing, corrupted or from an older version)."""
