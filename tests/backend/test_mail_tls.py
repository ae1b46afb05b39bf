"""SMTP_URL's other forms against a real server: STARTTLS with a login, implicit TLS
(smtps://), and a wrong password (tried again later, never a lost mail). The server's
certificate is made here and trusted the way an operator trusts a private CA
(SSL_CERT_FILE)."""

from __future__ import annotations

import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from backend.models import MailStatus
from tests.backend.test_mail import email_of, rows, send
from tests.mail_server import MailServer
from tests.people import People

# Over implicit TLS the test server cannot tell AUTH that the connection is encrypted.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

LOGIN, PASSWORD = "forum@example.org", "p@ss:word/1"
QUOTED = "forum%40example.org:p%40ss%3Aword%2F1"  # as it goes in SMTP_URL


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this server's certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def serving(server: MailServer) -> Iterator[MailServer]:
    server.start()
    yield server
    server.stop()


@pytest.fixture
def starttls(tls: ssl.SSLContext) -> Iterator[MailServer]:
    yield from serving(MailServer(tls=tls, logins={LOGIN: PASSWORD}))


@pytest.fixture
def smtps(tls: ssl.SSLContext) -> Iterator[MailServer]:
    yield from serving(MailServer(tls=tls, implicit=True, logins={LOGIN: PASSWORD}))


def answered(people: People) -> str:
    asker = people.member()
    people.member().answer(asker.ask()["id"])
    return email_of(asker)


def test_starttls_with_a_login(app: Flask, people: People, starttls: MailServer) -> None:
    app.config["SMTP_URL"] = f"smtp://{QUOTED}@127.0.0.1:{starttls.port}?starttls=1"
    address = answered(people)
    assert send(app).sent == 1
    assert len(starttls.wait_for(1, to=address)) == 1


def test_implicit_tls_with_a_login(app: Flask, people: People, smtps: MailServer) -> None:
    app.config["SMTP_URL"] = f"smtps://{QUOTED}@127.0.0.1:{smtps.port}"
    address = answered(people)
    assert send(app).sent == 1
    assert len(smtps.wait_for(1, to=address)) == 1


def test_a_wrong_password_is_tried_again_not_lost(app: Flask, people: People, starttls: MailServer) -> None:
    app.config["SMTP_URL"] = f"smtp://forum%40example.org:wrong@127.0.0.1:{starttls.port}?starttls=1"
    address = answered(people)
    done = send(app)
    assert done.retrying == 1 and done.failed == 0  # our login, not the mail: never failed for good
    [row] = rows(app)
    assert row.status is MailStatus.PENDING and (row.last_error or "").startswith("535")

    app.config["SMTP_URL"] = f"smtp://{QUOTED}@127.0.0.1:{starttls.port}?starttls=1"  # fixed
    time.sleep(1.1)  # the first back-off
    assert send(app).sent == 1
    assert len(starttls.wait_for(1, to=address)) == 1
