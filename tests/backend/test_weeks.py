"""Which week an instant falls in, in the site's time zone: asked on every signed-in request
(presence), so the last answer is remembered; it must hold to the minute of the boundary,
across clock changes and when the site's time zone changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask

from backend import weeks


@pytest.mark.parametrize(
    ("zone", "monday_starts"),
    [
        ("UTC", datetime(2026, 12, 7, 0, 0, tzinfo=UTC)),
        ("Europe/Paris", datetime(2026, 12, 6, 23, 0, tzinfo=UTC)),
        ("Asia/Kolkata", datetime(2026, 12, 6, 18, 30, tzinfo=UTC)),
        # The Monday after Europe's clocks go back: the week before is 169 hours long.
        ("Europe/Paris", datetime(2026, 10, 25, 23, 0, tzinfo=UTC)),
    ],
)
def test_the_week_turns_at_local_midnight_on_monday(app: Flask, zone: str, monday_starts: datetime) -> None:
    app.config["SITE_TIMEZONE"] = zone
    new_week = monday_starts.date() if zone == "UTC" else monday_starts.date() + timedelta(days=1)
    with app.app_context():
        for at in (monday_starts - timedelta(days=6), monday_starts - timedelta(seconds=1)):
            assert weeks.monday(at) == new_week - timedelta(days=7)
        for at in (monday_starts, monday_starts + timedelta(days=6, hours=23)):
            assert weeks.monday(at) == new_week
        assert weeks.monday(monday_starts - timedelta(microseconds=1)) == new_week - timedelta(days=7)


def test_a_new_time_zone_is_taken_at_once(app: Flask) -> None:
    at = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Sunday in London, Monday in Paris
    with app.app_context():
        app.config["SITE_TIMEZONE"] = "Europe/London"
        assert weeks.monday(at) == date(2026, 11, 30)
        app.config["SITE_TIMEZONE"] = "Europe/Paris"
        assert weeks.monday(at) == date(2026, 12, 7)
