"""Relevance benchmark for GET /api/v1/questions/similar (see docs/search-relevance.md).

Run: .venv/bin/python -m bench.relevance.run
"""
