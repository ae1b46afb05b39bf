"""A version number for the question lists' totals, bumped by every write that can change one.

List pages cache their exact total per filter against this number: a read costs one
primary-key lookup instead of counting every matching question.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db


class ListingVersion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "listing_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
