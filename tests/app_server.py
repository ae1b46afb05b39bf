"""The app served by gunicorn on a free loopback port, as a host in production runs it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.mail_server import free_port

ROOT = Path(__file__).resolve().parents[1]


def start_gunicorn(
    env: dict[str, str], ready_path: str, workers: int = 1, threads: int = 1
) -> tuple[str, subprocess.Popen]:
    """Start it and wait until `ready_path` answers; returns its base URL and its process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning", "backend:create_app()"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(url + ready_path, timeout=10)
            return url, process
        except requests.RequestException:
            assert time.monotonic() < deadline and process.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
