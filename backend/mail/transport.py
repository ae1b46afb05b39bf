"""Where mail goes: an SMTP server (SMTP_URL), or a Maildir under the instance folder.

SMTP_URL is `smtp://[user:pass@]host:port` (`?starttls=1` to upgrade the connection),
or `smtps://...` for implicit TLS. A transport sends one message at a time over one
connection it keeps for a batch, and says how a refusal should be taken: a temporary one
(4xx, the server down or unreachable) is tried again later; a permanent one (5xx) is not.
"""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT = 15.0


class MailRefused(Exception):
    """The message was not accepted. `permanent`: a 5xx; `blame_address`: the server
    refused the recipient (the address gets no more mail), not our sender or our login;
    `server_down`: no answer at all, so the next messages would wait for the same timeout."""

    def __init__(
        self, reply: str, permanent: bool, blame_address: bool = False, server_down: bool = False
    ) -> None:
        super().__init__(reply)
        self.reply = reply
        self.permanent = permanent
        self.blame_address = blame_address
        self.server_down = server_down


class Transport(Protocol):
    description: str

    def __enter__(self) -> Transport: ...

    def __exit__(self, *exc: object) -> None: ...

    def send(self, message: EmailMessage) -> None: ...

    def reachable(self) -> bool: ...


def transport_for(smtp_url: str, mail_dir: str) -> Transport:
    return SmtpTransport(smtp_url) if smtp_url else MaildirTransport(Path(mail_dir))


class MaildirTransport:
    """`make run` without SMTP_URL: every message is a file under instance/mail/new."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"the Maildir {path}"

    def __enter__(self) -> MaildirTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, message: EmailMessage) -> None:
        box = mailbox.Maildir(self.path, create=True)
        box.add(message)

    def reachable(self) -> bool:
        return True


class SmtpTransport:
    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"SMTP_URL must be smtp://host:port or smtps://host:port, not {url!r}")
        self.implicit_tls = parts.scheme == "smtps"
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.host, self.port = parts.hostname, parts.port or (465 if self.implicit_tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout
        self.description = f"{parts.scheme}://{self.host}:{self.port}"
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def send(self, message: EmailMessage) -> None:
        try:
            smtp = self._connected()
            refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            self._close_after_refusal()
            code, reply = next(iter(error.recipients.values()))
            raise MailRefused(_reply(code, reply), code >= 500, blame_address=code >= 500) from error
        except smtplib.SMTPSenderRefused as error:
            self._close_after_refusal()
            raise MailRefused(_reply(error.smtp_code, error.smtp_error), error.smtp_code >= 500) from error
        except smtplib.SMTPAuthenticationError as error:
            self._close()
            # Our login, not the message: tried again until someone fixes SMTP_URL.
            raise MailRefused(_reply(error.smtp_code, error.smtp_error), permanent=False) from error
        except smtplib.SMTPResponseException as error:
            self._close_after_refusal()
            permanent = error.smtp_code >= 500
            raise MailRefused(_reply(error.smtp_code, error.smtp_error), permanent, permanent) from error
        except (OSError, smtplib.SMTPException) as error:
            self._close()
            why = f"{self.description}: {error or type(error).__name__}"
            raise MailRefused(why, permanent=False, server_down=True) from error
        if refused:  # one recipient per message: only a partial refusal could land here
            code, reply = next(iter(refused.values()))
            raise MailRefused(_reply(code, reply), code >= 500, blame_address=code >= 500)

    def reachable(self) -> bool:
        """Whether the server answers (a NOOP on a fresh connection)."""
        try:
            with self:
                code, _ = self._connected().noop()
            return code == 250
        except (OSError, smtplib.SMTPException):
            return False

    def _connected(self) -> smtplib.SMTP:
        if self._smtp is None:
            context = ssl.create_default_context()
            if self.implicit_tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.starttls:
                    smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password or "")
            self._smtp = smtp
        return self._smtp

    def _close_after_refusal(self) -> None:
        """The connection stays usable after a refused message: reset it for the next one."""
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (OSError, smtplib.SMTPException):
                self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
    return f"{code} {text}".strip()
