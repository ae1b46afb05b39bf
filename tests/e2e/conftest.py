"""End-to-end fixtures: the API and the built frontend served on a free loopback port, a real
Meilisearch kept in sync by a worker thread, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from search.server import MeiliServer
from tests.search.conftest import index_prefix, meili, meili_binary  # noqa: F401 (shared fixtures)

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "frontend" / "dist"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SYNC_EVERY = 0.2  # seconds; the real worker polls every 0.1


@pytest.fixture(scope="session")
def dist() -> Path:
    if not (DIST / "index.html").is_file():
        pytest.fail("frontend/dist is missing: `make frontend` (npm run build) first.")
    return DIST


@pytest.fixture
def app_config(meili: MeiliServer, index_prefix: str, dist: Path) -> dict:  # noqa: F811
    return {
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": index_prefix,
        "FRONTEND_DIST": str(dist),
    }


def _sync_until(app: Flask, ready: threading.Event, stop: threading.Event) -> None:
    """What `flask search worker` does: push pending changes to Meilisearch, continuously.

    The command runs in this thread (not a CLI runner, whose output capture is process-wide).
    """
    with app.app_context():
        search = app.cli.get_command(click.Context(app.cli), "search")
        assert isinstance(search, click.Group)
        sync = search.get_command(click.Context(search), "sync")
        assert sync is not None
        while True:
            try:
                with click.Context(sync) as context:
                    context.invoke(sync)
            except click.ClickException as error:
                print("search sync failed:", error.message)
            ready.set()
            if stop.wait(SYNC_EVERY):
                return


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass  # a line per request buries the failure that matters


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    ready, stop = threading.Event(), threading.Event()
    syncing = threading.Thread(target=_sync_until, args=(app, ready, stop), daemon=True)
    serving.start()
    syncing.start()
    # The first pass creates the index (a few seconds); pages search from the start.
    assert ready.wait(60), "the search index was not ready within a minute"
    yield f"http://127.0.0.1:{server.server_port}"
    stop.set()
    server.shutdown()
    serving.join(5)
    syncing.join(10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM).")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
    yield browser
    browser.close()


class Visitor:
    """One person in their own browser context (own cookies), on the live site."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.page.set_default_timeout(10_000)

    def go(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page


@pytest.fixture
def visitors(browser: Browser, live_server: str) -> Iterator[Any]:
    """visitors() opens a new browser context: a new person at the desktop size."""
    contexts: list[BrowserContext] = []

    # Anything the Content-Security-Policy blocked: a page that needs it blocked is broken.
    refused: list[str] = []
    # An exception no code caught: a page that threw is broken, even if the test's steps passed.
    thrown: list[str] = []

    def open_visitor() -> Visitor:
        context = browser.new_context(viewport=DESKTOP)
        context.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        context.on("page", lambda page: page.on("pageerror", lambda error: thrown.append(str(error))))
        contexts.append(context)
        return Visitor(context, live_server)

    open_visitor.refused = refused  # type: ignore[attr-defined]  # for tests that provoke one
    yield open_visitor
    for context in contexts:
        context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"
    assert not thrown, f"a page threw: {thrown}"
