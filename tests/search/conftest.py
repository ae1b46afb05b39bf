"""A real Meilisearch for the search tests: one server per test session (per xdist worker),
and a fresh index prefix for every test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from search.client import SearchEngine
from search.server import MeiliServer, find_binary, start
from search.sync import LIVE_INDEX

ROOT = Path(__file__).resolve().parents[2]
MASTER_KEY = "test-master-key-" + "x" * 24


@pytest.fixture(scope="session")
def meili_binary() -> Path:
    return find_binary(ROOT, os.environ.get("MEILI_BIN"))


@pytest.fixture(scope="session")
def meili(meili_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeiliServer]:
    server = start(meili_binary, tmp_path_factory.mktemp("meili"), MASTER_KEY)
    yield server
    server.stop()


@pytest.fixture
def index_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}_"


@pytest.fixture
def app_config(meili: MeiliServer, index_prefix: str) -> dict:
    return {"MEILI_URL": meili.url, "MEILI_MASTER_KEY": meili.master_key, "MEILI_INDEX_PREFIX": index_prefix}


@pytest.fixture
def engine(meili: MeiliServer, index_prefix: str) -> Iterator[SearchEngine]:
    engine = SearchEngine(meili.url, meili.master_key, index_prefix)
    yield engine
    engine.delete_index(LIVE_INDEX)


@pytest.fixture
def sync(app: Flask):
    """Push pending changes to Meilisearch now, as the worker would."""

    def run() -> str:
        result = app.test_cli_runner().invoke(args=["search", "sync"])
        assert result.exit_code == 0, result.output
        return result.output

    return run
