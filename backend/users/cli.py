"""`flask users ...`: make the first admin of a new install, and change a person's role."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from marshmallow import ValidationError
from sqlalchemy import select

from backend.auth import services as auth
from backend.auth.schemas import RegisterSchema
from backend.errors import DomainError
from backend.extensions import db
from backend.models import Role, User

users_cli = AppGroup("users", help="Accounts: create one (e.g. the first admin), set a role.")
ROLES = click.Choice([role.value for role in Role])


def _fail(errors: dict[str, list[str]] | str) -> None:
    if isinstance(errors, str):
        raise click.ClickException(errors)
    lines = [f"{field}: {' '.join(messages)}" for field, messages in errors.items()]
    raise click.ClickException("; ".join(lines))


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--display-name", required=True)
@click.option("--role", type=ROLES, default=Role.MEMBER.value, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, display_name: str, role: str, password_stdin: bool) -> None:
    """Create an account (asks for its password unless --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = RegisterSchema().load({"email": email, "password": password, "display_name": display_name})
    except ValidationError as error:
        _fail({field: list(messages) for field, messages in error.normalized_messages().items()})
    try:
        # The operator may make an account outside ALLOWED_EMAIL_DOMAINS (e.g. the first admin).
        user = auth.register(data["email"], data["password"], data["display_name"], by_operator=True)
    except DomainError as error:
        _fail(error.errors or error.message)
    user.role = Role(role)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
def set_role(email: str, role: str) -> None:
    """Make someone a member, moderator or admin."""
    user = db.session.scalar(select(User).where(User.email == auth.normalize_email(email)))
    if user is None or user.password_hash is None:
        _fail(f"No account with the email {email}.")
    assert user is not None
    user.role = Role(role)
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.value}.")


def no_admin_yet() -> bool:
    return db.session.scalar(select(User.id).where(User.role == Role.ADMIN).limit(1)) is None


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
