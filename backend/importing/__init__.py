"""Bringing content in from elsewhere: `flask import stackexchange DIR`."""
