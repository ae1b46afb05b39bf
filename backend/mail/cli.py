"""`flask mail ...`: status, retry, unblock, digest, worker."""

from __future__ import annotations

import contextlib
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from backend.extensions import db
from backend.mail import digests, sending
from backend.models import DigestFrequency, utcnow
from backend.webhooks.delivering import WebhookWorker

mail_cli = AppGroup("mail", help="Outgoing mail: status, retry, unblock, digest, worker.")


@mail_cli.command("status")
def status() -> None:
    """Pending, sent and failed mail, and how long the oldest pending one has waited."""
    counts = sending.status_counts()
    oldest = sending.oldest_pending()
    waited = f"{(utcnow() - oldest).total_seconds():.0f} s" if oldest is not None else "-"
    click.echo(f"mail goes to: {sending.current_transport().description}")
    click.echo(
        f"pending {counts['pending'] + counts['sending']}  sent {counts['sent']}  "
        f"failed {counts['failed']}  skipped {counts['skipped']}  oldest pending {waited}"
    )
    click.echo(f"refused addresses (no more mail): {sending.blocked_count()}")


@mail_cli.command("retry")
def retry() -> None:
    """Queue the failed mail again (and mail its addresses again)."""
    count = sending.retry_failed()
    db.session.commit()
    click.echo(f"queued {count} failed mails again")


@mail_cli.command("unblock")
@click.argument("address")
def unblock(address: str) -> None:
    """Mail this address again after a server refused it."""
    found = sending.unblock(address)
    db.session.commit()
    click.echo(f"{address} gets mail again" if found else f"{address} was not refused")


@mail_cli.command("digest")
@click.option(
    "--frequency", type=click.Choice(["daily", "weekly"]), help="Only this frequency (default: both)."
)
@click.option("--force", is_flag=True, help="Everyone of that frequency, due or not.")
@click.option("--dry-run", is_flag=True, help="Count what would be queued; queue nothing.")
def digest(frequency: str | None, force: bool, dry_run: bool) -> None:
    """Queue the digests that are due now (the worker does this every minute)."""
    chosen = [DigestFrequency(frequency)] if frequency else list(digests.PERIODS)
    for each in chosen:
        done = digests.queue_due(each, utcnow(), force=force, dry_run=dry_run)
        verb = "would queue" if dry_run else "queued"
        click.echo(
            f"{each.value}: {verb} {done.queued} digests for {done.people} people "
            f"({done.nothing_new} with nothing new)"
        )


@mail_cli.command("worker")
@click.option("--poll", default=0.5, show_default=True, help="Seconds between polls when idle.")
def worker(poll: float) -> None:
    """Send mail and webhook deliveries from their outboxes until stopped (SIGTERM / Ctrl-C).
    Webhooks go on a thread of their own: a slow receiver delays no mail."""
    runner = sending.Worker(sending.current_transport, poll_interval=poll)
    hooks = WebhookWorker(poll_interval=poll)
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def deliver() -> None:
        with app.app_context():
            hooks.run()

    def stop(*_: object) -> None:
        runner.stop.set()
        hooks.stop.set()

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"mail worker: sending to {sending.current_transport().description}", err=True)
    thread = threading.Thread(target=deliver, name="webhooks", daemon=True)
    thread.start()
    with contextlib.suppress(KeyboardInterrupt):
        runner.run()
    stop()
    thread.join(timeout=10)


def init_app(app: Flask) -> None:
    app.cli.add_command(mail_cli)
