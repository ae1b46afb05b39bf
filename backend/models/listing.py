"""The content version: one number bumped by every write that changes what a list or a
thread shows (see backend/questions/content_version.py). And the members version, bumped
by database triggers whenever a member's row or their mutes change (migration 0024): the
members each worker keeps are good while it stands (backend/auth/session_member.py).

List totals, list pages and threads are cached against it: a read costs one
primary-key lookup instead of counting or rendering again.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db


class ListingVersion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "listing_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class MembersVersion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "members_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
