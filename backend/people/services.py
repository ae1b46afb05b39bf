"""The rules of managing people's accounts (admins only)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, func, or_, select

from backend.account.services import delete_account, ensure_not_last_admin
from backend.errors import Conflict, Forbidden, NotFound
from backend.extensions import db
from backend.models import ExternalIdentity, Role, User
from backend.moderation import audit
from backend.presented import Presented


def ensure_admin(person: User) -> None:
    if person.role is not Role.ADMIN:
        raise Forbidden("Only admins can manage people's accounts.")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_people(query: str, page: int, per_page: int) -> tuple[list[Presented], int]:
    """Accounts (not imported authors' placeholders, nor deleted ones), by name or email."""
    conditions: list[ColumnElement[bool]] = [User.password_hash.is_not(None)]
    if query.strip():
        pattern = f"%{_escape_like(query.strip().lower())}%"
        conditions.append(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(User).where(*conditions)) or 0
    sso = exists().where(ExternalIdentity.user_id == User.id)
    rows = db.session.execute(
        select(User, sso.label("sso"))
        .where(*conditions)
        .order_by(func.lower(User.display_name), User.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [Presented(user, sso=uses_sso) for user, uses_sso in rows], total


def presented(person: User) -> Presented:
    uses_sso = db.session.scalar(select(exists().where(ExternalIdentity.user_id == person.id)))
    return Presented(person, sso=bool(uses_sso))


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.password_hash is None:
        raise NotFound(f"User {user_id} does not exist.")
    return person


def update_person(admin: User, user_id: int, role: str | None, is_active: bool | None) -> User:
    person = _person(user_id)
    if role is not None and person.role != role:
        if person.role is Role.ADMIN:
            ensure_not_last_admin(person)
        person.role = Role(role)
        audit.record(admin, f"role-{role}", "user", person.id)
    if is_active is not None and person.is_active != is_active:
        if not is_active:
            if person.id == admin.id:
                raise Conflict("You cannot deactivate your own account.")
            ensure_not_last_admin(person)
        person.is_active = is_active
        # Sessions and tokens check is_active on every request: they stop at once.
        audit.record(admin, "account-reactivate" if is_active else "account-deactivate", "user", person.id)
    return person


def remove_person(admin: User, user_id: int) -> None:
    person = _person(user_id)
    if person.id == admin.id:
        raise Conflict("Delete your own account from your Settings page.")
    delete_account(person, by=admin)
