"""AI leadership role postings."""
