"""A soak: mixed traffic for ten minutes at about 80% of what the site serves, watching
errors, p99 over time and each process's memory.

    python -m bench.soak [--size 100000] [--minutes 10] [--share 0.8]

On the generated database (bench/out/bench-<size>.db, copied) with a real Meilisearch
(indexed first, without the model), the API served as `make run` serves it (gunicorn, 2
workers of 4 threads) and the search sync worker running. The traffic is wrk's, from one
Lua script, in the proportions of the issue: 70% reads (a thread, rotating over random
ones, or a list page), 20% searches (a word, as a person types it), 10% writes (a comment by
one of 20 signed-in members, each with their session and CSRF token). Rate limits are off:
the writers are few and busy, a person never is.

1. Capacity: the mix as fast as it is served, 20 s (8 connections).
2. A warm-up at the soak's rate (`--warmup-minutes`), so the workers' caches (threads, list
   pages, cookies) are as full as they get before memory is first read: growth after that is
   what a leak would show.
3. The soak: `--share` of that rate, in slices of 30 s, each slice's throughput, p99 and errors
   (non-2xx answers and socket errors) reported; the resident memory of the gunicorn workers
   and of the sync worker at the start and the end. The rate is held by a schedule in the Lua
   script (LuaJIT's FFI reads CLOCK_MONOTONIC): each wrk thread sends a request every
   1 / (its share of the rate) on whichever of its connections is free, up to 32 at once, and
   does not send what it missed after falling over a second behind. wrk's own per-connection
   delay had paced the first runs: a connection's rate was then 1 / (delay + answer time), and
   slices overshot to 88% of capacity whenever answers got faster.
4. From the app's own request histograms (/metrics, both workers), the answers that took over
   1 s and over 2.5 s, by endpoint: what wrk's timeouts were, if any.
5. Memory is read twice: all resident memory, and the processes' own (RssAnon), without the
   database pages they map: those grow as a worker reads more of the file, and are the
   operating system's to share and drop, not a leak.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from bench.api_bench import OUT
from bench.load import thread_offsets_lua, worker_pids, wrk
from bench.search_bench import ROOT, app_env, flask, scratch, served

MEMBERS = 20
SLICE_SECONDS = 30
CAPACITY_SECONDS = 20
CONNECTIONS = 8  # measuring capacity
PACED_CONNECTIONS = 32  # the warm-up and the soak: at most this many requests at once
WRK_THREADS = 2
WORDS = ["wallet", "coffee", "beer", "stake", "grind", "teach", "model", "brew", "node", "exam",
         "pool", "roast", "token", "hops", "prompt", "class", "yeast", "milk", "ada", "math"]  # fmt: skip

LUA = """\
local ids = {%(ids)s}
local words = {%(words)s}
local members = {%(members)s}
-- A constant rate: this thread's requests leave on a schedule, one every `interval` ms
-- (0: each as soon as the last is answered), whichever connection is free takes the next.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
int clock_gettime(int clock, soak_timespec *ts);
]]
local ts = ffi.new("soak_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local interval = %(interval)s
local due = nil
function delay()
  if interval == 0 then
    return 0
  end
  local now = now_ms()
  -- Behind by over a second (every connection was waiting on the server): start again from
  -- now rather than send the missed requests at once.
  if due == nil or due < now - 1000 then
    due = now
  end
  due = due + interval
  if due <= now then
    return 0
  end
  return math.floor(due - now)
end
function request()
  counter = counter + 1
  local kind = counter %% 10
  local id = ids[(counter * 31 %% #ids) + 1]
  if kind < 6 then
    return wrk.format("GET", "/api/v1/questions/" .. id)
  elseif kind == 6 then
    return wrk.format("GET", "/api/v1/questions?page=" .. ((counter %% 20) + 1))
  elseif kind < 9 then
    local word = words[(counter %% #words) + 1]
    return wrk.format("GET", "/api/v1/search?q=" .. word)
  end
  local member = members[(counter %% #members) + 1]
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Cookie"] = member[1]
  headers["X-CSRF-Token"] = member[2]
  headers["User-Agent"] = "soak"
  local body = '{"body": "Soak comment ' .. counter .. ': did the steps above work for you?"}'
  return wrk.format("POST", "/api/v1/questions/" .. id .. "/comments", headers, body)
end
"""


def _member(base: str, n: int) -> tuple[str, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"User-Agent": "soak"}
    with opener.open(urllib.request.Request(base + "/api/v1/auth/csrf", headers=headers), timeout=30) as r:
        token = json.load(r)["csrf_token"]
    body = {"email": f"soak{n}-{random.randrange(10**6)}@example.org", "password": "soak-password-123",
            "display_name": f"Soak member {n}"}  # fmt: skip
    request = urllib.request.Request(
        base + "/api/v1/auth/register",
        json.dumps(body).encode(),
        {**headers, "Content-Type": "application/json", "X-CSRF-Token": token},
    )
    with opener.open(request, timeout=30) as r:
        assert r.status == 201
    return "; ".join(f"{c.name}={c.value}" for c in jar), token


def _script(directory: Path, ids: list[int], members: list[tuple[str, str]], interval_ms: float) -> Path:
    script = directory / "soak.lua"
    script.write_text(
        thread_offsets_lua(7919)
        + LUA
        % {
            "ids": ", ".join(map(str, ids)),
            "words": ", ".join(f'"{w}"' for w in WORDS),
            "members": ", ".join(f'{{"{cookie}", "{token}"}}' for cookie, token in members),
            "interval": f"{interval_ms:.3f}",
        }
    )
    return script


def _rss_mb(pids: list[int], field: str = "VmRSS") -> dict[int, float]:
    """Resident memory by process: all of it (VmRSS), or only its own (RssAnon: the heap and
    stacks), without the pages of files it maps (RssFile: with SQLite's mmap_size, the
    database pages it has read, which the operating system shares and may drop)."""
    found = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    found[pid] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            continue
    return found


def _memory_report(results: dict[str, Any]) -> None:
    print("resident memory (MB), after the warm-up -> at the end:")
    for kind in ("rss", "anon"):
        for group, start in results[f"{kind}_start_mb"].items():
            for pid, before in start.items():
                after = results[f"{kind}_end_mb"][group].get(pid)
                change = f"{(after / before - 1) * 100:+.1f}%" if after and before else "gone"
                print(f"  {kind:<5} {group:<12} {pid:>7}: {before:7.1f} -> {after or 0:7.1f} ({change})")


def _slow_answers(base: str) -> dict[str, dict[str, int]]:
    """From the app's request histograms (/metrics): per endpoint and method, how many answers
    took over 1 s and over 2.5 s (wrk gives up at 2 s), of all, since the server started."""
    with urllib.request.urlopen(base + "/metrics", timeout=30) as r:
        text = r.read().decode()
    buckets: dict[str, dict[str, float]] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "commonplace_http_request_duration_seconds":
            continue
        for sample in family.samples:
            if sample.name.endswith("_bucket"):
                counts = buckets.setdefault(f"{sample.labels['method']} {sample.labels['endpoint']}", {})
                counts[sample.labels["le"]] = counts.get(sample.labels["le"], 0) + sample.value
    return {
        name: {
            "all": int(c["+Inf"]),
            "over_1s": int(c["+Inf"] - c["1.0"]),
            "over_2_5s": int(c["+Inf"] - c["2.5"]),
        }
        for name, c in sorted(buckets.items())
        if c.get("+Inf")
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--share", type=float, default=0.8, help="of the measured capacity")
    parser.add_argument(
        "--warmup-minutes", type=float, default=2, help="at the soak's rate, before memory is read"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"command": "python -m bench.soak " + " ".join(sys.argv[1:])}
    with scratch(args.size, "commonplace-soak-") as s, tempfile.TemporaryDirectory() as tmp:
        env = app_env(f"sqlite:///{s.db}", s.meili, s.instance, semantic=False)
        env["RATELIMIT_ENABLED"] = "0"
        # As `make run` does: /metrics adds up both workers' request times.
        env["PROMETHEUS_MULTIPROC_DIR"] = str(Path(tmp) / "prometheus")
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir()
        started = time.perf_counter()
        flask(env, "search", "reindex")
        print(f"indexed in {time.perf_counter() - started:.0f} s", flush=True)
        con = sqlite3.connect(f"file:{s.db}?mode=ro", uri=True)
        ids = [
            i
            for (i,) in con.execute(
                "SELECT id FROM questions WHERE NOT is_deleted ORDER BY random() LIMIT 5000"
            )
        ]
        con.close()
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "backend", "search", "worker"],
                                  cwd=ROOT, env=env, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            with served(env) as base:
                members = [_member(base, n) for n in range(MEMBERS)]
                fast = _script(Path(tmp), ids, members, 0)
                capacity = wrk(base + "/", CAPACITY_SECONDS, CONNECTIONS, WRK_THREADS, fast)
                results["capacity"] = capacity.as_dict()
                target = args.share * capacity.requests_per_s
                print(f"capacity {capacity.requests_per_s:.0f} req/s; soak at {target:.0f}", flush=True)
                # Each of wrk's threads sends its share of the rate on a schedule.
                paced = _script(Path(tmp), ids, members, WRK_THREADS * 1000 / target)

                def paced_slice() -> dict[str, Any]:
                    return wrk(base + "/", SLICE_SECONDS, PACED_CONNECTIONS, WRK_THREADS, paced).as_dict()

                warm = [paced_slice() for _ in range(int(args.warmup_minutes * 60 // SLICE_SECONDS))]
                results["warmup"] = warm
                print(f"warmed up: {sum(w['requests'] for w in warm)} requests", flush=True)
                watched = {"gunicorn": worker_pids(base), "sync worker": [worker.pid]}
                results["rss_start_mb"] = {k: _rss_mb(v) for k, v in watched.items()}
                results["anon_start_mb"] = {k: _rss_mb(v, "RssAnon") for k, v in watched.items()}
                slices = []
                for n in range(int(args.minutes * 60 // SLICE_SECONDS)):
                    one = paced_slice()
                    one["minute"] = round((n + 1) * SLICE_SECONDS / 60, 1)
                    slices.append(one)
                    print(
                        f"{one['minute']:5.1f} min: {one['requests_per_s']:7.0f} req/s, "
                        f"p99 {one['p99_ms']:6.1f} ms, errors {one['non_2xx'] + one['socket_errors']}",
                        flush=True,
                    )
                results["slices"] = slices
                results["rss_end_mb"] = {k: _rss_mb(v) for k, v in watched.items()}
                results["anon_end_mb"] = {k: _rss_mb(v, "RssAnon") for k, v in watched.items()}
                _memory_report(results)
                results["slow_answers"] = _slow_answers(base)
                print("answered in over 1 s / over 2.5 s, by endpoint (the app's own clock, whole run):")
                for name, counts in results["slow_answers"].items():
                    print(f"  {name:<40} {counts['over_1s']:6d} {counts['over_2_5s']:6d} of {counts['all']}")
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    results["errors"] = sum(s["non_2xx"] + s["socket_errors"] for s in results["slices"])
    print(json.dumps({k: v for k, v in results.items() if k != "slices"}, indent=2))
    (OUT / f"soak-results-{args.size}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
