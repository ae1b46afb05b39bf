"""`make run`: serve Commonplace on one local address until Ctrl-C.

Runs gunicorn (the same server as production) in the foreground and prints the
address to open. Later parts (search engine, frontend) start from here too.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    address = f"http://{args.host}:{args.port}"
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers),
        "--threads", "4",
        "--log-level", "warning",
        "backend:create_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=os.environ.copy())
    print(
        f"\n  Commonplace is running at {address}/api/v1/docs  (API docs)\n  Press Ctrl-C to stop.\n",
        flush=True,
    )
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.send_signal(signal.SIGTERM)
        return server.wait()


if __name__ == "__main__":
    raise SystemExit(main())
