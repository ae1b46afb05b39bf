"""Importing a Stack Exchange data dump: questions, answers, acceptances, duplicates, comments
and their authors.

Everything happens in the caller's transaction (the CLI commits once), so a dump that
fails half-way leaves nothing behind. What is already here is left as it is: posts are
matched by their Attribution (site, source id) and authors by their placeholder email,
so a second run of the same dump adds nothing.

Decisions worth knowing:
- Bodies keep their HTML, cleaned by the one allow-list; body_source holds the same
  sanitized HTML (the dumps carry no Markdown). An imported post edited later is
  rendered as Markdown, which escapes that HTML.
- A question closed on the source site stays "closed" even when it has an accepted
  answer (closed wins over resolved); the acceptance itself is kept, as it is here
  when an answer is accepted on a closed question.
- Votes.xml is not read: public dumps carry anonymous votes, so the imported Score is
  kept as it is and no Vote rows are made. Authors earn what acceptances are worth
  under our rules, which is what `flask reputation recompute` derives too.
- Tags.xml is not read: tag wiki excerpts are CC BY-SA text with no post to credit,
  and a tag description has no place to show an attribution.
- Comments are imported with the posts this run adds (so a second run adds none); their
  text is rendered as Markdown, as comments written here are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Column, Integer, bindparam, insert, select, update
from tqdm import tqdm

from backend.community_health import activity, kept_weeks
from backend.database import bulk_insert, bulk_write_settings, insert_returning_ids, temporary_table
from backend.extensions import db
from backend.importing.authors import Authors
from backend.importing.cleaning import clean_bodies, cleaned, render_comments
from backend.importing.dump import (
    ANSWER,
    DUPLICATE_LINK,
    QUESTION,
    DumpComment,
    DumpError,
    Post,
    comments,
    find_file,
    posts,
    rows,
)
from backend.indexing.outbox import enqueue_many
from backend.models import (
    Answer,
    Attribution,
    Comment,
    Question,
    QuestionStatus,
    QuestionTag,
    QuestionView,
    Revision,
    Tag,
)
from backend.questions.content_version import content_changed
from backend.questions.listing import LISTING_KEYS, refresh_listing_keys
from backend.reputation import services as reputation
from backend.tags.services import MAX_TAGS, TAG_NAME, get_or_create_tags

# Posts are written this many at a time; IN lists stay well under database limits.
BATCH = 500
SITE_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,59}")
TAG_LENGTH = 35
_NOT_TAG_CHARACTERS = re.compile(r"[^a-z0-9+#.-]")
T = TypeVar("T")


@dataclass
class ImportReport:
    """What one import added (questions, answers, users, duplicate links) and what it left out."""

    site: str
    questions: int = 0
    answers: int = 0
    users: int = 0
    links: int = 0
    comments: int = 0
    # Questions and answers not imported: empty once sanitized, untitled, or their question is missing.
    skipped: int = 0
    # Questions and answers an earlier run imported, left as they are.
    existing: int = 0

    @property
    def new(self) -> int:
        return self.questions + self.answers + self.users + self.links + self.comments


class _NewQuestion(NamedTuple):
    id: int
    author_id: int
    closed: bool
    accepted_source_id: int | None


# What settling a new question writes (besides its thread version), in one pass.
_SETTLED_FACTS = ("answer_count", "accepted_answer_id", "status", "first_answer_at", "resolved_at")


class _NewAnswer(NamedTuple):
    id: int
    question_id: int
    author_id: int
    created_at: datetime


def site_name(folder: Path, site: str | None = None) -> str:
    """The site's short name (as in <name>.stackexchange.com): given, or the folder's name."""
    name = (site or folder.resolve().name).strip().lower().removesuffix(".stackexchange.com")
    if not SITE_NAME.fullmatch(name):
        raise DumpError(f"{name!r} is not a site name like 'coffee' (a-z, 0-9, '.', '-'); give --site.")
    return name


def clean_tag_name(raw: str) -> str:
    """A dump's tag name under our rules: lowercase, spaces as '-', other characters dropped."""
    name = "-".join(raw.lower().replace("_", "-").split())
    return _NOT_TAG_CHARACTERS.sub("", name)[:TAG_LENGTH]


def post_url(site: str, post: Post) -> str:
    return f"https://{site}.stackexchange.com/{'q' if post.type == QUESTION else 'a'}/{post.id}"


def _batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def import_stackexchange(
    folder: Path, site: str | None = None, *, show_progress: bool = False, jobs: int = 1
) -> ImportReport:
    """Import a dump folder (Posts.xml[.gz]; Users, PostLinks and Comments when present); never commits.

    `jobs` processes clean the posts and comments while this one writes them.
    """
    if not folder.is_dir():
        raise DumpError(f"{folder} is not a folder.")
    posts_file = find_file(folder, "Posts")
    if posts_file is None:
        raise DumpError(f"No Posts.xml or Posts.xml.gz in {folder}: is it a Stack Exchange data dump folder?")
    with bulk_write_settings():
        importer = _Importer(site_name(folder, site), show_progress, jobs)
        # Streamed passes: authors' names first, then the posts, then the links between posts.
        users_file = find_file(folder, "Users")
        if users_file is not None:
            importer.authors.read_users(users_file, show_progress)
        importer.read_posts(posts_file)
        importer.settle_threads()
        links_file = find_file(folder, "PostLinks")
        if links_file is not None:
            importer.read_duplicate_links(links_file)
        comments_file = find_file(folder, "Comments")
        if comments_file is not None:
            importer.read_comments(comments_file)
        enqueue_many(importer.changed_question_ids())
        activity.settle()  # the rows went in beside the services: community health counts them now
        kept_weeks.forget_members()
        importer.report.users = importer.authors.created
    return importer.report


class _Importer:
    def __init__(self, site: str, show_progress: bool, jobs: int) -> None:
        self.site = site
        self.show_progress = show_progress
        self.jobs = jobs
        self.report = ImportReport(site)
        self.authors = Authors(site)
        self.fallback_tag = clean_tag_name(site) or "imported"
        # Source question id -> our id, for new questions and those an earlier run imported.
        self.question_ids: dict[int, int] = {}
        self.new_questions: dict[int, _NewQuestion] = {}
        self.new_answers: dict[int, _NewAnswer] = {}
        self.answers_added: Counter[int] = Counter()
        # A site's first import has no earlier posts to match. (On PostgreSQL the check for them,
        # planned while the table was nearly empty, read all of it for every batch: over 0.8 s
        # a batch, and growing, 12 minutes into the 100k-question dump.)
        self.site_seen_before = (
            db.session.scalar(select(Attribution.id).where(Attribution.site == site).limit(1)) is not None
        )
        # Source ids of the posts this run has taken, so a row the file repeats is skipped.
        self.taken: set[int] = set()
        self.tag_questions: Counter[int] = Counter()
        self.question_tags: list[dict[str, int]] = []

    # -- posts ------------------------------------------------------------------------

    def read_posts(self, path: Path) -> None:
        stream = tqdm(posts(path), desc=path.name, unit=" rows", disable=not self.show_progress)
        # Excerpts, wikis and the like (other post types) are not content.
        batches = (self._new_posts(b) for b in _batches(p for p in stream if p.type in (QUESTION, ANSWER)))
        for batch, bodies in cleaned(clean_bodies, batches, _bodies, self.jobs):
            kept = self._readable(batch, bodies)
            # Questions first: an answer's question may be in the same batch.
            self._insert_questions([(p, body) for p, body in kept if p.type == QUESTION])
            self._insert_answers([(p, body) for p, body in kept if p.type == ANSWER])

    def _new_posts(self, batch: Sequence[Post]) -> list[Post]:
        """The batch less what an earlier run imported and rows this file repeats (the first is kept)."""
        existing = (
            db.session.execute(
                select(Attribution.source_id, Attribution.question_id).where(
                    Attribution.site == self.site, Attribution.source_id.in_([p.id for p in batch])
                )
            ).all()
            if self.site_seen_before
            else []
        )
        for source_id, question_id in existing:
            if question_id is not None:
                self.question_ids[source_id] = question_id
        self.report.existing += len(existing)
        seen = {source_id for source_id, _ in existing}
        new = []
        for post in batch:
            if post.id in seen:
                continue
            if post.id in self.taken:
                self.report.skipped += 1
            else:
                self.taken.add(post.id)
                new.append(post)
        return new

    def _readable(self, batch: Sequence[Post], bodies: Sequence[str | None]) -> list[tuple[Post, str]]:
        kept = []
        for post, body in zip(batch, bodies, strict=True):
            if body is not None and (post.type == ANSWER or post.title):
                kept.append((post, body))
            else:
                self.report.skipped += 1
        return kept

    def _tag_names(self, post: Post) -> list[str]:
        cleaned = (clean_tag_name(raw) for raw in post.tags)
        names = list(dict.fromkeys(name for name in cleaned if TAG_NAME.fullmatch(name)))
        return names[:MAX_TAGS] or [self.fallback_tag]

    def _attribution(self, post: Post, **target: int) -> dict[str, Any]:
        return {
            **target,
            "site": self.site,
            "source_id": post.id,
            "url": post_url(self.site, post),
            "author_name": self.authors.name(post),
            "licence": post.licence,
        }

    def _insert_questions(self, kept: Sequence[tuple[Post, str]]) -> None:
        if not kept:
            return
        self.authors.ensure_accounts([post for post, _ in kept])
        questions: list[dict[str, Any]] = [
            {
                "title": post.title,
                "body_source": body,
                "body_html": body,
                "author_id": self.authors.account_id(post),
                "is_anonymous": False,
                # Resolved or not is known once the answers are in (settle_threads).
                "status": QuestionStatus.CLOSED if post.closed else QuestionStatus.OPEN,
                "score": post.score,
                "answer_count": 0,
                "created_at": post.created_at,
                "updated_at": post.updated_at,
                "last_activity_at": post.last_activity_at,
                "is_deleted": False,
            }
            for post, body in kept
        ]
        ids = insert_returning_ids(Question.__table__, questions)
        names = {post.id: self._tag_names(post) for post, _ in kept}
        wanted = list(dict.fromkeys(name for post_names in names.values() for name in post_names))
        tag_ids = {tag.name: tag.id for tag in get_or_create_tags(wanted)}
        attributions, revisions, views = [], [], []
        for (post, _), question_id, row in zip(kept, ids, questions, strict=True):
            if post.view_count:
                views.append({"question_id": question_id, "view_count": post.view_count})
            self.question_ids[post.id] = question_id
            self.new_questions[post.id] = _NewQuestion(
                question_id, row["author_id"], post.closed, post.accepted_answer_id
            )
            attributions.append(self._attribution(post, question_id=question_id))
            revisions.append(
                {
                    "question_id": question_id,
                    "editor_id": row["author_id"],
                    "title": post.title,
                    "body_source": row["body_source"],
                    "tags": " ".join(names[post.id]),
                    "created_at": post.created_at,
                }
            )
            for name in names[post.id]:
                self.tag_questions[tag_ids[name]] += 1
                # Listed once the answers and acceptances are in (settle_threads).
                self.question_tags.append({"question_id": question_id, "tag_id": tag_ids[name]})
        bulk_insert(Attribution.__table__, attributions)
        bulk_insert(Revision.__table__, revisions)
        if views:
            bulk_insert(QuestionView.__table__, views)
        self.report.questions += len(ids)

    def _find_questions(self, source_ids: Iterable[int]) -> None:
        """Learn our ids for source questions an earlier run imported."""
        missing = [i for i in dict.fromkeys(source_ids) if i not in self.question_ids]
        for chunk in _batches(missing):
            found = db.session.execute(
                select(Attribution.source_id, Attribution.question_id).where(
                    Attribution.site == self.site,
                    Attribution.source_id.in_(chunk),
                    Attribution.question_id.is_not(None),
                )
            )
            self.question_ids.update({source: question for source, question in found if question is not None})

    def _insert_answers(self, candidates: Sequence[tuple[Post, str]]) -> None:
        self._find_questions(p.parent_id for p, _ in candidates if p.parent_id is not None)
        # An answer whose question is not here (skipped, or absent from the dump) is skipped too.
        kept = [(p, body) for p, body in candidates if p.parent_id in self.question_ids]
        self.report.skipped += len(candidates) - len(kept)
        if not kept:
            return
        self.authors.ensure_accounts([post for post, _ in kept])
        answers: list[dict[str, Any]] = [
            {
                "question_id": self.question_ids[post.parent_id or 0],
                "author_id": self.authors.account_id(post),
                "body_source": body,
                "body_html": body,
                "score": post.score,
                "created_at": post.created_at,
                "updated_at": post.updated_at,
                "is_deleted": False,
            }
            for post, body in kept
        ]
        ids = insert_returning_ids(Answer.__table__, answers)
        attributions, revisions = [], []
        for (post, body), answer_id, row in zip(kept, ids, answers, strict=True):
            self.new_answers[post.id] = _NewAnswer(
                answer_id, row["question_id"], row["author_id"], post.created_at
            )
            self.answers_added[row["question_id"]] += 1
            attributions.append(self._attribution(post, answer_id=answer_id))
            revisions.append(
                {
                    "answer_id": answer_id,
                    "editor_id": row["author_id"],
                    "body_source": body,
                    "created_at": post.created_at,
                }
            )
        bulk_insert(Attribution.__table__, attributions)
        bulk_insert(Revision.__table__, revisions)
        self.report.answers += len(ids)

    # -- what spans posts -------------------------------------------------------------

    def settle_threads(self) -> None:
        """The new questions settled, earlier ones' answer counts, tag counts, then the listing copies."""
        t = Tag.__table__
        settled = self._settle_new_questions()
        new = {q.id for q in self.new_questions.values()}
        earlier = sorted(self.answers_added.keys() - new)
        if earlier:
            q = Question.__table__
            db.session.execute(
                update(q)
                .where(q.c.id == bindparam("question"))
                .values(answer_count=q.c.answer_count + bindparam("added")),
                [{"question": qid, "added": self.answers_added[qid]} for qid in earlier],
            )
        if self.tag_questions:
            db.session.execute(
                update(t)
                .where(t.c.id == bindparam("tag"))
                .values(question_count=t.c.question_count + bindparam("added")),
                # In id order, the order every writer locks tags in.
                [{"tag": tag_id, "added": n} for tag_id, n in sorted(self.tag_questions.items())],
            )
        self._list_new_questions()
        # The settled questions' thread versions moved with their other facts; the content
        # version (cached lists and totals) moves whatever.
        unsettled = [q.id for q in self.new_questions.values() if q.id not in settled]
        for chunk in _batches(unsettled):
            content_changed(chunk, store=False)
        if settled and not unsettled:
            content_changed([], store=False)
        # Questions an earlier run imported list by their new answer counts.
        for chunk in _batches(earlier):
            refresh_listing_keys(chunk, store=False)

    def _settle_new_questions(self) -> set[int]:
        """Each new question with answers written in one pass: its answer count, its accepted
        answer and status, when it was first answered and resolved, its thread version; and
        the acceptances' reputation. Returns the ids it settled. (One UPDATE per fact rewrote
        every question several times: on PostgreSQL each rewrite adds an entry to each of
        its dozen indexes.)"""
        firsts: dict[int, datetime] = {}
        for reply in self.new_answers.values():
            first = firsts.get(reply.question_id)
            if first is None or reply.created_at < first:
                firsts[reply.question_id] = reply.created_at
        settled: list[dict[str, Any]] = []
        deltas: Counter[int] = Counter()
        for question in self.new_questions.values():
            if question.id not in firsts:
                continue  # unanswered: nothing to settle, and nothing accepted
            answer = self.new_answers.get(question.accepted_source_id or 0)
            accepted = answer if answer is not None and answer.question_id == question.id else None
            if accepted is not None:
                # The rules read only who asked, who answered and whether it was anonymous.
                deltas.update(
                    reputation.acceptance_deltas(
                        Question(author_id=question.author_id, is_anonymous=False),
                        Answer(author_id=accepted.author_id),
                    )
                )
            resolved = QuestionStatus.RESOLVED if accepted else QuestionStatus.OPEN
            settled.append(
                {
                    "question_id": question.id,
                    "answer_count": self.answers_added[question.id],
                    "accepted_answer_id": accepted.id if accepted else None,
                    "status": QuestionStatus.CLOSED if question.closed else resolved,
                    "first_answer_at": firsts[question.id],
                    # An imported acceptance is dated by its answer, the earliest it can have been.
                    "resolved_at": accepted.created_at if accepted else None,
                }
            )
        if settled:
            q = Question.__table__
            columns = [Column("question_id", Integer, nullable=False)]
            columns += [Column(name, q.c[name].type) for name in _SETTLED_FACTS]
            with temporary_table(db.session.connection(), "settled_questions", *columns) as facts:
                bulk_insert(facts, settled)
                db.session.execute(
                    update(q)
                    .where(q.c.id == facts.c.question_id)
                    .values(
                        {name: facts.c[name] for name in _SETTLED_FACTS}
                        | {"thread_version": q.c.thread_version + 1}
                    )
                )
        reputation.adjust_many(deltas)
        return {row["question_id"] for row in settled}

    def _list_new_questions(self) -> None:
        """The new questions' tag rows, with the sort keys their questions have once settled."""
        if not self.question_tags:
            return
        q = Question.__table__
        columns = [Column("question_id", Integer, nullable=False), Column("tag_id", Integer, nullable=False)]
        with temporary_table(db.session.connection(), "new_question_tags", *columns) as pairs:
            bulk_insert(pairs, self.question_tags)
            settled = (
                select(q.c.id, pairs.c.tag_id, *(q.c[name] for name in LISTING_KEYS))
                .join(q, q.c.id == pairs.c.question_id)
                # Tag by tag, so each index's new entries go in side by side: one statement in
                # this order took 1.0 s at 100k questions, against 3.8 s for a row at a time.
                .order_by(pairs.c.tag_id, pairs.c.question_id)
            )
            db.session.execute(
                insert(QuestionTag.__table__).from_select(["question_id", "tag_id", *LISTING_KEYS], settled)
            )

    def changed_question_ids(self) -> list[int]:
        """New questions, and earlier-imported ones that got new answers."""
        return list(dict.fromkeys([q.id for q in self.new_questions.values()] + sorted(self.answers_added)))

    def read_duplicate_links(self, path: Path) -> None:
        """Duplicate links: a new question points at the question it duplicates.

        When a question has several, the latest one whose original is here wins.
        """
        candidates: list[tuple[tuple[str, int], int, int]] = []
        for row in tqdm(rows(path), desc=path.name, unit=" rows", disable=not self.show_progress):
            try:
                if int(row["LinkTypeId"]) != DUPLICATE_LINK:
                    continue
                post_id, related_id = int(row["PostId"]), int(row["RelatedPostId"])
                order = (row.get("CreationDate", ""), int(row["Id"]))
            except (KeyError, ValueError) as error:
                raise DumpError(f"{path}: row {row.get('Id', '?')} is not a valid link: {error!r}") from None
            if post_id in self.new_questions and related_id != post_id:
                candidates.append((order, post_id, related_id))
        self._find_questions(related_id for _, _, related_id in candidates)
        originals = {
            post_id: self.question_ids[related_id]
            for _, post_id, related_id in sorted(candidates)
            if related_id in self.question_ids
        }
        links = [{"question": self.new_questions[p].id, "original": o} for p, o in originals.items()]
        if links:
            q = Question.__table__
            db.session.execute(
                update(q)
                .where(q.c.id == bindparam("question"))
                .values(duplicate_of_id=bindparam("original")),
                links,
            )
        self.report.links += len(links)

    def read_comments(self, path: Path) -> None:
        """Comments on the questions and answers this run added, with their authors."""
        stream = tqdm(comments(path), desc=path.name, unit=" rows", disable=not self.show_progress)
        batches = (on_new for b in _batches(stream) if (on_new := self._on_new_posts(b)))
        for on_new, rendered in cleaned(render_comments, batches, _comment_texts, self.jobs):
            authors = [comment.as_post() for comment, _ in on_new]
            self.authors.ensure_accounts(authors)
            db.session.execute(
                insert(Comment.__table__),
                [
                    {
                        "question_id": None,
                        "answer_id": None,
                        **target,
                        "author_id": self.authors.account_id(author),
                        "body_source": comment.text,
                        "body_html": html,
                        "created_at": comment.created_at,
                        "updated_at": comment.created_at,
                        "is_deleted": False,
                    }
                    for (comment, target), author, html in zip(on_new, authors, rendered, strict=True)
                ],
            )
            self.report.comments += len(on_new)

    def _on_new_posts(self, batch: Sequence[DumpComment]) -> list[tuple[DumpComment, dict[str, Any]]]:
        """The batch's comments on posts this run added, each with the post it belongs to."""
        on_new: list[tuple[DumpComment, dict[str, Any]]] = []
        for comment in batch:
            question = self.new_questions.get(comment.post_id)
            answer = self.new_answers.get(comment.post_id)
            if (question is None and answer is None) or not comment.text.strip():
                continue
            target = (
                {"question_id": question.id} if question else {"answer_id": answer.id if answer else None}
            )
            on_new.append((comment, target))
        return on_new


def _bodies(batch: Sequence[Post]) -> list[str]:
    return [post.body for post in batch]


def _comment_texts(batch: Sequence[tuple[DumpComment, dict[str, Any]]]) -> list[str]:
    return [comment.text for comment, _ in batch]
