"""The moderation engine shared by every kind of member content."""
