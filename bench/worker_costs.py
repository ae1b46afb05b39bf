"""CPU per request in a real gunicorn worker, signed out and signed in, side by side.

    python -m bench.worker_costs [--size 100000] [--seconds 4] [--rounds 3] [--spy DIR]

In process (bench.reader_costs) a request runs in a tight loop with every cache warm; in a
gunicorn worker, between accepting and parsing and answering connections, the same code costs
more, and not in the same proportions. Here one worker serves the bench database under wrk (4
connections, 1 thread), and the worker's own CPU time (/proc/<pid>/stat, user + system) is
divided by the requests it answered: the first list page and one cached thread, signed out
and signed in (as a member who has posted nothing, with the browser they signed in with),
alternating, each `--rounds` times; the median is reported. The bare Flask app of the
ceiling is measured first, the same way, for scale.

With `--spy DIR` (and py-spy installed: `pip install py-spy`), each pair is sampled once more
with `py-spy record --format raw` into DIR, for comparing where the time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

from bench.api_bench import READER_AGENT, database_for, sign_in
from bench.load import gunicorn, worker_pids, wrk, wrk_command

REQUESTS = {
    "list page 1": "/api/v1/questions?sort=newest&page=1",
    "a cached thread": "/api/v1/questions/{thread}",
}


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spy", type=Path, help="also sample each request with py-spy into this folder")
    args = parser.parse_args()
    if args.spy and not shutil.which("py-spy"):
        parser.error("--spy needs py-spy on PATH (pip install py-spy)")
    db = database_for(args.size, False)
    _bare(args)
    with gunicorn(
        "backend:create_app()", "/api/v1/questions", {"DATABASE_URL": f"sqlite:///{db}"}, workers=1
    ) as base:
        (worker,) = worker_pids(base)
        cookie = sign_in(base)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            (thread,) = con.execute("SELECT min(id) FROM questions WHERE answer_count > 2").fetchone()
        readers = {
            "signed out": {"User-Agent": READER_AGENT},
            "signed in": {"User-Agent": READER_AGENT, "Cookie": cookie},
        }
        print(f"{args.size} questions, one gunicorn worker (pid {worker}), wrk -t1 -c4 -d{args.seconds:g}s")
        for name, template in REQUESTS.items():
            url = base + template.format(thread=thread)
            costs: dict[str, list[float]] = {reader: [] for reader in readers}
            rates: dict[str, list[float]] = {reader: [] for reader in readers}
            for _ in range(args.rounds):
                for reader, headers in readers.items():
                    before = _cpu_seconds(worker)
                    result = wrk(url, args.seconds, 4, 1, headers=headers)
                    assert result.non_2xx == 0 and result.socket_errors == 0, result
                    costs[reader].append((_cpu_seconds(worker) - before) * 1e6 / result.requests)
                    rates[reader].append(result.requests_per_s)
            out, signed = (statistics.median(costs[r]) for r in readers)
            for reader in readers:
                cost, rate = statistics.median(costs[reader]), statistics.median(rates[reader])
                print(f"{name:<16} {reader:<11} {cost:5.0f} us of worker CPU a request ({rate:5.0f} req/s)")
            print(f"{name:<16} signed in costs {signed - out:+.0f} us ({signed / out:.2f}x)")
            if args.spy:
                args.spy.mkdir(parents=True, exist_ok=True)
                for reader, headers in readers.items():
                    _spy(
                        worker,
                        url,
                        headers,
                        args.spy / f"{name.replace(' ', '-')}-{reader.replace(' ', '-')}.txt",
                    )
    return 0


def _bare(args: argparse.Namespace) -> None:
    """The bare Flask app (the ceiling's) measured the same way, for scale."""
    with gunicorn("bench.bare_app:create_app()", "/bare", {}, workers=1) as base:
        (worker,) = worker_pids(base)
        costs = []
        for _ in range(args.rounds):
            before = _cpu_seconds(worker)
            result = wrk(base + "/bare", args.seconds, 4, 1, headers={"User-Agent": READER_AGENT})
            assert result.non_2xx == 0 and result.socket_errors == 0, result
            costs.append((_cpu_seconds(worker) - before) * 1e6 / result.requests)
    print(f"{'bare Flask':<28} {statistics.median(costs):5.0f} us of worker CPU a request")


def _spy(worker: int, url: str, headers: dict[str, str], out: Path) -> None:
    load = subprocess.Popen(wrk_command(url, 12, 4, 1, headers=headers), stdout=subprocess.DEVNULL)
    time.sleep(1)
    spy = [
        "py-spy",
        "record",
        "-p",
        str(worker),
        "-d",
        "9",
        "-r",
        "400",
        "-f",
        "raw",
        "-o",
        str(out),
        "--nonblocking",
    ]
    subprocess.run(spy, check=True, capture_output=True)
    load.wait()
    print(f"sampled: {out}")


if __name__ == "__main__":
    raise SystemExit(main())
