"""The database side of search: the outbox that records changes, and the documents built from threads."""
