"""The Meilisearch side of Commonplace: index settings, documents, the outbox sync, reindex.

Knows nothing of Flask or the API: the backend hands it plain documents and ids.
"""
