"""The Meilisearch adapter: the only code that talks to the search engine.

A thin client over Meilisearch's REST API on the standard library's http.client: search
runs on every keystroke, and a general-purpose HTTP stack (sessions, adapters, pools, hooks)
cost more CPU per search than our whole view. Each call opens its own loopback connection,
so gunicorn threads share nothing mutable. (The official Python client mutates headers
shared between threads, so it is not used.)
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit


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
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"MEILI_URL must be an http(s) URL, not {url!r}")
        self._connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        self._host, self._port, self._path = parts.hostname, parts.port, parts.path
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            # A fresh connection per request: on a kept-alive one, Meilisearch's two writes of
            # a larger answer meet the client's delayed ACK, and a 9 ms search takes 50 ms
            # (docs/benchmarks.md); a loopback connect costs well under a millisecond.
            "Connection": "close",
            # Answers are small and usually cross loopback: compressing them costs both
            # sides CPU for nothing.
            "Accept-Encoding": "identity",
        }

    # -- plumbing ------------------------------------------------------------------

    def uid(self, name: str) -> str:
        return self.prefix + name

    def request(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        headers = self._headers
        payload = None
        if body is not None:
            payload = json.dumps(body, separators=(",", ":")).encode()
            headers = {**headers, "Content-Type": "application/json"}
        connection = self._connection_class(self._host, self._port, timeout=timeout or self.timeout)
        try:
            connection.request(method, self._path + path, body=payload, headers=headers)
            response = connection.getresponse()
            status, content = response.status, response.read()
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out
            raise SearchUnavailable(f"Meilisearch at {self.url} is unreachable: {error!r}") from error
        finally:
            connection.close()
        if status >= 500:
            raise SearchUnavailable(f"Meilisearch answered {status}: {content[:200]!r}")
        if status >= 400:
            try:
                detail = json.loads(content)
            except ValueError:
                detail = {"message": content[:200].decode(errors="replace")}
            raise SearchError(detail.get("message", "Meilisearch error"), detail.get("code"))
        return json.loads(content) if content else None

    def is_healthy(self) -> bool:
        """Whether Meilisearch answers its health check (a cheap call, no index touched)."""
        try:
            return (self.request("GET", "/health", timeout=1.0) or {}).get("status") == "available"
        except (SearchUnavailable, SearchError):
            return False

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

    def delete_documents(self, name: str, ids: Sequence[int | str]) -> None:
        self.wait(self.request("POST", f"/indexes/{self.uid(name)}/documents/delete-batch", list(ids)))

    def get_document(self, name: str, document_id: int | str) -> dict[str, Any] | None:
        try:
            return dict(self.request("GET", f"/indexes/{self.uid(name)}/documents/{document_id}"))
        except SearchError as error:
            if error.code == "document_not_found":
                return None
            raise

    # -- search ----------------------------------------------------------------------

    def search(self, name: str, query: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        return dict(self.request("POST", f"/indexes/{self.uid(name)}/search", query, timeout=timeout))

    def multi_search(
        self, name: str, queries: Sequence[dict[str, Any]], timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Several searches of one index in one round trip, answered in order."""
        body = {"queries": [{"indexUid": self.uid(name), **query} for query in queries]}
        return list(self.request("POST", "/multi-search", body, timeout=timeout)["results"])
