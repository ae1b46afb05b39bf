"""Who was seen and who took part, a row per person, community and week: what community
health counts. Kept as people act, because counting a year of votes and posts per request
cost 0.65 s at 100k questions (docs/benchmarks.md, issue 17)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db

SITE = 0  # the tag_id of rows about the whole site


class MemberWeek(db.Model):  # type: ignore[name-defined]
    """A person seen (signed in) or active (asked, answered, commented or voted) in a week,
    on the whole site (tag_id SITE) and in each community they acted in. No foreign key on
    tag_id: SITE is not a tag."""

    __tablename__ = "member_weeks"

    tag_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    acted: Mapped[bool] = mapped_column(Boolean, default=False)

    # The primary key is the table: a week's rows are read together, `acted` with them.
    __table_args__ = ({"sqlite_with_rowid": False},)


class FirstPost(db.Model):  # type: ignore[name-defined]
    """The week of a person's first post (question, answer or comment), on the site and in
    each community: new contributors."""

    __tablename__ = "first_posts"

    tag_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    week: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_first_posts_week", "tag_id", "week"),)


class HealthWeek(db.Model):  # type: ignore[name-defined]
    """A finished week's figures that cost most to take, on the site (tag_id SITE) or in a
    community: a cache, never the source of a figure.

    - The percentiles of waiting (first answer, accepted answer), with the fingerprint of
      the questions they were ranked from: counts and sums read in the scan that counts the
      week's questions anyway, which change with any answer, acceptance, deletion, hiding or
      retagging of the week's questions; a week whose fingerprint changed is ranked again.
    - Members seen and active, counted once the week is over (its rows no longer change;
      `flask community-health rebuild` counts them again)."""

    __tablename__ = "health_weeks"

    tag_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    fingerprint: Mapped[str | None] = mapped_column(String(120))
    first_median: Mapped[float | None] = mapped_column(Float)
    first_p90: Mapped[float | None] = mapped_column(Float)
    accepted_median: Mapped[float | None] = mapped_column(Float)
    accepted_p90: Mapped[float | None] = mapped_column(Float)
    seen: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = ({"sqlite_with_rowid": False},)
