"""Badges: recognition for helping, awarded once, celebrated with a notification."""
