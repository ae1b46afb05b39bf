"""`flask community-health rebuild`: count again who took part each week, from the rows."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from backend.community_health import activity, kept_weeks
from backend.extensions import db
from backend.models import SITE, MemberWeek

health_cli = AppGroup("community-health", help="Community health's weekly counts.")


@health_cli.command("rebuild")
def rebuild() -> None:
    """After rows were written beside the app (a bulk load): first answers' times and each
    week's active members and first posts again, from the posts and votes."""
    activity.settle()
    kept_weeks.forget_members()
    db.session.commit()
    active = db.session.scalar(
        select(func.count()).where(MemberWeek.tag_id == SITE, MemberWeek.acted.is_(True))
    )
    click.echo(f"Counted again: {active} member-weeks of activity on the whole site.")


def init_app(app: Flask) -> None:
    app.cli.add_command(health_cli)
