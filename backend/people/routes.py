"""/api/v1/admin/users: find people, change their role, deactivate, reactivate, delete."""

from __future__ import annotations

from typing import Any

from backend.arguments import Blueprint
from backend.errors import Unauthorized
from backend.extensions import db
from backend.pagination import page, page_of
from backend.people import services
from backend.people.schemas import PeopleArgsSchema, PersonSchema, PersonUpdateSchema
from backend.presented import Presented
from backend.viewer import member, viewer

blp = Blueprint("people", __name__, url_prefix="/api/v1/admin/users", description="People (admins)")


@blp.before_request
def admins_only() -> None:
    # Before the body is parsed: others learn nothing from validation errors.
    person = viewer()
    if person is None:
        raise Unauthorized("Sign in to do this.")
    services.ensure_admin(person)


@blp.route("", methods=["GET"])
@blp.arguments(PeopleArgsSchema, location="query")
@blp.response(200, page_of(PersonSchema))
def list_people(args: dict) -> dict[str, Any]:
    """Accounts by name, filtered by `q` (part of a name or an email)."""
    items, total = services.find_people(args["q"], args["page"], args["per_page"])
    return page(items, args["page"], args["per_page"], total)


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.arguments(PersonUpdateSchema)
@blp.response(200, PersonSchema)
def update_person(data: dict, user_id: int) -> Presented:
    """Change a role (member, moderator, admin) or deactivate (sessions and tokens stop at
    once) and reactivate an account. The last admin stays an active admin."""
    person = services.update_person(member(), user_id, data.get("role"), data.get("is_active"))
    db.session.commit()
    return services.presented(person)


@blp.route("/<int:user_id>", methods=["DELETE"])
@blp.response(204)
def delete_person(user_id: int) -> None:
    """Delete an account as its owner would: posts stay, by "former member"."""
    services.remove_person(member(), user_id)
    db.session.commit()
