"""Prometheus metrics at GET /metrics: request latency by endpoint and status, searches the
database answered because Meilisearch could not, and (read from the database at each
scrape) the outboxes' backlog and age and the mail sent and failed.

Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (`make
run` sets it) the workers' figures are written there and added up at each scrape, whichever
worker answers it. Only the addresses in METRICS_ALLOWED_IPS may read them (loopback unless
set; "*" for any)."""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from backend.errors import Forbidden
from backend.monitoring.backlog import BacklogCollector

blp = Blueprint("metrics", __name__)

# This process's own figures (in PROMETHEUS_MULTIPROC_DIR when it is set).
_OWN = CollectorRegistry(auto_describe=True)
REQUEST_SECONDS = Histogram(
    "commonplace_http_request_duration_seconds",
    "Time to answer a request, by endpoint, method and status",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=_OWN,
)
SEARCH_FALLBACKS = Counter(
    "commonplace_search_fallbacks",
    "Searches the database answered because Meilisearch could not",
    registry=_OWN,
)


def init_app(app: Flask) -> None:
    app.extensions["metrics_networks"] = allowed_networks(app.config["METRICS_ALLOWED_IPS"])
    app.before_request(_start_clock)
    app.after_request(_observe)
    app.register_blueprint(blp)
    app.extensions["metrics_backlog"] = BacklogCollector(app)


def _start_clock() -> None:
    g.request_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        observe(request.endpoint or "unmatched", request.method, response.status_code, started)
    return response


def observe(endpoint: str, method: str, status: int, started: float) -> None:
    """A request answered: its time since `started` (time.perf_counter)."""
    REQUEST_SECONDS.labels(endpoint, method, str(status)).observe(time.perf_counter() - started)


@blp.route("/metrics", methods=["GET"])
def metrics() -> Response:
    if not _allowed(request.remote_addr or "", current_app.extensions["metrics_networks"]):
        raise Forbidden("Metrics are not served to this address (METRICS_ALLOWED_IPS).")
    scrape = _Scrape(_own_figures(), current_app.extensions["metrics_backlog"])
    return Response(generate_latest(scrape), mimetype=CONTENT_TYPE_LATEST)


def _own_figures() -> Any:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return MultiProcessCollector(None)  # every worker's, added up
    return _OWN


class _Scrape:
    """What one scrape reports: several collectors read as one registry."""

    def __init__(self, *sources: Any) -> None:
        self.sources = sources

    def collect(self) -> Iterator[Any]:
        for source in self.sources:
            yield from source.collect()


Networks = list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None  # None: any address


def allowed_networks(setting: str) -> Networks:
    """METRICS_ALLOWED_IPS ("10.0.0.0/8, 127.0.0.1", or "*"), refused at start when malformed."""
    entries = [entry.strip() for entry in setting.split(",") if entry.strip()]
    if "*" in entries:
        return None
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as error:
        raise RuntimeError(f"METRICS_ALLOWED_IPS: {error}") from None


def _allowed(address: str, networks: Networks) -> bool:
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
