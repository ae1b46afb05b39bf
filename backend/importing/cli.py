"""`flask import stackexchange DIR`: a thin command around the import service; it commits once."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from backend.extensions import db
from backend.importing.cleaning import CleanerStopped, available_cores
from backend.importing.dump import DumpError
from backend.importing.stackexchange import import_stackexchange

import_cli = AppGroup("import", help="Bring content in from elsewhere.")


@import_cli.command("stackexchange")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--site", help="The site's short name, as in <site>.stackexchange.com (default: the folder's name)."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=available_cores,
    show_default="the cores it may use",
    help="Processes that sanitize posts while the import writes them.",
)
def stackexchange(folder: Path, site: str | None, jobs: int) -> None:
    """Import a Stack Exchange data dump folder (Posts.xml[.gz]; Users, PostLinks, Comments when present).

    All or nothing: any error leaves the database as it was. Running it again adds nothing.
    """
    try:
        report = import_stackexchange(folder, site, show_progress=sys.stderr.isatty(), jobs=jobs)
        db.session.commit()
    except (DumpError, CleanerStopped) as error:
        db.session.rollback()
        raise click.ClickException(f"{error}\nNothing was imported.") from error
    except BaseException:
        db.session.rollback()
        raise
    click.echo(
        f"Stack Exchange {report.site}: {report.new} new ({report.questions} questions, "
        f"{report.answers} answers, {report.users} users, {report.links} duplicate links, "
        f"{report.comments} comments); "
        f"{report.existing} posts already imported, {report.skipped} skipped."
    )
