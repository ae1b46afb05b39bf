"""Community health: who may see it, and its figures put together a point per week."""

from __future__ import annotations

from typing import Any

from backend import weeks
from backend.community_health import figures
from backend.errors import Forbidden
from backend.models import Tag, User, utcnow
from backend.synthesis.services import is_synthesizer
from backend.tags.services import get_tag

# About one member in ten takes part in a community of practice: the line the share is read against.
REFERENCE_ACTIVE_SHARE = 0.1
SPANS = (4, 12, 52)


def ensure_may_see(person: User, tag: Tag | None) -> None:
    if person.is_moderator or (tag is not None and is_synthesizer(person, tag.id)):
        return
    raise Forbidden("Only moderators see community health; a community's synthesizers see their community's.")


def community_health(person: User, span: int, tag_name: str | None, until: str | None) -> dict[str, Any]:
    """A point per week for the `span` weeks up to `until` (this week unless given), on the
    whole site or in one community, with where help is needed and who helped most."""
    tag = get_tag(tag_name) if tag_name else None
    ensure_may_see(person, tag)
    tag_id = tag.id if tag is not None else None
    last = until or weeks.current()
    span_weeks = [
        figures.Week(i, name, weeks.parse(name), start, end)
        for i, (name, start, end) in enumerate(weeks.span(last, span))
    ]
    first, final = span_weeks[0], span_weeks[-1]
    now = utcnow()
    asked = figures.questions(span_weeks, tag_id, now)
    people = figures.members(span_weeks, tag_id, now)
    newcomers = figures.new_contributors(first.monday, final.monday, tag_id)
    points = [
        _point(week, asked.get(week.index, {}), people.get(week.monday), newcomers) for week in span_weeks
    ]
    return {
        "tag": tag.name if tag is not None else None,
        "weeks": span,
        "first_week": first.name,
        "last_week": final.name,
        "starts_at": first.start,
        "ends_at": final.end,
        "reference_active_share": REFERENCE_ACTIVE_SHARE,
        "points": points,
        "help_needed": figures.help_needed(first.start, final.end, tag_id),
        "top_helpers": figures.top_helpers(first.start, final.end, tag_id),
    }


def _point(
    week: figures.Week, asked: dict[str, Any], people: dict[str, int] | None, newcomers: dict[Any, int]
) -> dict[str, Any]:
    count = asked.get("asked", 0)
    seen = people["seen"] if people else 0
    active = people["active"] if people else 0
    empty = {"median": None, "p90": None}
    return {
        "week": week.name,
        "starts_at": week.start,
        "asked": count,
        "answered": asked.get("answered", 0),
        "resolved": asked.get("resolved", 0),
        "answered_share": _share(asked.get("answered", 0), count),
        "resolved_share": _share(asked.get("resolved", 0), count),
        "first_answer_hours": asked.get("first_answer_hours", empty),
        "accepted_answer_hours": asked.get("accepted_answer_hours", empty),
        "members_seen": seen,
        "active_members": active,
        "active_share": _share(active, seen),
        "new_contributors": newcomers.get(week.monday, 0),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
