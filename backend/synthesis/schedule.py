"""Last week's drafts, prepared on schedule by the mail worker (which `make run` starts)."""

from __future__ import annotations

import logging

from backend import weeks
from backend.extensions import db
from backend.synthesis import drafting

log = logging.getLogger(__name__)


class WeeklyDrafts:
    """Drafts the previous week once per week in this process, and once after a start:
    drafting makes each community's draft at most once, so a restart repeats nothing."""

    def __init__(self) -> None:
        self.done_for: str | None = None

    def run_if_due(self) -> int:
        week = weeks.previous()
        if week == self.done_for:
            return 0
        made = drafting.draft_all(week)
        db.session.commit()
        self.done_for = week
        if made:
            log.info("prepared %d synthesis drafts for %s", made, week)
        return made
