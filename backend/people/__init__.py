"""Admins' page of people: find accounts, change roles, deactivate, reactivate, delete."""
