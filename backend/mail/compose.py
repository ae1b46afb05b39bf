"""An outbox row made into the message it stands for, from the posts as they are when it is
sent: a post hidden or deleted since is left out, and a mail with nothing left is not sent.

Every mail is plain text and HTML (the HTML from the posts' sanitized HTML, every link
absolute), with a one-click unsubscribe (RFC 8058) for its kind of mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape as html_escape
from html import unescape as html_unescape
from typing import Any
from urllib.parse import urljoin

from flask import current_app, render_template
from sqlalchemy import select

from backend.extensions import db
from backend.mail.outbox import site_host
from backend.mail.tokens import unsubscribe_token
from backend.models import (
    Answer,
    Comment,
    DigestFrequency,
    MailBlock,
    MailKind,
    MailOutbox,
    Question,
    QuestionTag,
    Synthesis,
    SynthesisStatus,
    Tag,
    User,
    utcnow,
)

EXCERPT_CHARACTERS = 1200
# Lines up to RFC 5322's limit: the default (78) folds a long List-Unsubscribe URL into
# RFC 2047 encoded words, which no mail client reads as a link (RFC 8058 wants it as is).
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


class NothingToSend(Exception):
    """Why a due row is not sent (kept on the row as its last_error, status skipped)."""


@dataclass
class Item:
    """One event of an activity mail, as the templates show it."""

    kind: str
    actor: str
    url: str
    text: str  # the post's Markdown source, cut: readable as plain text
    html: str  # the post's sanitized HTML, links made absolute


def compose(row: MailOutbox) -> EmailMessage:
    """The message for this row, or NothingToSend."""
    recipient = db.session.get(User, row.recipient_id)
    address = _address_of(recipient, row.kind)
    assert recipient is not None
    if row.kind is MailKind.ACTIVITY:
        subject, context = _activity(row, recipient)
    elif row.kind is MailKind.ACCOUNT:
        subject, context = _account(row, recipient)
    else:
        subject, context = _digest(row, recipient)
    return _message(row, recipient, address, subject, context)


def _address_of(recipient: User | None, kind: MailKind) -> str:
    if recipient is None or recipient.password_hash is None:
        raise NothingToSend("no such account")
    if not recipient.is_active:
        raise NothingToSend("the account is deactivated")
    if recipient.is_suspended:
        raise NothingToSend("the account is suspended")
    if kind is MailKind.ACTIVITY and not recipient.email_activity:
        raise NothingToSend("activity mail turned off")
    if kind is MailKind.DIGEST and recipient.digest is DigestFrequency.OFF:
        raise NothingToSend("the digest turned off")
    block = db.session.get(MailBlock, recipient.email)
    if block is not None:
        raise NothingToSend(f"the address was refused: {block.reason}")
    return recipient.email


SUBJECTS = {
    "answered": "{actor} answered your question: {title}",
    "commented": "{actor} commented in: {title}",
    "mentioned": "{actor} mentioned you in: {title}",
    "invited": "{actor} asked you to answer: {title}",
    "accepted": "Your answer was accepted: {title}",
}
HEADINGS = {
    "answered": "{actor} answered your question",
    "commented": "{actor} commented",
    "mentioned": "{actor} mentioned you",
    "invited": "{actor} asked you to answer this question",
    "accepted": "{actor} accepted your answer",
}


def _account(row: MailOutbox, recipient: User) -> tuple[str, dict[str, Any]]:
    """A reset link or an address to confirm, made now: its hour (or two days) starts when
    it leaves, and it is for the account as it is now."""
    from backend.auth.passwords import RESET_MAX_AGE, reset_token
    from backend.auth.verification import VERIFY_MAX_AGE, verification_token

    (event,) = row.events
    site = _site()
    if event["kind"] == "password_reset":
        if recipient.password_hash is None:
            raise NothingToSend("the account cannot have a password")
        url = f"{site}/reset-password?token={reset_token(recipient)}"
        return "Reset your Commonplace password", {
            "purpose": "password_reset",
            "url": url,
            "hours": RESET_MAX_AGE // 3600,
        }
    if event["kind"] == "signup_attempt":
        return "Someone tried to make a Commonplace account with your address", {
            "purpose": "signup_attempt",
            "url": f"{site}/signin",
            "reset_url": f"{site}/forgot-password",
        }
    if recipient.email != event["email"] or recipient.email_verified_at is not None:
        raise NothingToSend("the address changed or is confirmed already")
    url = f"{site}/verify-email?token={verification_token(recipient.id, recipient.email)}"
    return "Confirm your email address for Commonplace", {
        "purpose": "verify_email",
        "url": url,
        "hours": VERIFY_MAX_AGE // 3600,
    }


def _activity(row: MailOutbox, recipient: User) -> tuple[str, dict[str, Any]]:
    question = db.session.get(Question, row.thread_id)
    if question is None or question.is_deleted or question.hidden_at is not None:
        raise NothingToSend("the thread is gone or hidden")
    thread_url = f"{_site()}/questions/{question.id}"
    names = _names({e["actor_id"] for e in row.events if e.get("actor_id") is not None})
    items = []
    for event in row.events:
        shown, post = _post(event)
        if not shown:
            continue  # hidden or deleted since
        # No actor: the asker of an anonymous question (never named).
        actor_id = event.get("actor_id")
        actor = "The asker" if actor_id is None else names.get(actor_id, "Someone")
        # The post itself on its thread's page: the comment, else the answer.
        if event.get("comment_id"):
            anchor = f"#comment-{event['comment_id']}"
        elif event.get("answer_id"):
            anchor = f"#answer-{event['answer_id']}"
        else:
            anchor = ""
        source = post.body_source if post is not None else ""
        html = post.body_html if post is not None else ""
        if post is None and event["kind"] == "invited":
            source, html = question.body_source, question.body_html
        items.append(
            Item(
                kind=event["kind"],
                actor=actor,
                url=thread_url + anchor,
                text=_cut(source),
                html=absolute_links(html),
            )
        )
    if not items:
        raise NothingToSend("every post it told about is gone or hidden")
    if len(items) == 1:
        subject = SUBJECTS[items[0].kind].format(actor=items[0].actor, title=question.title)
    else:
        subject = f"{len(items)} updates on: {question.title}"
    headings = [HEADINGS[item.kind].format(actor=item.actor) for item in items]
    context = {
        "question": question,
        "thread_url": thread_url,
        "items": list(zip(headings, items, strict=True)),
        "recipient": recipient,
    }
    return subject, context


@dataclass
class Listed:
    """A thread as a digest lists it."""

    title: str
    url: str
    answers: int
    tags: list[str]
    count: int = 0  # helped marks, in "thanks"


@dataclass
class Section:
    name: str
    heading: str
    threads: list[Listed]
    more: int  # listed in the digest's row beyond those shown


DIGEST_HEADINGS = {
    "help": "You could help",
    "new": "New questions in your communities",
    "resolved": "Newly resolved: answers to reuse",
}


def _digest(row: MailOutbox, recipient: User) -> tuple[str, dict[str, Any]]:
    digest = row.events[0]
    helped = {int(question_id): int(count) for question_id, count in digest.get("helped", [])}
    wanted = {*helped, *digest.get("accepted", [])}
    for name in DIGEST_HEADINGS:
        wanted.update(digest.get(name, []))
    threads = _listed(wanted)
    sections = []
    for name, heading in DIGEST_HEADINGS.items():
        shown = [threads[i] for i in digest.get(name, []) if i in threads]
        if shown:
            more = max(0, int(digest.get(f"{name}_total", 0)) - len(digest.get(name, [])))
            sections.append(Section(name, heading, shown, more))
    accepted = [threads[i] for i in digest.get("accepted", []) if i in threads]
    marked = [replace(threads[i], count=count) for i, count in helped.items() if i in threads]
    syntheses = _syntheses(digest.get("syntheses", []))
    if not sections and not accepted and not marked and not syntheses:
        raise NothingToSend("everything it listed is gone or hidden")
    frequency = "Weekly" if digest.get("frequency") == DigestFrequency.WEEKLY.value else "Daily"
    counts = [f"{len(s.threads) + s.more} {SUMMARY[s.name]}" for s in sections]
    if syntheses:
        counts.insert(0, "the week in " + ", ".join(synthesis.tag for synthesis in syntheses))
    if accepted or marked:
        counts.append("thanks for your answers")
    subject = f"{frequency} digest: " + ", ".join(counts)
    context = {
        "frequency": frequency.lower(),
        "sections": sections,
        "accepted": accepted,
        "marked": marked,
        "syntheses": syntheses,
        "recipient": recipient,
    }
    return subject, context


@dataclass
class Synthesized:
    """A community's published weekly synthesis, at the top of a digest."""

    tag: str
    week: str
    url: str
    html: str
    text: str


def _syntheses(ids: list[int]) -> list[Synthesized]:
    if not ids:
        return []
    site = _site()
    rows = db.session.execute(
        select(Synthesis.id, Synthesis.week, Synthesis.html, Synthesis.body, Tag.name)
        .join(Tag, Tag.id == Synthesis.tag_id)
        .where(Synthesis.id.in_(ids), Synthesis.status == SynthesisStatus.PUBLISHED)
    ).all()
    order = {sid: n for n, sid in enumerate(ids)}
    return [
        Synthesized(
            tag=row.name,
            week=row.week,
            url=f"{site}/tags/{row.name}/syntheses#{row.week}",
            html=absolute_links(row.html),
            text=row.body,
        )
        for row in sorted(rows, key=lambda row: order[row.id])
    ]


SUMMARY = {"help": "you could help with", "new": "new", "resolved": "resolved"}


def _listed(ids: set[int]) -> dict[int, Listed]:
    """These threads as a digest lists them, those still listed (not hidden or deleted)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Question.id, Question.title, Question.answer_count).where(
            Question.id.in_(ids), Question.is_deleted.is_(False), Question.hidden_at.is_(None)
        )
    ).all()
    tags: dict[int, list[str]] = {row.id: [] for row in rows}
    for question_id, name in db.session.execute(
        select(QuestionTag.question_id, Tag.name)
        .join(Tag, Tag.id == QuestionTag.tag_id)
        .where(QuestionTag.question_id.in_(list(tags)))
        .order_by(Tag.name)
    ):
        tags[question_id].append(name)
    return {
        row.id: Listed(row.title, f"{_site()}/questions/{row.id}", row.answer_count, tags[row.id])
        for row in rows
    }


def _post(event: dict[str, Any]) -> tuple[bool, Answer | Comment | None]:
    """Whether the post an event is about may still be shown, and that comment or answer
    (None when the event is about the question itself)."""
    post: Answer | Comment | None = None
    if event.get("comment_id"):
        post = db.session.get(Comment, event["comment_id"])
    elif event.get("answer_id"):
        post = db.session.get(Answer, event["answer_id"])
    else:
        return True, None
    return post is not None and not post.is_deleted and post.hidden_at is None, post


def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}


def _message(
    row: MailOutbox, recipient: User, address: str, subject: str, context: dict[str, Any]
) -> EmailMessage:
    site = _site()
    token = unsubscribe_token(recipient.id, row.kind)
    context = {
        **context,
        "site_url": site,
        "settings_url": f"{site}/settings",
        "unsubscribe_url": f"{site}/unsubscribe?token={token}",
        "kind": row.kind.value,
    }
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = Address(display_name=recipient.display_name, addr_spec=address)
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = row.message_id
    if row.thread_id is not None:
        # Mail clients put every mail about one thread together.
        thread = f"<thread-{row.thread_id}@{site_host()}>"
        message["References"] = thread
        message["In-Reply-To"] = thread
    if row.kind is not MailKind.ACCOUNT:  # asked for by the person: nothing to unsubscribe from
        message["List-Unsubscribe"] = f"<{site}/api/v1/mail/unsubscribe?token={token}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(render_template(f"mail/{row.kind.value}.txt", **context))
    message.add_alternative(render_template(f"mail/{row.kind.value}.html", **context), subtype="html")
    return message


_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_links(html: str) -> str:
    """Sanitized HTML with its relative links (mentions, threads, tags, anything without a
    scheme) made absolute: a mail has no page to be relative to."""
    site = _site()

    def absolute(match: re.Match[str]) -> str:
        url = html_unescape(match.group(2))
        if not url or url.startswith("#") or _SCHEME.match(url):
            return match.group(0)
        # The site's own paths start at SITE_URL, as its pages' links do.
        full = site + url if url.startswith("/") and not url.startswith("//") else urljoin(site + "/", url)
        return f"{match.group(1)}{html_escape(full)}{match.group(3)}"

    return _LINK.sub(absolute, html)


def _site() -> str:
    return str(current_app.config["SITE_URL"])


def _cut(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS].rsplit(" ", 1)[0] + " ..."
