"""The gunicorn worker `make run` uses: gunicorn's threaded worker, whose own error answers
are the API's JSON error body instead of an HTML page.

gunicorn answers some requests before the app sees them: a request line longer than
--limit-request-line (414), malformed request lines or headers (400), too many or too large
headers (431). It writes those with gunicorn.util.write_error, which the worker replaces in
its process with write_json_error.
"""

from __future__ import annotations

import json
import socket
from http import HTTPStatus

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from backend.security_headers import COMMON, NOTHING_POLICY

MESSAGES = {
    414: "The request line is too long: shorten the address or its query string.",
    431: "The request's headers are too large.",
}


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    try:
        phrase = HTTPStatus(status_int).phrase
    except ValueError:
        phrase = reason
    body = json.dumps(
        {
            "code": status_int,
            "status": phrase,
            "message": MESSAGES.get(status_int) or mesg or phrase,
            "errors": {},
        }
    ).encode()
    headers = {
        "Connection": "close",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "Content-Security-Policy": NOTHING_POLICY,
        **COMMON,
    }
    head = f"HTTP/1.1 {status_int} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    util.write_nonblock(sock, head.encode("latin-1") + b"\r\n" + body)


class JsonErrorWorker(ThreadWorker):
    def init_process(self) -> None:
        util.write_error = write_json_error
        super().init_process()
