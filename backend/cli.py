"""Command-line tasks: `flask seed`, `flask reputation recompute`, `flask threads render`."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from tqdm import tqdm

from backend.backups import cli as backup_commands
from backend.community_health import cli as health_commands
from backend.exporting.cli import export_cli
from backend.extensions import db
from backend.importing.cli import import_cli
from backend.indexing import cli as search_commands
from backend.mail import cli as mail_commands
from backend.models import User
from backend.questions import rendered_threads
from backend.reputation import services as reputation
from backend.seeding import load_seeds
from backend.synthesis import cli as synthesis_commands
from backend.users import cli as users_commands


def register_commands(app: Flask) -> None:
    search_commands.init_app(app)
    mail_commands.init_app(app)
    users_commands.init_app(app)
    synthesis_commands.init_app(app)
    health_commands.init_app(app)
    backup_commands.init_app(app)

    @app.cli.command("seed")
    @click.option("--path", type=click.Path(exists=True, path_type=Path), help="A seeds folder or YAML file.")
    @click.option("--first-run", is_flag=True, help="Only seed a community that has no accounts yet.")
    def seed(path: Path | None, first_run: bool) -> None:
        """Load the starter communities, facilitator and questions (idempotent)."""
        if users_commands.no_admin_yet():
            click.echo(
                "No admin yet: make one with\n  .venv/bin/flask --app backend users create "
                "--email you@example.org --display-name 'Your Name' --role admin"
            )
        if first_run and db.session.scalar(select(User.id).limit(1)) is not None:
            click.echo("Seeds: skipped, this community already has accounts.")
            return
        report = load_seeds(
            path or Path(current_app.config["SEEDS_PATH"]),
            os.environ.get("FACILITATOR_EMAIL", "facilitator@commonplace.local"),
            os.environ.get("FACILITATOR_PASSWORD"),
        )
        db.session.commit()
        click.echo(
            f"Seeds: {report.tags_created} communities described, {report.questions_created} questions added."
        )
        if report.facilitator_created:
            secret = Path(current_app.instance_path) / "facilitator_password"
            if report.facilitator_password and not os.environ.get("FACILITATOR_PASSWORD"):
                secret.parent.mkdir(parents=True, exist_ok=True)
                secret.write_text(report.facilitator_password + "\n")
                secret.chmod(0o600)
                click.echo(f"Facilitator: {report.facilitator_email} (password saved in {secret})")
            else:
                click.echo(f"Facilitator: {report.facilitator_email}")

    reputation_cli = AppGroup("reputation", help="Reputation maintenance.")

    @reputation_cli.command("recompute")
    @click.option("--check", is_flag=True, help="Only report differences; change nothing (exit 1 if any).")
    def recompute(check: bool) -> None:
        """Rebuild every reputation from votes and accepted answers."""
        changed = reputation.recompute()
        for user_id, old, new in changed:
            click.echo(f"user {user_id}: {old} -> {new}")
        if check:
            db.session.rollback()
            click.echo(f"{len(changed)} reputations differ from the rules.")
            if changed:
                raise SystemExit(1)
        else:
            db.session.commit()
            click.echo(f"Recomputed; {len(changed)} reputations changed.")

    app.cli.add_command(reputation_cli)
    app.cli.add_command(threads_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(export_cli)


threads_cli = AppGroup("threads", help="Threads as signed-out readers see them.")


@threads_cli.command("render")
@click.option("--batch", default=200, show_default=True, help="Threads rendered per transaction.")
def render_threads(batch: int) -> None:
    """Store every thread whose stored rendering is missing, out of date or in an older format
    (after an upgrade or a bulk import); safe to run while the site serves."""
    total = db.session.scalar(select(func.count()).select_from(rendered_threads.stale_threads().subquery()))
    stored, last_id = 0, 0
    with tqdm(total=total, unit=" threads", disable=not total) as progress:
        while ids := rendered_threads.stale_ids(last_id, batch):
            stored += rendered_threads.store(ids)
            db.session.commit()  # each batch kept as it is done
            last_id = ids[-1]
            progress.update(len(ids))
    click.echo(f"Threads: {stored} rendered and stored.")
