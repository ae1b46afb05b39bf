"""Exporting the whole site as a Stack Exchange data dump: Posts, Users, Tags, Votes,
Comments, PostHistory and PostLinks (duplicates), one XML file each, streamed.

What leaves and what does not:
- Deleted posts never; hidden ones (pending review, held, rejected) only with
  include_hidden. Answers and comments of a thread that is left out are left out with it.
- Users.xml has names, join dates, reputation and "about me": never an email address, a
  password hash or a sign-in identity. Deleted accounts are not listed.
- Anonymity stays: a post the asker of an anonymous question wrote in that thread (the
  question, their answers and comments, their revisions) names nobody.
- Votes carry no voter, as in the public dumps; an accepted answer is also a vote of type 1.
- Post ids: Stack Exchange numbers questions and answers together, so a question keeps its
  id and an answer is numbered after the last question (answer_offset + its id).

The importer (backend.importing) reads Posts, Users, Comments and PostLinks back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from sqlalchemy import Select, func, or_, select
from tqdm import tqdm

from backend.extensions import db
from backend.models import (
    Answer,
    Attribution,
    Comment,
    Question,
    QuestionStatus,
    QuestionTag,
    Revision,
    Tag,
    User,
    Vote,
)

QUESTION, ANSWER, TAG_WIKI = 1, 2, 5
DUPLICATE = 3
UP, DOWN, ACCEPTED = 2, 3, 1
FILES = ("Posts", "Users", "Tags", "Votes", "Comments", "PostHistory", "PostLinks")
STREAM = 2000
# XML 1.0 has no place for most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ExportError(Exception):
    """The export cannot be written where it was asked to be."""


@dataclass
class ExportReport:
    folder: Path
    counts: dict[str, int] = field(default_factory=dict)


def _date(value: datetime | None) -> str | None:
    # Dump dates are naive UTC with milliseconds: "2021-04-27T15:06:44.553".
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}" if value else None


class _Writer:
    """One dump file: <name> with a <row/> per record, attributes escaped for XML."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name = name
        self.count = 0
        self._file: IO[str] = (folder / f"{name}.xml").open("w", encoding="utf-8")
        self._file.write(f'<?xml version="1.0" encoding="utf-8"?>\n<{name.lower()}>\n')

    def row(self, **attributes: Any) -> None:
        parts = ["  <row"]
        for key, value in attributes.items():
            if value is None or value == "":
                continue
            text = value if isinstance(value, str) else str(int(value) if isinstance(value, bool) else value)
            parts.append(f" {key}={quoteattr(_NOT_XML.sub('', text), {chr(10): '&#xA;', chr(13): '&#xD;'})}")
        parts.append(" />\n")
        self._file.write("".join(parts))
        self.count += 1

    def close(self) -> None:
        self._file.write(f"</{self.name.lower()}>\n")
        self._file.close()


def _pairs(statement: Select) -> dict[Any, Any]:
    return {key: value for key, value in db.session.execute(statement)}


def _stream(statement: Select) -> Iterator[Any]:
    yield from db.session.execute(statement.execution_options(yield_per=STREAM))


def prepare_folder(folder: Path, force: bool) -> None:
    """The folder to write into: made if missing; one with files in it only with force."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder.")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder} is not empty: choose an empty folder, or pass --force to write over it.")
    folder.mkdir(parents=True, exist_ok=True)


class _Export:
    def __init__(self, folder: Path, include_hidden: bool, show_progress: bool) -> None:
        self.folder = folder
        self.include_hidden = include_hidden
        self.show_progress = show_progress
        self.answer_offset = db.session.scalar(select(func.max(Question.id))) or 0
        self.report = ExportReport(folder)
        # Anonymous threads: question id -> its asker, whose posts there name nobody.
        self.anonymous: dict[int, int] = _pairs(
            select(Question.id, Question.author_id).where(Question.is_anonymous.is_(True))
        )

    # -- what is shown ------------------------------------------------------------------

    def _shown(self, model: Any) -> list[Any]:
        conditions = [model.is_deleted.is_(False)]
        if not self.include_hidden:
            conditions.append(model.hidden_at.is_(None))
        return conditions

    def _questions(self) -> Select:
        return select(Question.id).where(*self._shown(Question))

    def _answers(self) -> Select:
        return select(Answer.id).where(*self._shown(Answer), Answer.question_id.in_(self._questions()))

    def _owner(self, thread_id: int, author_id: int | None) -> int | None:
        """The author to name, or None where naming them would tell who asked anonymously."""
        if author_id is None or self.anonymous.get(thread_id) == author_id:
            return None
        return author_id

    def _progress(self, items: Iterable[Any], what: str, total: int | None = None) -> Iterable[Any]:
        return tqdm(items, desc=what, unit=" rows", total=total, disable=not self.show_progress)

    # -- the files ------------------------------------------------------------------------

    def run(self) -> ExportReport:
        for name in FILES:
            writer = _Writer(self.folder, name)
            try:
                getattr(self, f"_write_{name.lower()}")(writer)
            finally:
                writer.close()
            self.report.counts[name] = writer.count
        return self.report

    def _tag_names(self) -> dict[int, list[str]]:
        names: dict[int, list[str]] = {}
        rows = select(QuestionTag.question_id, Tag.name).join(Tag, Tag.id == QuestionTag.tag_id)
        for question_id, name in _stream(rows.where(QuestionTag.question_id.in_(self._questions()))):
            names.setdefault(question_id, []).append(name)
        return names

    def _write_posts(self, out: _Writer) -> None:
        tags = self._tag_names()
        answer_counts = _pairs(
            select(Answer.question_id, func.count())
            .where(Answer.id.in_(self._answers()))
            .group_by(Answer.question_id)
        )
        comment_counts = self._comment_counts()
        licence = Attribution.licence
        questions = (
            select(Question, licence)
            .outerjoin(Attribution, Attribution.question_id == Question.id)
            .where(Question.id.in_(self._questions()))
            .order_by(Question.id)
        )
        total = db.session.scalar(select(func.count()).select_from(self._questions().subquery()))
        for q, content_licence in self._progress(_stream(questions), "Posts.xml: questions", total):
            accepted = q.accepted_answer_id
            out.row(
                Id=q.id,
                PostTypeId=QUESTION,
                AcceptedAnswerId=self.answer_offset + accepted if accepted else None,
                CreationDate=_date(q.created_at),
                Score=q.score,
                ViewCount=None,
                Body=q.body_html,
                OwnerUserId=self._owner(q.id, q.author_id),
                LastEditDate=_date(q.updated_at) if q.updated_at and q.updated_at > q.created_at else None,
                LastActivityDate=_date(q.last_activity_at),
                Title=q.title,
                Tags="|" + "|".join(sorted(tags.get(q.id, []))) + "|" if tags.get(q.id) else None,
                AnswerCount=answer_counts.get(q.id, 0),
                CommentCount=comment_counts.get(("q", q.id), 0),
                ClosedDate=_date(q.updated_at) if q.status == QuestionStatus.CLOSED else None,
                ContentLicense=content_licence,
            )
        answers = (
            select(Answer, licence)
            .outerjoin(Attribution, Attribution.answer_id == Answer.id)
            .where(Answer.id.in_(self._answers()))
            .order_by(Answer.id)
        )
        for a, content_licence in self._progress(_stream(answers), "Posts.xml: answers"):
            out.row(
                Id=self.answer_offset + a.id,
                PostTypeId=ANSWER,
                ParentId=a.question_id,
                CreationDate=_date(a.created_at),
                Score=a.score,
                Body=a.body_html,
                OwnerUserId=self._owner(a.question_id, a.author_id),
                LastEditDate=_date(a.updated_at) if a.updated_at and a.updated_at > a.created_at else None,
                LastActivityDate=_date(a.updated_at or a.created_at),
                CommentCount=comment_counts.get(("a", a.id), 0),
                ContentLicense=content_licence,
            )
        # A community's description, as the dumps keep them: a tag wiki post named in Tags.xml.
        self.wiki_ids: dict[int, int] = {}
        next_id = self.answer_offset + (db.session.scalar(select(func.max(Answer.id))) or 0)
        described = (
            select(Tag).where(Tag.synonym_of_id.is_(None), Tag.description_html != "").order_by(Tag.id)
        )
        for tag in db.session.scalars(described):
            next_id += 1
            self.wiki_ids[tag.id] = next_id
            out.row(
                Id=next_id,
                PostTypeId=TAG_WIKI,
                CreationDate=_date(tag.created_at),
                Score=0,
                Body=tag.description_html,
            )

    def _comments(self) -> Select:
        on_shown_post = or_(
            Comment.question_id.in_(self._questions()),
            Comment.answer_id.in_(self._answers()),
        )
        return select(Comment).where(*self._shown(Comment), on_shown_post)

    def _comment_counts(self) -> dict[tuple[str, int], int]:
        shown = self._comments().subquery()
        counts: dict[tuple[str, int], int] = {}
        for question_id, answer_id, count in db.session.execute(
            select(shown.c.question_id, shown.c.answer_id, func.count()).group_by(
                shown.c.question_id, shown.c.answer_id
            )
        ):
            counts[("q", question_id) if question_id is not None else ("a", answer_id)] = count
        return counts

    def _write_users(self, out: _Writer) -> None:
        people = (
            select(User.id, User.display_name, User.created_at, User.reputation, User.about_html)
            .where(User.deleted_at.is_(None))
            .order_by(User.id)
        )
        for user_id, name, joined, reputation, about in self._progress(_stream(people), "Users.xml"):
            out.row(
                Id=user_id, Reputation=reputation, CreationDate=_date(joined), DisplayName=name, AboutMe=about
            )

    def _write_tags(self, out: _Writer) -> None:
        counts = _pairs(
            select(QuestionTag.tag_id, func.count())
            .where(QuestionTag.question_id.in_(self._questions()))
            .group_by(QuestionTag.tag_id)
        )
        for tag in db.session.scalars(select(Tag).where(Tag.synonym_of_id.is_(None)).order_by(Tag.id)):
            out.row(
                Id=tag.id, TagName=tag.name, Count=counts.get(tag.id, 0), WikiPostId=self.wiki_ids.get(tag.id)
            )

    def _write_votes(self, out: _Writer) -> None:
        votes = (
            select(Vote.id, Vote.question_id, Vote.answer_id, Vote.value, Vote.created_at)
            .where(or_(Vote.question_id.in_(self._questions()), Vote.answer_id.in_(self._answers())))
            .order_by(Vote.id)
        )
        last = 0
        for vote_id, question_id, answer_id, value, created_at in self._progress(_stream(votes), "Votes.xml"):
            post_id = question_id if question_id is not None else self.answer_offset + answer_id
            # Public dumps give the day only, and never the voter.
            out.row(
                Id=vote_id,
                PostId=post_id,
                VoteTypeId=UP if value > 0 else DOWN,
                CreationDate=_day(created_at),
            )
            last = max(last, vote_id)
        accepted = (
            select(Question.accepted_answer_id, Question.resolved_at, Question.updated_at)
            .where(Question.id.in_(self._questions()), Question.accepted_answer_id.in_(self._answers()))
            .order_by(Question.id)
        )
        for answer_id, resolved_at, updated_at in _stream(accepted):
            last += 1
            out.row(
                Id=last,
                PostId=self.answer_offset + answer_id,
                VoteTypeId=ACCEPTED,
                CreationDate=_day(resolved_at or updated_at),
            )

    def _write_comments(self, out: _Writer) -> None:
        thread_of_answer = select(Answer.question_id).where(Answer.id == Comment.answer_id).scalar_subquery()
        comments = select(
            Comment.id,
            Comment.question_id,
            Comment.answer_id,
            func.coalesce(Comment.question_id, thread_of_answer),
            Comment.author_id,
            Comment.body_source,
            Comment.created_at,
        ).where(Comment.id.in_(self._comments().with_only_columns(Comment.id)))
        for comment_id, question_id, answer_id, thread_id, author_id, text, created_at in self._progress(
            _stream(comments.order_by(Comment.id)), "Comments.xml"
        ):
            out.row(
                Id=comment_id,
                PostId=question_id if question_id is not None else self.answer_offset + answer_id,
                Score=0,
                Text=text,
                CreationDate=_date(created_at),
                UserId=self._owner(thread_id, author_id),
            )

    def _write_posthistory(self, out: _Writer) -> None:
        revisions = (
            select(Revision, Answer.question_id.label("answer_thread"))
            .outerjoin(Answer, Answer.id == Revision.answer_id)
            .where(
                or_(
                    Revision.question_id.in_(self._questions()),
                    Revision.answer_id.in_(self._answers()),
                )
            )
            .order_by(Revision.question_id, Revision.answer_id, Revision.created_at, Revision.id)
        )
        last_post: int | None = None
        row_id = 0
        for revision, answer_thread in self._progress(_stream(revisions), "PostHistory.xml"):
            is_question = revision.question_id is not None
            post_id = revision.question_id if is_question else self.answer_offset + revision.answer_id
            thread_id = revision.question_id if is_question else answer_thread
            first = post_id != last_post
            last_post = post_id
            common = {
                "PostId": post_id,
                "RevisionGUID": str(uuid.uuid5(uuid.NAMESPACE_OID, f"commonplace-revision-{revision.id}")),
                "CreationDate": _date(revision.created_at),
                "UserId": self._owner(thread_id, revision.editor_id),
            }
            # Initial title/body/tags are types 1/2/3; edits 4/5/6.
            if is_question:
                row_id += 1
                out.row(Id=row_id, PostHistoryTypeId=1 if first else 4, Text=revision.title, **common)
            row_id += 1
            out.row(Id=row_id, PostHistoryTypeId=2 if first else 5, Text=revision.body_source, **common)
            if is_question:
                row_id += 1
                tags = "|" + "|".join((revision.tags or "").split()) + "|" if revision.tags else None
                out.row(Id=row_id, PostHistoryTypeId=3 if first else 6, Text=tags, **common)

    def _write_postlinks(self, out: _Writer) -> None:
        shown = self._questions()
        links = (
            select(Question.id, Question.duplicate_of_id, Question.updated_at)
            .where(Question.id.in_(shown), Question.duplicate_of_id.in_(shown))
            .order_by(Question.id)
        )
        for n, (question_id, original_id, when) in enumerate(_stream(links), start=1):
            out.row(
                Id=n,
                CreationDate=_date(when),
                PostId=question_id,
                RelatedPostId=original_id,
                LinkTypeId=DUPLICATE,
            )


def _day(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT00:00:00.000") if value else None


def export_stackexchange(
    folder: Path, *, include_hidden: bool = False, force: bool = False, show_progress: bool = False
) -> ExportReport:
    """Write the site into `folder` as a Stack Exchange data dump (read only; never commits)."""
    prepare_folder(folder, force)
    return _Export(folder, include_hidden, show_progress).run()
