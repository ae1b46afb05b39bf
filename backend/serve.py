"""`make run`: serve Commonplace on one local address until Ctrl-C.

Starts Meilisearch on loopback (data and master key under instance/) unless MEILI_URL
points at an existing server, the search sync worker, and the API under gunicorn (the
same server as production); prints the address to open; stops them all on exit.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from backend.instance_secrets import kept_secret
from search.server import LOCAL_URL_FILE, MeiliServer, find_binary, start

ROOT = Path(__file__).resolve().parent.parent
# Threads per gunicorn worker: a search waiting on Meilisearch does not hold a whole worker.
THREADS = 4


def _start_search(instance: Path, env: dict[str, str]) -> MeiliServer | None:
    if env.get("MEILI_URL"):
        print(f"  Using Meilisearch at {env['MEILI_URL']}", flush=True)
        return None
    binary = find_binary(ROOT, env.get("MEILI_BIN"))
    key = kept_secret(instance, "MEILI_MASTER_KEY", "meili_master_key", secrets.token_urlsafe)
    server = start(binary, instance / "meilisearch", key)
    env["MEILI_URL"], env["MEILI_MASTER_KEY"] = server.url, server.master_key
    # Lets `flask search status` and friends, run from another shell, find this server.
    (instance / LOCAL_URL_FILE).write_text(server.url)
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Stop cleanly on SIGTERM (e.g. from a supervisor) as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    env = os.environ.copy()
    instance = Path(env.get("COMMONPLACE_INSTANCE") or ROOT / "instance")
    meili = _start_search(instance, env)
    flask = [sys.executable, "-m", "flask", "--app", "backend"]
    children = [
        subprocess.Popen([*flask, "search", "worker"], env=env),
        subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "--bind", f"{args.host}:{args.port}",
                "--workers", str(args.workers),
                "--threads", str(THREADS),
                "--log-level", "warning",
                "backend:create_app()",
            ],
            env=env,
        ),
    ]  # fmt: skip
    address = f"http://{args.host}:{args.port}"
    print(
        f"\n  Commonplace is running at {address}\n  (API docs: {address}/api/v1/docs)"
        "\n  Press Ctrl-C to stop.\n",
        flush=True,
    )
    code = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        code = next(child.returncode for child in children if child.poll() is not None) or 1
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if meili:
            meili.stop()
            (instance / LOCAL_URL_FILE).unlink(missing_ok=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
