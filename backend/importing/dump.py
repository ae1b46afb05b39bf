"""Reading a Stack Exchange data dump: finding its files, streaming their rows, reading their fields.

Knows the dump format and nothing of our database. Every file is read with iterparse
and each row is dropped once read, so memory stays flat however large the file.
"""

from __future__ import annotations

import gzip
import html
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, iterparse

QUESTION, ANSWER = 1, 2
DUPLICATE_LINK = 3
TITLE_LENGTH = 200

# Stack Exchange relicensed new contributions on these dates (UTC).
_LICENCES = (
    (datetime(2011, 4, 8, tzinfo=UTC), "CC BY-SA 2.5"),
    (datetime(2018, 5, 2, tzinfo=UTC), "CC BY-SA 3.0"),
)
_LATEST_LICENCE = "CC BY-SA 4.0"
_ANGLE_TAGS = re.compile(r"<([^<>]*)>")


class DumpError(Exception):
    """The dump cannot be imported: a file is missing, unreadable or malformed."""


def find_file(folder: Path, name: str) -> Path | None:
    """`name`.xml or `name`.xml.gz in the folder (the plain file wins when both are there)."""
    for candidate in (folder / f"{name}.xml", folder / f"{name}.xml.gz"):
        if candidate.is_file():
            return candidate
    return None


def _open(path: Path) -> gzip.GzipFile | BinaryIO:
    if path.name.endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of each <row> in the file, in file order; DumpError names a bad file."""
    try:
        with _open(path) as stream:
            root: Element | None = None
            for event, element in iterparse(stream, events=("start", "end")):
                if root is None:
                    root = element
                elif event == "end" and element.tag == "row":
                    attributes = dict(element.attrib)
                    # Drop the rows read so far: the root would otherwise keep them all.
                    root.clear()
                    yield attributes
    except (ParseError, OSError, EOFError, zlib.error) as error:
        raise DumpError(f"{path} is not a readable Stack Exchange dump file ({error}).") from error


def parse_date(value: str) -> datetime:
    """Dump dates are naive UTC ("2021-04-27T15:06:44.553")."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def licence_for(created_at: datetime) -> str:
    """The CC BY-SA version a post was contributed under, when the dump does not say."""
    for until, licence in _LICENCES:
        if created_at < until:
            return licence
    return _LATEST_LICENCE


def clean_title(raw: str) -> str:
    """Entities decoded once, whitespace collapsed, at most TITLE_LENGTH characters."""
    return " ".join(html.unescape(raw).split())[:TITLE_LENGTH].rstrip()


def raw_tag_names(raw: str) -> list[str]:
    """Tag names as the dump spells them: "<a><b>" in older dumps, "|a|b|" in newer ones."""
    if "<" in raw:
        return _ANGLE_TAGS.findall(raw)
    return [name for name in raw.split("|") if name]


@dataclass(frozen=True)
class Post:
    """One Posts.xml row, with the fields the import reads."""

    id: int
    type: int
    body: str
    created_at: datetime
    last_activity_at: datetime
    updated_at: datetime
    score: int
    owner_id: int | None
    owner_name: str | None
    licence: str
    parent_id: int | None = None
    accepted_answer_id: int | None = None
    title: str = ""
    tags: tuple[str, ...] = ()
    view_count: int = 0
    closed: bool = False


def _optional_int(row: dict[str, str], name: str) -> int | None:
    value = row.get(name)
    return int(value) if value else None


def read_post(row: dict[str, str]) -> Post:
    """A Posts.xml row as a Post; ValueError/KeyError when a required field is missing or bad."""
    created_at = parse_date(row["CreationDate"])
    last_activity = row.get("LastActivityDate")
    last_edit = row.get("LastEditDate")
    return Post(
        id=int(row["Id"]),
        type=int(row["PostTypeId"]),
        body=row.get("Body", ""),
        created_at=created_at,
        last_activity_at=parse_date(last_activity) if last_activity else created_at,
        updated_at=parse_date(last_edit) if last_edit else created_at,
        score=int(row.get("Score") or 0),
        owner_id=_optional_int(row, "OwnerUserId"),
        owner_name=" ".join(row.get("OwnerDisplayName", "").split()) or None,
        licence=row.get("ContentLicense") or licence_for(created_at),
        parent_id=_optional_int(row, "ParentId"),
        accepted_answer_id=_optional_int(row, "AcceptedAnswerId"),
        title=clean_title(row.get("Title", "")),
        tags=tuple(raw_tag_names(row.get("Tags", ""))),
        view_count=int(row.get("ViewCount") or 0),
        closed=bool(row.get("ClosedDate")),
    )


def posts(path: Path) -> Iterator[Post]:
    """Every row of Posts.xml as a Post; DumpError names the file and row when one is unreadable."""
    for row in rows(path):
        try:
            yield read_post(row)
        except (KeyError, ValueError) as error:
            raise DumpError(f"{path}: row {row.get('Id', '?')} is not a valid post: {error!r}") from error


COMMENT_LENGTH = 600


@dataclass(frozen=True)
class DumpComment:
    """One Comments.xml row."""

    id: int
    post_id: int
    text: str
    created_at: datetime
    user_id: int | None
    user_name: str | None

    def as_post(self) -> Post:
        """The comment as far as authorship goes: whose account stands for its author."""
        return Post(
            id=self.id,
            type=0,
            body="",
            created_at=self.created_at,
            last_activity_at=self.created_at,
            updated_at=self.created_at,
            score=0,
            owner_id=self.user_id,
            owner_name=self.user_name,
            licence="",
        )


def comments(path: Path) -> Iterator[DumpComment]:
    """Every row of Comments.xml; DumpError names the file and row when one is unreadable."""
    for row in rows(path):
        try:
            yield DumpComment(
                id=int(row["Id"]),
                post_id=int(row["PostId"]),
                # Longer than ours may be: kept whole would break the rule every other comment keeps.
                text=row.get("Text", "")[:COMMENT_LENGTH],
                created_at=parse_date(row["CreationDate"]),
                user_id=_optional_int(row, "UserId"),
                user_name=" ".join(row.get("UserDisplayName", "").split()) or None,
            )
        except (KeyError, ValueError) as error:
            raise DumpError(f"{path}: row {row.get('Id', '?')} is not a valid comment: {error!r}") from error
