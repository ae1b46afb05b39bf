"""Outgoing mail: activity and digests, sent from a durable outbox by the mail worker."""
