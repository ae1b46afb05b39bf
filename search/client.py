"""The Meilisearch adapter: the only code that talks to the search engine.

A thin client over Meilisearch's REST API with one keep-alive HTTP session per thread:
search runs on every keystroke, so it pays for no new connection per query, and gunicorn
threads never share mutable request state. (The official Python client opens a new
connection per call and mutates headers shared between threads, so it is not used.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import requests


class SearchUnavailable(RuntimeError):
    """Meilisearch could not be reached or did not answer in time."""


class SearchError(RuntimeError):
    """Meilisearch answered with an error (bad request, failed task)."""

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


class SearchEngine:
    def __init__(self, url: str, api_key: str, index_prefix: str = "", timeout: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.prefix = index_prefix
        self.timeout = timeout
        self._local = threading.local()

    # -- plumbing ------------------------------------------------------------------

    def uid(self, name: str) -> str:
        return self.prefix + name

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # A fresh connection per request: on a kept-alive one, Meilisearch's two writes of
            # a larger answer meet the client's delayed ACK, and a 9 ms search takes 50 ms
            # (docs/benchmarks.md); a loopback connect costs well under a millisecond.
            session.headers.update({"Authorization": f"Bearer {self.api_key}", "Connection": "close"})
            # Answers are small and usually cross loopback: compressing them costs both
            # sides CPU for nothing. The URL is explicit: no proxy lookups per request.
            session.headers["Accept-Encoding"] = "identity"
            session.trust_env = False
            self._local.session = session
        return session

    def request(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        try:
            response = self._session().request(
                method, f"{self.url}{path}", json=body, timeout=timeout or self.timeout
            )
        except requests.RequestException as error:
            raise SearchUnavailable(f"Meilisearch at {self.url} is unreachable: {error}") from error
        if response.status_code >= 500:
            raise SearchUnavailable(f"Meilisearch answered {response.status_code}: {response.text[:200]}")
        if response.status_code >= 400:
            try:
                detail = response.json()
            except ValueError:
                detail = {"message": response.text[:200]}
            raise SearchError(detail.get("message", "Meilisearch error"), detail.get("code"))
        return response.json() if response.content else None

    def wait(self, task: dict[str, Any], timeout: float = 120.0) -> dict[str, Any]:
        """Wait for an enqueued task to finish; SearchError unless it succeeded."""
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            state = self.request("GET", f"/tasks/{task['taskUid']}")
            if state["status"] == "succeeded":
                return dict(state)
            if state["status"] in ("failed", "canceled"):
                error = state.get("error") or {}
                raise SearchError(error.get("message", f"task {state['status']}"), error.get("code"))
            if time.monotonic() > deadline:
                raise SearchUnavailable(f"Meilisearch task {task['taskUid']} still {state['status']}")
            time.sleep(delay)
            delay = min(delay * 2, 0.25)

    # -- indexes ---------------------------------------------------------------------

    def index_exists(self, name: str) -> bool:
        try:
            self.request("GET", f"/indexes/{self.uid(name)}")
            return True
        except SearchError as error:
            if error.code == "index_not_found":
                return False
            raise

    def create_index(self, name: str) -> None:
        if not self.index_exists(name):
            self.wait(self.request("POST", "/indexes", {"uid": self.uid(name), "primaryKey": "id"}))

    def apply_settings(self, name: str, settings: dict[str, Any]) -> bool:
        """Make the index's settings these; does nothing (and returns False) if they already are."""
        current = self.request("GET", f"/indexes/{self.uid(name)}/settings")
        if all(current.get(key) == value for key, value in settings.items()):
            return False
        self.wait(self.request("PATCH", f"/indexes/{self.uid(name)}/settings", settings), timeout=600)
        return True

    def delete_index(self, name: str) -> None:
        try:
            self.wait(self.request("DELETE", f"/indexes/{self.uid(name)}"))
        except SearchError as error:
            if error.code != "index_not_found":
                raise

    def swap(self, name: str, other: str) -> None:
        self.wait(self.request("POST", "/swap-indexes", [{"indexes": [self.uid(name), self.uid(other)]}]))

    def document_count(self, name: str) -> int:
        return int(self.request("GET", f"/indexes/{self.uid(name)}/stats")["numberOfDocuments"])

    # -- documents -------------------------------------------------------------------

    def put_documents(
        self, name: str, documents: Sequence[dict[str, Any]], wait: bool = True
    ) -> dict[str, Any]:
        task = self.request("POST", f"/indexes/{self.uid(name)}/documents?primaryKey=id", list(documents))
        return self.wait(task, timeout=600) if wait else dict(task)

    def delete_documents(self, name: str, ids: Sequence[int]) -> None:
        self.wait(self.request("POST", f"/indexes/{self.uid(name)}/documents/delete-batch", list(ids)))

    def get_document(self, name: str, document_id: int) -> dict[str, Any] | None:
        try:
            return dict(self.request("GET", f"/indexes/{self.uid(name)}/documents/{document_id}"))
        except SearchError as error:
            if error.code == "document_not_found":
                return None
            raise

    # -- search ----------------------------------------------------------------------

    def search(self, name: str, query: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        return dict(self.request("POST", f"/indexes/{self.uid(name)}/search", query, timeout=timeout))
