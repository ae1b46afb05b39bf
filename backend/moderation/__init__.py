"""Moderation with a light touch: flags, hiding pending review, soft labels, suggested edits,
locks, duplicates, suspensions, privileges by reputation, rate limits, and the audit log."""
