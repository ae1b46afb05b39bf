"""Serving and loading: gunicorn started and stopped around a block, wrk run and parsed."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2


def gunicorn_command(app_spec: str, port: int, threads: int = 1, workers: int = WORKERS) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    return [*command, *(["--threads", str(threads)] if threads > 1 else []), app_spec]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(
    app_spec: str,
    ready_path: str,
    env: dict[str, str] | None = None,
    threads: int = 1,
    workers: int = WORKERS,
) -> Iterator[str]:
    """Serve app_spec with gunicorn (sync workers unless threads > 1, default settings, rate
    limits on as in production: they guard writes only); yields the base URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="commonplace-bench-instance-") as instance:
        full_env = {
            **os.environ,
            "COMMONPLACE_INSTANCE": instance,
            # One key for both workers (each would otherwise race to create instance/secret_key).
            "SECRET_KEY": secrets.token_hex(32),
            **(env or {}),
        }
        command = gunicorn_command(app_spec, port, threads, workers)
        proc = subprocess.Popen(command, cwd=ROOT, env=full_env, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base + ready_path, proc)
            yield base
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout}s")


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    command: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unparsed latency {text!r}")
    return float(match[1]) * _UNIT_MS[match[2]]


def parse_wrk(output: str, command: str) -> WrkResult:
    def find(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise ValueError(f"wrk output lacks {pattern!r}:\n{output}")
        return match

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests_per_s=float(find(r"^Requests/sec:\s+([\d.]+)")[1]),
        p50_ms=_ms(find(r"^\s+50%\s+(\S+)")[1]),
        p99_ms=_ms(find(r"^\s+99%\s+(\S+)")[1]),
        requests=int(find(r"^\s+(\d+) requests in")[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        command=command,
    )


def wrk(
    url: str,
    duration: float,
    connections: int,
    threads: int,
    script: Path | None = None,
    headers: dict[str, str] | None = None,
) -> WrkResult:
    command = wrk_command(url, duration, connections, threads, script, headers)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout, " ".join(command))


def wrk_command(
    url: str,
    duration: float,
    connections: int,
    threads: int,
    script: Path | None = None,
    headers: dict[str, str] | None = None,
) -> list[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    return [*command, url]


def worker_pids(base: str) -> list[int]:
    """The worker processes of the gunicorn serving base (http://127.0.0.1:PORT)."""
    port = base.rsplit(":", 1)[1]
    found = subprocess.run(["pgrep", "-f", f"gunicorn .*127.0.0.1:{port}"], capture_output=True, text=True)
    masters = found.stdout.split()
    children = (subprocess.run(["pgrep", "-P", m], capture_output=True, text=True) for m in masters)
    return [int(pid) for done in children for pid in done.stdout.split()]


def thread_offsets_lua(step: int) -> str:
    """Lua that starts each wrk thread's `counter` `step` requests after the last thread's."""
    return f"""\
threads_started = 0
function setup(thread)
  threads_started = threads_started + 1
  thread:set("offset", threads_started * {step})
end
function init(args)
  counter = offset or 0
end
"""


ROTATING_PATHS_LUA = """\
-- Rotate over a fixed list of paths so no single row stays hot; each wrk thread
-- starts at a different place in the list.
paths = {%s}
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def rotating_paths_script(paths: list[str], directory: Path) -> Path:
    script = directory / "rotate.lua"
    script.write_text(thread_offsets_lua(397) + ROTATING_PATHS_LUA % ", ".join(f'"{p}"' for p in paths))
    return script
