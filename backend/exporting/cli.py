"""`flask export stackexchange DIR`: a thin command around the export; it only reads."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import AppGroup

from backend.exporting.stackexchange import ExportError, export_stackexchange

export_cli = AppGroup("export", help="Take the site's content out, in a portable form.")


@export_cli.command("stackexchange")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--include-hidden", is_flag=True, help="Also posts hidden pending review, held or rejected.")
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (its dump files are replaced)."
)
def stackexchange(folder: Path, include_hidden: bool, force: bool) -> None:
    """Export the whole site as a Stack Exchange data dump (Posts, Users, Tags, Votes,
    Comments, PostHistory, PostLinks) that `flask import stackexchange` reads back.

    No email addresses or password hashes are written; anonymous askers stay anonymous.
    """
    began = time.monotonic()
    try:
        report = export_stackexchange(
            folder, include_hidden=include_hidden, force=force, show_progress=sys.stderr.isatty()
        )
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    click.echo(f"Exported to {folder} in {time.monotonic() - began:.1f} s: {counts}.")
