"""Notifications: what concerns a member, on `/me/notifications` and (by their choice) by mail."""
