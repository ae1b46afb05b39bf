"""Imported authors: one placeholder account per source user, which can never sign in.

A placeholder is matched by its email (se-<site>-<user id>@imported.invalid; one shared
"Anonymous user" per site for posts whose owner is gone), so importing again finds the
same accounts instead of making new ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from tqdm import tqdm

from backend.database import insert_returning_ids
from backend.extensions import db
from backend.importing.dump import DumpError, Post, parse_date, rows
from backend.models import User
from backend.models.user import PLACEHOLDER_EMAIL_DOMAIN

ANONYMOUS = "Anonymous user"
PLACEHOLDER_DOMAIN = PLACEHOLDER_EMAIL_DOMAIN
DISPLAY_NAME_LENGTH, AUTHOR_NAME_LENGTH = 60, 200


def placeholder_email(site: str, source_user_id: int | None) -> str:
    """The email of the account standing for a source author (None: posts with no owner)."""
    who = "anonymous" if source_user_id is None else str(source_user_id)
    return f"se-{site}-{who}@{PLACEHOLDER_DOMAIN}"


class Authors:
    """Source users of one site and the placeholder accounts standing for them."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.created = 0
        # Source user id -> (display name, joined), from Users.xml when the dump has it.
        self._source: dict[int, tuple[str, datetime | None]] = {}
        # Source user id (None: posts with no owner) -> our account id.
        self._accounts: dict[int | None, int] = {}

    def read_users(self, path: Path, show_progress: bool = False) -> None:
        for row in tqdm(rows(path), desc=path.name, unit=" rows", disable=not show_progress):
            try:
                name = " ".join(row.get("DisplayName", "").split())
                joined = row.get("CreationDate")
                if name:
                    self._source[int(row["Id"])] = (name, parse_date(joined) if joined else None)
            except (KeyError, ValueError) as error:
                raise DumpError(f"{path}: row {row.get('Id', '?')} is not a valid user: {error!r}") from None

    def name(self, post: Post) -> str:
        """Who wrote the post, for its attribution: Users.xml's name, the post's, or user<id>."""
        known = self._source.get(post.owner_id) if post.owner_id is not None else None
        if known:
            return known[0][:AUTHOR_NAME_LENGTH]
        if post.owner_name:
            return post.owner_name[:AUTHOR_NAME_LENGTH]
        return ANONYMOUS if post.owner_id is None else f"user{post.owner_id}"

    def account_id(self, post: Post) -> int:
        """The placeholder account of the post's author (ensure_accounts must have seen the post)."""
        return self._accounts[post.owner_id]

    def ensure_accounts(self, posts: Sequence[Post]) -> None:
        """Find or make the placeholder accounts (no password) for the authors of these posts."""
        wanted: dict[str, Post] = {}
        for post in posts:
            if post.owner_id not in self._accounts:
                wanted.setdefault(placeholder_email(self.site, post.owner_id), post)
        if not wanted:
            return
        found = db.session.execute(
            select(User.id, User.email, User.password_hash).where(User.email.in_(wanted))
        )
        for user_id, email, password_hash in found:
            # Anyone may register any address: never hand imported posts to an account that can sign in.
            if password_hash is not None:
                raise DumpError(
                    f"The account {email} can sign in, so it cannot stand for an imported author."
                )
            self._accounts[wanted.pop(email).owner_id] = user_id
        if not wanted:
            return
        accounts = [
            {
                "email": email,
                "display_name": (ANONYMOUS if post.owner_id is None else self.name(post))[
                    :DISPLAY_NAME_LENGTH
                ],
                "password_hash": None,
                "reputation": 0,
                "created_at": self._joined(post),
                "is_active": True,
            }
            for email, post in wanted.items()
        ]
        ids = insert_returning_ids(User.__table__, accounts)
        for post, user_id in zip(wanted.values(), ids, strict=True):
            self._accounts[post.owner_id] = user_id
        self.created += len(ids)

    def _joined(self, post: Post) -> datetime:
        known = self._source.get(post.owner_id) if post.owner_id is not None else None
        return known[1] if known and known[1] else post.created_at
