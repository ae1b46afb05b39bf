"""`flask synthesis draft [--tag T] [--week YYYY-Www]`: prepare the weekly drafts now."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from backend import weeks
from backend.errors import NotFound
from backend.extensions import db
from backend.synthesis import drafting
from backend.tags.services import get_tag

synthesis_cli = AppGroup("synthesis", help="The weekly synthesis of each community.")


@synthesis_cli.command("draft")
@click.option("--tag", "tag_name", help="Only this community (default: every community with activity).")
@click.option(
    "--week", help="YYYY-Www (default: the previous week; the current one drafts what has happened so far)."
)
def draft(tag_name: str | None, week: str | None) -> None:
    """Prepare the drafts of a week's syntheses (once per community and week)."""
    week = week or weeks.previous()
    try:
        weeks.parse(week)
    except weeks.BadWeek as error:
        raise click.BadParameter(str(error), param_hint="--week") from None
    try:
        tag = get_tag(tag_name) if tag_name else None
    except NotFound as error:
        raise click.BadParameter(error.message, param_hint="--tag") from None
    made = drafting.draft_all(week, tag)
    db.session.commit()
    click.echo(f"{made} draft{'s' if made != 1 else ''} for {week}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(synthesis_cli)
