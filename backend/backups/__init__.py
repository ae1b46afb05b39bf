"""Backups that restore: the whole database in its engine's own format (the search index is
rebuilt from it, so it needs no backup of its own)."""
