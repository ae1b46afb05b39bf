"""A real SMTP server for tests (aiosmtpd on a free loopback port) that keeps what it gets.

It can be told to refuse an address for good (550) or for now (451), and can be stopped and
started again on the same port, as a mail server that goes down and comes back.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, smtp: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.server.refuse_for_good:
            return "550 5.1.1 No such mailbox here"
        if address in self.server.refuse_for_now:
            return "451 4.2.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.server.lock:
            self.server.received.append((list(envelope.rcpt_tos), message))
            self.server.raw.append(envelope.original_content)
        return "250 Message accepted"


class MailServer:
    """`tls`: an SSLContext for STARTTLS (required), or with `implicit` for TLS from the
    first byte (smtps); `logins`: user -> password, then AUTH is required (over TLS)."""

    def __init__(
        self, tls: ssl.SSLContext | None = None, implicit: bool = False, logins: dict[str, str] | None = None
    ) -> None:
        self.tls, self.implicit, self.logins = tls, implicit, logins
        self.port = free_port()
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.raw: list[bytes] = []  # as sent: what a mail client reads before any decoding
        self.refuse_for_good: set[str] = set()
        self.refuse_for_now: set[str] = set()
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        options: dict[str, Any] = {}
        if self.tls is not None and self.implicit:
            options["ssl_context"] = self.tls
        elif self.tls is not None:
            options.update(tls_context=self.tls, require_starttls=True)
        if self.logins is not None:
            # Over implicit TLS aiosmtpd does not see the TLS it asks AUTH to wait for.
            options.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=not self.implicit
            )
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        logins = self.logins or {}
        ok = isinstance(data, LoginPassword) and logins.get(data.login.decode()) == data.password.decode()
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        with self.lock:
            return [message for rcpt, message in self.received if to is None or to in rcpt]

    def wait_for(self, count: int, to: str | None = None, timeout: float = 15.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(found := self.messages(to)) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages to {to or 'anyone'}, got {len(self.messages(to))}")
