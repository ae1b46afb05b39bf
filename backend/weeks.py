"""ISO weeks ("2026-W49") in SITE_TIMEZONE: Monday 00:00 to the next Monday 00:00."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

WEEK = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})$")


class BadWeek(ValueError):
    pass


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SITE_TIMEZONE"])


def parse(week: str) -> date:
    """The Monday of this ISO week, or BadWeek."""
    found = WEEK.match(week)
    if not found:
        raise BadWeek("A week is written YYYY-Www, e.g. 2026-W49.")
    try:
        return date.fromisocalendar(int(found["year"]), int(found["week"]), 1)
    except ValueError:
        raise BadWeek(f"{week} is not a week of that year.") from None


def name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def bounds(week: str) -> tuple[datetime, datetime]:
    """The week's start and end as aware UTC datetimes."""
    monday = parse(week)
    zone = _zone()
    start = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    end = start + timedelta(days=7)
    # Built from the calendar, not by adding hours: a week with a clock change is 167 or 169 h.
    end = datetime(end.year, end.month, end.day, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def current(now: datetime | None = None) -> str:
    local = (now or datetime.now(UTC)).astimezone(_zone()).date()
    return name(local - timedelta(days=local.weekday()))


def previous(now: datetime | None = None) -> str:
    return name(parse(current(now)) - timedelta(days=7))


def before(week: str) -> str:
    return name(parse(week) - timedelta(days=7))


# The last week monday() found: (time zone, its start and end in UTC, its Monday). Every
# signed-in request asks for the current one (community_health.presence).
_last: tuple[str, datetime, datetime, date] | None = None


def monday(at: datetime) -> date:
    """The Monday (in SITE_TIMEZONE) of the week this aware instant falls in."""
    global _last
    zone_name = current_app.config["SITE_TIMEZONE"]
    last = _last
    if at.tzinfo is None:
        at = at.astimezone()  # as astimezone() takes a naive instant: in the system's zone
    if last is not None and last[0] == zone_name and last[1] <= at < last[2]:
        return last[3]
    local = at.astimezone(_zone()).date()
    found = local - timedelta(days=local.weekday())
    start, end = bounds(name(found))
    _last = (zone_name, start, end, found)
    return found


def span(last: str, count: int) -> list[tuple[str, datetime, datetime]]:
    """`count` weeks up to and including `last`, oldest first: (name, start, end) in UTC."""
    first = parse(last) - timedelta(days=7 * (count - 1))
    names = [name(first + timedelta(days=7 * i)) for i in range(count)]
    return [(each, *bounds(each)) for each in names]
