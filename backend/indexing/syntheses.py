"""Published syntheses read from the database as search documents."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from backend.content import plain_text
from backend.extensions import db
from backend.models import Synthesis, SynthesisStatus, Tag
from backend.synthesis.naming import heading
from search.documents import SynthesisData


def synthesis_data(synthesis_ids: Sequence[int]) -> dict[int, SynthesisData]:
    """SynthesisData for the published syntheses among these ids (a draft is never found)."""
    if not synthesis_ids:
        return {}
    rows = db.session.execute(
        select(
            Synthesis.id,
            Synthesis.week,
            Synthesis.html,
            Synthesis.published_at,
            Synthesis.updated_at,
            Tag.name,
        )
        .join(Tag, Tag.id == Synthesis.tag_id)
        .where(Synthesis.id.in_(synthesis_ids), Synthesis.status == SynthesisStatus.PUBLISHED)
    ).all()
    return {
        row.id: SynthesisData(
            id=row.id,
            tag=row.name,
            week=row.week,
            title=heading(row.name, row.week),
            text=plain_text(row.html),
            published_at=row.published_at,
            updated_at=row.updated_at,
        )
        for row in rows
    }


def published_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(Synthesis.id).where(Synthesis.status == SynthesisStatus.PUBLISHED).order_by(Synthesis.id)
        )
    )
