"""Full-text search across roles, mentor profiles and stories."""
