"""`flask backup create PATH` and `flask backup restore PATH`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from backend.backups.services import create_backup, restore_backup
from backend.errors import DomainError
from backend.extensions import db
from backend.indexing.cli import reindex_now

backup_cli = AppGroup("backup", help="Back up the database, and restore a backup into an empty one.")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path) -> None:
    """Write the whole database to PATH (a new file), while the site serves."""
    try:
        create_backup(db.engine, path)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Backed up to {path} ({path.stat().st_size / 1e6:.1f} MB).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-reindex", is_flag=True, help="Leave the search index as it is.")
def restore(path: Path, no_reindex: bool) -> None:
    """Restore PATH into this empty database, then rebuild the search index from it."""
    try:
        restore_backup(db.engine, path)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Restored {path}. If it comes from an older version, run `flask db upgrade` next.")
    if not no_reindex:
        reindex_now()


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_cli)
