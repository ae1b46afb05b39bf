"""Expertise location: who really knows a topic, and inviting them to answer."""
