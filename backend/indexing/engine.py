"""The app's search engine handle, built from MEILI_URL / MEILI_MASTER_KEY / MEILI_INDEX_PREFIX."""

from __future__ import annotations

from flask import Flask, current_app

from search.client import SearchEngine


def init_app(app: Flask) -> None:
    config = app.config
    app.extensions["search_engine"] = (
        SearchEngine(
            config["MEILI_URL"],
            config["MEILI_MASTER_KEY"],
            index_prefix=config["MEILI_INDEX_PREFIX"],
            timeout=config["SEARCH_TIMEOUT"],
        )
        if config["MEILI_URL"]
        else None
    )


def search_engine() -> SearchEngine | None:
    """The configured engine, or None when this install has no search engine."""
    engine: SearchEngine | None = current_app.extensions.get("search_engine")
    return engine
