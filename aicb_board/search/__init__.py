"""Full-text search across roles, mentor profiles and stories."""


class SearchUnavailable(Exception):
    """The index cannot be read now (missing, corrupted or from an older version)."""
