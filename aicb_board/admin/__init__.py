"""Admin pages: the development mail outbox (people management comes with moderation)."""
