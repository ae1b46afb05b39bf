"""Who may do what: every write endpoint crossed with anonymous / member / author / moderator / admin.

Each row of the matrix sets up its own thread (a question by the asker tagged "onboarding", an
answer by the answerer, a comment by the asker), sends one request as one actor, and checks:

* the status code;
* on 401/403: the JSON error body, and that nothing was written (the whole database is
  unchanged, and so is what the endpoint would have changed);
* on success: that the endpoint's effect is visible through the API.

"author" is the author of the target post: the asker for question edits/deletes, votes on the
question, comments and accepting (the asker accepts); the answerer for answer edits/deletes and
votes on the answer. For endpoints without a target post (asking, tags, logout) it is the asker.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from backend.extensions import db
from backend.models import (
    ApiToken,
    Flag,
    MailOutbox,
    SiteSetting,
    SuggestedEdit,
    Synthesis,
    Synthesizer,
    Tag,
    User,
    Webhook,
    WebhookFormat,
)
from tests.guards import db_snapshot, fill
from tests.people import PASSWORD, ApiClient, People

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ACTORS = ("anonymous", "member", "author", "moderator", "admin")
TAG = "onboarding"
API = "/api/v1"

_numbers = itertools.count(1)


# -- the world each case starts from ---------------------------------------------------


@dataclass
class World:
    app: Flask
    people: People
    asker: ApiClient
    answerer: ApiClient
    reader: ApiClient  # an anonymous visitor who only reads
    question_id: int
    answer_id: int
    comment_id: int
    edit_id: int = 0  # a pending suggested edit, for cases that set one up
    webhook_id: int = 0  # a webhook, for cases that set one up
    token_id: int = 0  # the answerer's API token, for cases that set one up
    synthesis_id: int = 0  # a draft synthesis of TAG (the asker synthesizes TAG), for cases that set one up
    other_question_id: int = 0  # another question, for cases that set one up
    revision_id: int = 0  # the target post's first revision, for cases that edit it first

    def path_values(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "answer_id": self.answer_id,
            "comment_id": self.comment_id,
            "name": TAG,
            # People-targeting endpoints (suspension, roles) act on the answerer.
            "user_id": self.answerer.id,
            "edit_id": self.edit_id,
            "webhook_id": self.webhook_id,
            "token_id": self.token_id,
            "synthesis_id": self.synthesis_id,
            "revision_id": self.revision_id,
            "synonym": SYNONYM,
        }

    def thread(self) -> dict[str, Any]:
        response = self.reader.get(f"/questions/{self.question_id}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def answer(self) -> dict[str, Any]:
        (answer,) = [a for a in self.thread()["answers"] if a["id"] == self.answer_id]
        return answer


def build_world(app: Flask, people: People, accepted: bool) -> World:
    asker, answerer = people.member("Asker"), people.member("Answerer")
    question = asker.ask(tags=[TAG])
    answer = answerer.answer(question["id"])
    comment = asker.post(f"/questions/{question['id']}/comments", {"body": "Which version is this on?"})
    assert comment.status_code == 201, comment.get_json()
    if accepted:
        response = asker.accept(answer["id"])
        assert response.status_code == 200, response.get_json()
    return World(
        app=app,
        people=people,
        asker=asker,
        answerer=answerer,
        reader=ApiClient(app),
        question_id=question["id"],
        answer_id=answer["id"],
        comment_id=comment.get_json()["id"],
    )


def resolve_actor(world: World, actor: str, case: Case) -> ApiClient:
    if actor == "anonymous":
        return ApiClient(world.app)
    if actor == "member":
        return world.people.member("Someone Else")
    if actor == "moderator":
        return world.people.moderator("Mo Moderator")
    if actor == "admin":
        return world.people.admin("Ada Admin")
    role = case.author if actor == "author" else actor
    return {"asker": world.asker, "answerer": world.answerer}[role]


def assert_error_body(response: Any, code: int, phrase: str) -> None:
    body = response.get_json(silent=True)
    assert body is not None, response.data
    assert set(body) == {"code", "status", "message", "errors"}, body
    assert body["code"] == code
    assert body["status"] == phrase
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["errors"], dict), body


# -- the endpoints ----------------------------------------------------------------------

State = Callable[[World, ApiClient], Any]


@dataclass(frozen=True)
class Case:
    method: str
    rule: str  # exactly as in app.url_map
    state: State  # what a successful request changes, read back through the API
    body: Callable[[World], Any] | None = None
    author: str = "asker"  # whose post the target is: "asker" or "answerer"
    accepted: bool = False  # set-up: the asker has already accepted the answer
    anonymous_noop: bool = False  # succeeds for anonymous without changing anything
    writes: bool = True  # False for unsafe endpoints that only compute (the Markdown preview)
    # Set-up done by the actor before the request (skipped for anonymous actors).
    prepare: Callable[[World, ApiClient], None] | None = None
    setup: Callable[[World], None] | None = None  # more set-up, e.g. a post already hidden
    config: tuple[tuple[str, Any], ...] = ()  # settings for this case (privilege thresholds)

    @property
    def name(self) -> str:
        short = re.sub(r"<int:[^<>]+>", "<id>", self.rule.removeprefix(API))
        short = re.sub(r"<[^<>:]+:([^<>]+)>", r"<\1>", short)
        return f"{self.method} {short}"

    def __repr__(self) -> str:
        return self.name


def _me_status(world: World, actor: ApiClient) -> int:
    return actor.get("/auth/me").status_code


def _new_account(world: World) -> dict[str, str]:
    n = next(_numbers)
    return {"email": f"newcomer{n}@example.com", "password": PASSWORD, "display_name": f"Newcomer {n}"}


ASK = Case(
    "POST",
    "/api/v1/questions",
    state=lambda w, a: w.reader.get("/questions").get_json()["meta"]["total"],
    body=lambda w: {
        "title": "How do I book a desk for my first week?",
        "body": "I start on Monday and nobody told me how desk booking works here.",
        "tags": [TAG],
    },
)


def _count(world: World, model: Any, *where: Any) -> int:
    """Rows the public API does not show (flags, suggestions), read from the database."""
    with world.app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _suggestions(world: World) -> int:
    return _count(world, SuggestedEdit, SuggestedEdit.status == "pending")


EDIT_QUESTION = Case(
    "PATCH",
    "/api/v1/questions/<int:question_id>",
    # Members without the privilege to edit others' posts leave a suggested edit (202).
    state=lambda w, a: (w.thread()["title"], _suggestions(w)),
    body=lambda w: {"title": "An edited title that says something else"},
)
DELETE_QUESTION = Case(
    "DELETE",
    "/api/v1/questions/<int:question_id>",
    state=lambda w, a: w.reader.get(f"/questions/{w.question_id}").status_code,
)
ANSWER = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/answers",
    state=lambda w, a: w.thread()["answer_count"],
    body=lambda w: {"body": "Ask your manager for the booking link on day one."},
)
EDIT_ANSWER = Case(
    "PATCH",
    "/api/v1/answers/<int:answer_id>",
    state=lambda w, a: (w.answer()["body"], _suggestions(w)),
    body=lambda w: {"body": "An edited answer that says something else entirely."},
    author="answerer",
)


def _question_edited(world: World) -> None:
    edited = world.asker.patch(
        f"/questions/{world.question_id}", {"title": "A title its asker changed later"}
    )
    assert edited.status_code == 200, edited.get_json()
    world.revision_id = world.reader.get(f"/questions/{world.question_id}/revisions").get_json()[-1]["id"]


def _answer_edited(world: World) -> None:
    body = {"body": "An answer its author changed later, with a step more."}
    assert world.answerer.patch(f"/answers/{world.answer_id}", body).status_code == 200
    first = world.reader.get(f"/answers/{world.answer_id}/revisions").get_json()["items"][-1]
    world.revision_id = first["id"]


# Back to an earlier version: its author or a moderator, nobody else (not even a privileged editor).
ROLL_BACK_QUESTION = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/revisions/<int:revision_id>/rollback",
    state=lambda w, a: w.thread()["title"],
    setup=_question_edited,
)
ROLL_BACK_ANSWER = Case(
    "POST",
    "/api/v1/answers/<int:answer_id>/revisions/<int:revision_id>/rollback",
    state=lambda w, a: w.answer()["body"],
    author="answerer",
    setup=_answer_edited,
)
DELETE_ANSWER = Case(
    "DELETE",
    "/api/v1/answers/<int:answer_id>",
    state=lambda w, a: [answer["id"] for answer in w.thread()["answers"]],
    author="answerer",
)
ACCEPT = Case(
    "POST",
    "/api/v1/answers/<int:answer_id>/accept",
    state=lambda w, a: (w.thread()["accepted_answer_id"], w.thread()["status"]),
)
UNACCEPT = Case(
    "DELETE",
    "/api/v1/answers/<int:answer_id>/accept",
    state=lambda w, a: (w.thread()["accepted_answer_id"], w.thread()["status"]),
    accepted=True,
)
VOTE_QUESTION = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/vote",
    state=lambda w, a: w.thread()["score"],
    body=lambda w: {"value": 1},
)
VOTE_ANSWER = Case(
    "POST",
    "/api/v1/answers/<int:answer_id>/vote",
    state=lambda w, a: w.answer()["score"],
    body=lambda w: {"value": 1},
    author="answerer",
)
COMMENT_QUESTION = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/comments",
    state=lambda w, a: len(w.thread()["comments"]),
    body=lambda w: {"body": "Is this for the London office?"},
)
COMMENT_ANSWER = Case(
    "POST",
    "/api/v1/answers/<int:answer_id>/comments",
    state=lambda w, a: len(w.answer()["comments"]),
    body=lambda w: {"body": "That worked for me, thanks."},
    author="answerer",
)
DELETE_COMMENT = Case(
    "DELETE",
    "/api/v1/comments/<int:comment_id>",
    state=lambda w, a: [c["id"] for c in w.thread()["comments"]],
)
EDIT_COMMENT = Case(
    "PATCH",
    "/api/v1/comments/<int:comment_id>",
    state=lambda w, a: [c["body"] for c in w.thread()["comments"]],
    body=lambda w: {"body": "Which version of the client is this on?"},
)
UPDATE_TAG = Case(
    "PATCH",
    "/api/v1/tags/<path:name>",
    state=lambda w, a: w.reader.get(f"/tags/{TAG}").get_json()["description"],
    body=lambda w: {"description": "Your first weeks: accounts, desks, people to ask."},
)
SYNONYM = "first-weeks"
OTHER_TAG = "first-days"


def _tags(world: World, actor: ApiClient) -> Any:
    names = [t["name"] for t in world.reader.get("/tags").get_json()["items"]]
    return names, world.reader.get(f"/tags/{TAG}").get_json()["synonyms"]


def _synonym_added(world: World) -> None:
    moderator = world.people.moderator("Setup Moderator")
    assert moderator.put(f"/tags/{TAG}/synonyms/{SYNONYM}").status_code == 200


def _other_tag(world: World) -> None:
    moderator = world.people.moderator("Setup Moderator")
    assert moderator.post("/tags", {"name": OTHER_TAG}).status_code == 201


CREATE_TAG = Case("POST", "/api/v1/tags", state=_tags, body=lambda w: {"name": OTHER_TAG})
ADD_SYNONYM = Case("PUT", "/api/v1/tags/<path:name>/synonyms/<synonym>", state=_tags)
REMOVE_SYNONYM = Case(
    "DELETE", "/api/v1/tags/<path:name>/synonyms/<synonym>", state=_tags, setup=_synonym_added
)
MERGE_TAG = Case(
    "POST",
    "/api/v1/tags/<path:name>/merge",
    state=_tags,
    body=lambda w: {"into": OTHER_TAG},
    setup=_other_tag,
)
RENAME_TAG = Case("POST", "/api/v1/tags/<path:name>/rename", state=_tags, body=lambda w: {"name": OTHER_TAG})
LOGOUT = Case("POST", "/api/v1/auth/logout", state=_me_status, anonymous_noop=True)
PREVIEW = Case(
    "POST",
    "/api/v1/markdown/preview",
    state=lambda w, a: w.reader.get("/questions").get_json()["meta"]["total"],
    body=lambda w: {"body": "Ask your **manager** for the booking link."},
    writes=False,
)
REGISTER = Case("POST", "/api/v1/auth/register", state=_me_status, body=_new_account)
LOGIN = Case(
    "POST",
    "/api/v1/auth/login",
    state=_me_status,
    body=lambda w: {"email": w.asker.user["email"], "password": PASSWORD},  # type: ignore[index]
)

# -- moderation and privileges ------------------------------------------------------------

POSTS = {"questions": "question_id", "answers": "answer_id", "comments": "comment_id"}
POST_AUTHOR = {"questions": "asker", "answers": "answerer", "comments": "asker"}
REASON = {"reason": "Please keep it kind and on topic."}


def _visible(kind: str) -> State:
    """Whether a signed-out reader sees the post (questions: the thread's status code)."""

    def state(world: World, actor: ApiClient) -> Any:
        if kind == "questions":
            return world.reader.get(f"/questions/{world.question_id}").status_code
        if kind == "answers":
            return [a["id"] for a in world.thread()["answers"]]
        return [c["id"] for c in world.thread()["comments"]]

    return state


def _post_id(world: World, kind: str) -> int:
    return int(world.path_values()[POSTS[kind]])


def _hidden_by_moderator(kind: str) -> Callable[[World], None]:
    def setup(world: World) -> None:
        moderator = world.people.moderator("Hiding Moderator")
        response = moderator.post(f"/{kind}/{_post_id(world, kind)}/hide", REASON)
        assert response.status_code == 200, response.get_json()

    return setup


def _trusted(world: World, reputation: int = 20) -> ApiClient:
    person = world.people.member("Trusted Member")
    with world.app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(reputation=reputation))
        db.session.commit()
    return person


def _flagged(kind: str) -> Callable[[World], None]:
    def setup(world: World) -> None:
        response = _trusted(world).post(f"/{kind}/{_post_id(world, kind)}/flag", {"reason": "off-topic"})
        assert response.status_code == 201, response.get_json()

    return setup


def _open_flags(world: World, actor: ApiClient) -> int:
    return _count(world, Flag, Flag.resolved_at.is_(None))


def _post_cases(kind: str) -> list[tuple[Case, int, int, int, int, int]]:
    base = f"/api/v1/{kind}/<int:{POSTS[kind]}>"
    author = POST_AUTHOR[kind]
    flag = Case("POST", f"{base}/flag", state=_open_flags, body=lambda w: {"reason": "spam"}, author=author)
    hide = Case("POST", f"{base}/hide", state=_visible(kind), body=lambda w: REASON, author=author)
    restore = Case(
        "POST", f"{base}/restore", state=_visible(kind), author=author, setup=_hidden_by_moderator(kind)
    )
    dismiss = Case("POST", f"{base}/flags/dismiss", state=_open_flags, author=author, setup=_flagged(kind))
    return [
        # Flagging needs FLAG_MIN_REPUTATION (a new member has none); nobody flags their own post.
        (flag, 401, 403, 403, 201, 201),
        (hide, 401, 403, 403, 200, 200),
        (restore, 401, 403, 403, 200, 200),
        (dismiss, 401, 403, 403, 200, 200),
    ]


def _suggested(world: World) -> None:
    response = world.people.member("Suggesting Member").patch(
        f"/questions/{world.question_id}", {"title": "A suggested title that reads better"}
    )
    assert response.status_code == 202, response.get_json()
    world.edit_id = response.get_json()["id"]


def _other_question(world: World) -> None:
    world.other_question_id = world.people.member("Earlier Asker").ask(tags=[TAG])["id"]


def _locked(world: World) -> None:
    response = world.people.moderator("Locking Moderator").post(
        f"/questions/{world.question_id}/lock", REASON
    )
    assert response.status_code == 200, response.get_json()


def _labelled(world: World) -> None:
    response = world.people.moderator("Labelling Moderator").put(
        f"/answers/{world.answer_id}/label", {"label": "outdated", "note": "The tool changed in 2026."}
    )
    assert response.status_code == 200, response.get_json()


def _suspended(world: World) -> None:
    response = world.people.moderator("Suspending Moderator").post(
        f"/users/{world.answerer.id}/suspension", {"days": 3, "reason": "Cooling off."}
    )
    assert response.status_code == 200, response.get_json()


def _suspended_until(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.scalar(select(User.suspended_until).where(User.id == world.answerer.id))


def _suggestion_status(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.scalar(select(SuggestedEdit.status).where(SuggestedEdit.id == world.edit_id))


LOCK = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/lock",
    state=lambda w, a: w.thread()["locked"],
    body=lambda w: REASON,
)
UNLOCK = Case(
    "DELETE",
    "/api/v1/questions/<int:question_id>/lock",
    state=lambda w, a: w.thread()["locked"],
    setup=_locked,
)
DUPLICATE = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/duplicate",
    state=lambda w, a: (w.thread()["duplicate_of_id"], w.thread()["status"]),
    body=lambda w: {"duplicate_of_id": w.other_question_id},
    setup=_other_question,
)


def _closed_as_duplicate(world: World) -> None:
    _other_question(world)
    response = world.people.moderator("Closing Moderator").post(
        f"/questions/{world.question_id}/duplicate", {"duplicate_of_id": world.other_question_id}
    )
    assert response.status_code == 200, response.get_json()


REOPEN_DUPLICATE = Case(
    "DELETE",
    "/api/v1/questions/<int:question_id>/duplicate",
    state=lambda w, a: (w.thread()["duplicate_of_id"], w.thread()["status"]),
    setup=_closed_as_duplicate,
)
LABEL = Case(
    "PUT",
    "/api/v1/answers/<int:answer_id>/label",
    state=lambda w, a: w.answer()["label"],
    body=lambda w: {"label": "needs-verification", "note": "The linked policy page has moved."},
    author="answerer",
)
UNLABEL = Case(
    "DELETE", "/api/v1/answers/<int:answer_id>/label", state=lambda w, a: w.answer()["label"],
    author="answerer", setup=_labelled,
)  # fmt: skip
# "author" for people-targeting endpoints is the answerer themselves.
SUSPEND = Case(
    "POST",
    "/api/v1/users/<int:user_id>/suspension",
    state=_suspended_until,
    body=lambda w: {"days": 7, "reason": "Repeated personal remarks."},
    author="answerer",
)
LIFT_SUSPENSION = Case(
    "DELETE",
    "/api/v1/users/<int:user_id>/suspension",
    state=_suspended_until,
    author="answerer",
    setup=_suspended,
)
SET_ROLE = Case(
    "PATCH",
    "/api/v1/users/<int:user_id>",
    state=lambda w, a: w.reader.get(f"/users/{w.answerer.id}").get_json()["role"],
    body=lambda w: {"role": "moderator"},
    author="answerer",
)
# The post's author (the asker) or a moderator decides on a suggested edit of the question.
APPROVE_EDIT = Case(
    "POST",
    "/api/v1/suggested-edits/<int:edit_id>/approve",
    state=lambda w, a: w.thread()["title"],
    setup=_suggested,
)
REJECT_EDIT = Case(
    "POST", "/api/v1/suggested-edits/<int:edit_id>/reject", state=_suggestion_status, setup=_suggested
)
# Privilege gates: with the production threshold, a new member may not vote down.
DOWNVOTE = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/vote",
    state=lambda w, a: w.thread()["score"],
    body=lambda w: {"value": -1},
    config=(("DOWNVOTE_MIN_REPUTATION", 15),),
)


def _overridden_settings(world: World, actor: ApiClient) -> Any:
    """Settings an admin set (only admins may read them through the API)."""
    with world.app.app_context():
        return db.session.execute(select(SiteSetting.name, SiteSetting.value)).all()


SITE_SETTINGS = Case(
    "PATCH",
    "/api/v1/admin/settings",
    state=_overridden_settings,
    body=lambda w: {"FLAG_THRESHOLD": 2, "POST_LIMIT": "5 per minute"},
)


def _webhooks(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.execute(select(Webhook.id, Webhook.url, Webhook.is_active)).all()


def _a_webhook(world: World) -> None:
    with world.app.app_context():
        webhook = Webhook(url="http://127.0.0.1:9/hook", secret="s" * 64, tags=[], events=["asked"])
        webhook.format = WebhookFormat.SLACK
        db.session.add(webhook)
        db.session.commit()
        world.webhook_id = webhook.id


WEBHOOKS = "/api/v1/admin/webhooks"
ADD_WEBHOOK = Case(
    "POST", WEBHOOKS, state=_webhooks, body=lambda w: {"url": "https://chat.example.org/hooks/1"}
)
CHANGE_WEBHOOK = Case(
    "PATCH",
    WEBHOOKS + "/<int:webhook_id>",
    state=_webhooks,
    body=lambda w: {"is_active": False},
    setup=_a_webhook,
)
REMOVE_WEBHOOK = Case("DELETE", WEBHOOKS + "/<int:webhook_id>", state=_webhooks, setup=_a_webhook)

MODERATION_MATRIX: list[tuple[Case, int, int, int, int, int]] = [
    *(row for kind in POSTS for row in _post_cases(kind)),
    (LOCK, 401, 403, 403, 200, 200),
    (UNLOCK, 401, 403, 403, 200, 200),
    (DUPLICATE, 401, 403, 403, 200, 200),
    (REOPEN_DUPLICATE, 401, 403, 403, 200, 200),
    (LABEL, 401, 403, 403, 200, 200),  # trusted members (LABEL_MIN_REPUTATION) too: test_moderation
    (UNLABEL, 401, 403, 403, 200, 200),
    (SUSPEND, 401, 403, 403, 200, 200),
    (LIFT_SUSPENSION, 401, 403, 403, 200, 200),
    (SET_ROLE, 401, 403, 403, 403, 200),  # admins only
    (APPROVE_EDIT, 401, 403, 200, 200, 200),
    (REJECT_EDIT, 401, 403, 200, 200, 200),
    (DOWNVOTE, 401, 403, 403, 200, 200),
    (SITE_SETTINGS, 401, 403, 403, 403, 200),  # admins only
    (ADD_WEBHOOK, 401, 403, 403, 403, 201),  # admins only
    (CHANGE_WEBHOOK, 401, 403, 403, 403, 200),
    (REMOVE_WEBHOOK, 401, 403, 403, 403, 204),
]

# -- community: following, notifications, thanks, invitations -----------------------------


def _my_tags(world: World, actor: ApiClient) -> Any:
    return actor.get("/me/tags").get_json()


def _watching(world: World, actor: ApiClient) -> Any:
    return actor.get(f"/questions/{world.question_id}/watch").get_json()


def _account(field: str) -> State:
    return lambda world, actor: actor.get("/auth/me").get_json().get(field)


def _mentioned(world: World, actor: ApiClient) -> None:
    """Someone mentions the actor, so that they have an unread notification."""
    assert actor.user is not None
    body = {"body": f"@{actor.user['display_name']} could you have a look?"}
    response = world.answerer.post(f"/questions/{world.question_id}/comments", body)
    assert response.status_code == 201, response.get_json()


def _does(method: str, path: str) -> Callable[[World, ApiClient], None]:
    """Set-up: the actor has already done this (e.g. follows the tag they are about to unfollow)."""

    def prepare(world: World, actor: ApiClient) -> None:
        getattr(actor, method)(fill(path, world.path_values()))

    return prepare


FOLLOW_TAG = Case("PUT", "/api/v1/me/tags/<path:name>/follow", state=_my_tags)
UNFOLLOW_TAG = Case(
    "DELETE",
    "/api/v1/me/tags/<path:name>/follow",
    state=_my_tags,
    prepare=_does("put", "/me/tags/<name>/follow"),
)
MUTE_TAG = Case("PUT", "/api/v1/me/tags/<path:name>/mute", state=_my_tags)
UNMUTE_TAG = Case(
    "DELETE",
    "/api/v1/me/tags/<path:name>/mute",
    state=_my_tags,
    prepare=_does("put", "/me/tags/<name>/mute"),
)
# The asker watches their question from the start: "author" is the answerer here.
WATCH = Case("PUT", "/api/v1/questions/<int:question_id>/watch", state=_watching, author="answerer")
UNWATCH = Case(
    "DELETE",
    "/api/v1/questions/<int:question_id>/watch",
    state=_watching,
    prepare=_does("put", "/questions/<question_id>/watch"),
)
HELPED = Case(
    "PUT",
    "/api/v1/answers/<int:answer_id>/helped",
    state=lambda w, a: w.answer()["helped_count"],
    author="answerer",
)
UNHELPED = Case(
    "DELETE",
    "/api/v1/answers/<int:answer_id>/helped",
    state=lambda w, a: w.answer()["helped_count"],
    author="answerer",
    prepare=_does("put", "/answers/<answer_id>/helped"),
)
INVITE = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/invite",
    state=lambda w, a: w.answerer.get("/me/notifications").get_json()["meta"]["total"],
    body=lambda w: {"user_id": w.answerer.id},
)


def _invited(world: World, actor: ApiClient) -> None:
    if actor.id == world.asker.id:
        return  # the asker cannot be invited to their own question
    invited = world.asker.post(f"/questions/{world.question_id}/invite", {"user_id": actor.id})
    assert invited.status_code == 201, invited.get_json()


def _declined(world: World, actor: ApiClient) -> Any:
    notes = actor.get("/me/notifications").get_json() if actor.user is not None else {"items": []}
    return [n["data"].get("declined") for n in notes["items"] if n["kind"] == "invited"]


# Only the invitee declines: each actor is invited first (by the asker), so everyone signed in can.
DECLINE_INVITATION = Case(
    "POST",
    "/api/v1/questions/<int:question_id>/invitation/decline",
    state=_declined,
    author="answerer",
    prepare=_invited,
)
READ_NOTIFICATIONS = Case(
    "POST", "/api/v1/me/notifications/read", state=_account("unread_notifications"), prepare=_mentioned
)
UPDATE_ACCOUNT = Case(
    "PATCH",
    "/api/v1/me",
    state=_account("accepts_invitations"),
    body=lambda w: {"accepts_invitations": False},
)

# The one-click unsubscribe link carries its own proof (a signed token, tests/backend/
# test_mail.py): without it nobody, signed in or not, turns off anyone's mail.
UNSUBSCRIBE = Case(
    "POST", "/api/v1/mail/unsubscribe", state=_account("email_activity"), body=lambda w: {}, writes=False
)


def _tokens(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.execute(select(ApiToken.id, ApiToken.user_id)).all()


def _answerers_token(world: World) -> None:
    response = world.answerer.post("/me/tokens", {"name": "bot", "scopes": ["read"]})
    assert response.status_code == 201, response.get_json()
    world.token_id = response.get_json()["id"]


CREATE_TOKEN = Case(
    "POST", "/api/v1/me/tokens", state=_tokens, body=lambda w: {"name": "bot", "scopes": ["read"]}
)
# Only its owner revokes a token: to anyone else it does not exist.
REVOKE_TOKEN = Case(
    "DELETE", "/api/v1/me/tokens/<int:token_id>", state=_tokens, author="answerer", setup=_answerers_token
)

# -- accounts -----------------------------------------------------------------------------


def _password_hash(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.execute(select(User.id, User.password_hash).order_by(User.id)).all()


def _outbox(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        return db.session.execute(select(MailOutbox.id)).all()


def _answerer_state(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        person = db.session.get_one(User, world.answerer.id)
        return (person.is_active, person.deleted_at)


CHANGE_PASSWORD = Case(
    "POST",
    "/api/v1/me/password",
    state=_password_hash,
    body=lambda w: {"current_password": PASSWORD, "new_password": "a brand new passphrase"},
)
UPDATE_PROFILE = Case(
    "PATCH",
    "/api/v1/me/profile",
    state=_account("about"),
    body=lambda w: {"about": "I look after the builds."},
)
CHANGE_EMAIL = Case(
    "POST",
    "/api/v1/me/email",
    state=_account("email"),
    body=lambda w: {"email": f"moved{next(_numbers)}@example.com", "password": PASSWORD},
)
# Everyone here is confirmed already (the site does not mail): nothing to send.
RESEND_VERIFICATION = Case("POST", "/api/v1/me/verification", state=_outbox, writes=False)
DELETE_ME = Case("DELETE", "/api/v1/me", state=_me_status, body=lambda w: {"password": PASSWORD})
# Open to all, and the same answer for any address (no account enumeration).
RESET_PASSWORD = Case(
    "POST",
    "/api/v1/auth/password-reset",
    state=_outbox,
    body=lambda w: {"email": w.answerer.user["email"]},  # type: ignore[index]
)
CONFIRM_RESET = Case(
    "POST",
    "/api/v1/auth/password-reset/confirm",
    state=_password_hash,
    body=lambda w: {"token": "not-a-token", "password": "a brand new passphrase"},
    writes=False,
)
VERIFY_EMAIL = Case(
    "POST",
    "/api/v1/auth/verify-email",
    state=_me_status,
    body=lambda w: {"token": "not-a-token"},
    writes=False,
)
ADMIN_UPDATE_PERSON = Case(
    "PATCH",
    "/api/v1/admin/users/<int:user_id>",
    state=_answerer_state,
    body=lambda w: {"is_active": False},
    author="answerer",
)
ADMIN_DELETE_PERSON = Case(
    "DELETE", "/api/v1/admin/users/<int:user_id>", state=_answerer_state, author="answerer"
)


def _synthesizers(world: World, actor: ApiClient) -> Any:
    return world.reader.get(f"/tags/{TAG}/synthesizers").get_json()["items"]


def _answerer_synthesizes(world: World) -> None:
    with world.app.app_context():
        tag = db.session.scalars(select(Tag).where(Tag.name == TAG)).one()
        db.session.add(Synthesizer(tag_id=tag.id, user_id=world.answerer.id))
        db.session.commit()


def _a_draft(world: World) -> None:
    """The asker synthesizes TAG, whose draft for a past week is waiting."""
    with world.app.app_context():
        tag = db.session.scalars(select(Tag).where(Tag.name == TAG)).one()
        db.session.add(Synthesizer(tag_id=tag.id, user_id=world.asker.id))
        synthesis = Synthesis(tag_id=tag.id, week="2026-W01", body="Draft", html="<p>Draft</p>")
        db.session.add(synthesis)
        db.session.commit()
        world.synthesis_id = synthesis.id


def _synthesis(world: World, actor: ApiClient) -> Any:
    with world.app.app_context():
        row = db.session.get_one(Synthesis, world.synthesis_id)
        return (row.status, row.body)


APPOINT = Case(
    "PUT", "/api/v1/tags/<path:name>/synthesizers/<int:user_id>", state=_synthesizers, author="answerer"
)
UNAPPOINT = Case(
    "DELETE",
    "/api/v1/tags/<path:name>/synthesizers/<int:user_id>",
    state=_synthesizers,
    author="answerer",
    setup=_answerer_synthesizes,
)
EDIT_SYNTHESIS = Case(
    "PATCH",
    "/api/v1/syntheses/<int:synthesis_id>",
    state=_synthesis,
    body=lambda w: {"body": "What we learned: ask early."},
    setup=_a_draft,
)
PUBLISH_SYNTHESIS = Case(
    "POST", "/api/v1/syntheses/<int:synthesis_id>/publish", state=_synthesis, setup=_a_draft
)

SYNTHESIS_MATRIX: list[tuple[Case, int, int, int, int, int]] = [
    (APPOINT, 401, 403, 403, 200, 200),  # moderators appoint
    (UNAPPOINT, 401, 403, 403, 200, 200),
    (EDIT_SYNTHESIS, 401, 403, 200, 200, 200),  # "author": the community's synthesizer
    (PUBLISH_SYNTHESIS, 401, 403, 200, 200, 200),
]

ACCOUNT_MATRIX: list[tuple[Case, int, int, int, int, int]] = [
    (CHANGE_PASSWORD, 401, 204, 204, 204, 204),
    (UPDATE_PROFILE, 401, 200, 200, 200, 200),
    (CHANGE_EMAIL, 401, 200, 200, 200, 200),
    (RESEND_VERIFICATION, 401, 422, 422, 422, 422),
    (DELETE_ME, 401, 204, 204, 204, 409),  # the world's only admin stays
    (RESET_PASSWORD, 202, 202, 202, 202, 202),
    (CONFIRM_RESET, 422, 422, 422, 422, 422),  # the token is the proof, not the session
    (VERIFY_EMAIL, 422, 422, 422, 422, 422),
    (ADMIN_UPDATE_PERSON, 401, 403, 403, 403, 200),  # admins only
    (ADMIN_DELETE_PERSON, 401, 403, 403, 403, 204),
]

COMMUNITY_MATRIX: list[tuple[Case, int, int, int, int, int]] = [
    (FOLLOW_TAG, 401, 200, 200, 200, 200),
    (UNFOLLOW_TAG, 401, 200, 200, 200, 200),
    (MUTE_TAG, 401, 200, 200, 200, 200),
    (UNMUTE_TAG, 401, 200, 200, 200, 200),
    (WATCH, 401, 200, 200, 200, 200),
    (UNWATCH, 401, 200, 200, 200, 200),
    (HELPED, 401, 200, 403, 200, 200),  # nobody thanks themselves
    (UNHELPED, 401, 200, 403, 200, 200),
    (INVITE, 401, 201, 201, 201, 201),
    (DECLINE_INVITATION, 401, 200, 200, 200, 200),
    (READ_NOTIFICATIONS, 401, 200, 200, 200, 200),
    (UPDATE_ACCOUNT, 401, 200, 200, 200, 200),
    (CREATE_TOKEN, 401, 201, 201, 201, 201),
    (REVOKE_TOKEN, 401, 404, 204, 404, 404),
    (UNSUBSCRIBE, 422, 422, 422, 422, 422),  # the token is the proof, not the session
]

# -- the matrix -------------------------------------------------------------------------

# case:              anonymous, member (not the author), author, moderator, admin
MATRIX: list[tuple[Case, int, int, int, int, int]] = [
    (ASK, 401, 201, 201, 201, 201),
    (EDIT_QUESTION, 401, 202, 200, 200, 200),  # 202: a suggested edit
    (DELETE_QUESTION, 401, 403, 204, 204, 204),
    (ANSWER, 401, 201, 201, 201, 201),
    (EDIT_ANSWER, 401, 202, 200, 200, 200),
    (ROLL_BACK_QUESTION, 401, 403, 200, 200, 200),
    (ROLL_BACK_ANSWER, 401, 403, 200, 200, 200),
    (DELETE_ANSWER, 401, 403, 204, 204, 204),
    (ACCEPT, 401, 403, 200, 200, 200),
    (UNACCEPT, 401, 403, 200, 200, 200),
    (VOTE_QUESTION, 401, 200, 403, 200, 200),
    (VOTE_ANSWER, 401, 200, 403, 200, 200),
    (COMMENT_QUESTION, 401, 201, 201, 201, 201),
    (COMMENT_ANSWER, 401, 201, 201, 201, 201),
    (DELETE_COMMENT, 401, 403, 204, 204, 204),
    (EDIT_COMMENT, 401, 403, 200, 200, 200),
    (UPDATE_TAG, 401, 403, 403, 200, 200),  # moderators only: the asker is just a member
    (CREATE_TAG, 401, 403, 403, 201, 201),
    (ADD_SYNONYM, 401, 403, 403, 200, 200),
    (REMOVE_SYNONYM, 401, 403, 403, 204, 204),
    (MERGE_TAG, 401, 403, 403, 200, 200),
    (RENAME_TAG, 401, 403, 403, 200, 200),
    (LOGOUT, 204, 204, 204, 204, 204),
    (PREVIEW, 401, 200, 200, 200, 200),
    *COMMUNITY_MATRIX,
    *MODERATION_MATRIX,
    *ACCOUNT_MATRIX,
    *SYNTHESIS_MATRIX,
]

# The other party of the thread, where being "in the thread" must not be enough.
EXTRA: list[tuple[Case, str, int]] = [
    (ACCEPT, "answerer", 403),  # the answerer cannot accept their own answer
    (UNACCEPT, "answerer", 403),
    (EDIT_ANSWER, "asker", 202),  # owning the question does not give its answers: a suggestion
    (DELETE_ANSWER, "asker", 403),
    (ROLL_BACK_ANSWER, "asker", 403),  # owning the question does not give its answers' history
    (VOTE_ANSWER, "asker", 200),
    (EDIT_QUESTION, "answerer", 202),
    (DELETE_QUESTION, "answerer", 403),
    (DELETE_COMMENT, "answerer", 403),
    (EDIT_COMMENT, "answerer", 403),
    (DECLINE_INVITATION, "asker", 404),  # not invited: the asker cannot be
]

# Signing up and in are the only writes open to everybody.
PUBLIC: list[tuple[Case, str, int]] = [
    (REGISTER, "anonymous", 201),
    (LOGIN, "anonymous", 200),
]

ROWS: list[tuple[Case, str, int]] = [
    *(
        (case, actor, status)
        for case, *statuses in MATRIX
        for actor, status in zip(ACTORS, statuses, strict=True)
    ),
    *EXTRA,
    *PUBLIC,
]

# Known backend bugs: {(case name, actor): reason}; such rows become strict xfails.
BUGS: dict[tuple[str, str], str] = {}


def _param(case: Case, actor: str, status: int) -> Any:
    marks = []
    if (case.name, actor) in BUGS:
        marks.append(pytest.mark.xfail(strict=True, reason=BUGS[(case.name, actor)]))
    return pytest.param(case, actor, status, id=f"{case.name} as {actor} -> {status}", marks=marks)


@pytest.mark.parametrize(("case", "actor_name", "expected"), [_param(*row) for row in ROWS])
def test_authorization(app: Flask, people: People, case: Case, actor_name: str, expected: int) -> None:
    world = build_world(app, people, accepted=case.accepted)
    if case.setup:
        case.setup(world)
    app.config.update(dict(case.config))
    actor = resolve_actor(world, actor_name, case)
    if case.prepare and actor.user is not None:
        case.prepare(world, actor)
    path = fill(case.rule, world.path_values()).removeprefix(API)
    body = case.body(world) if case.body else None

    before = case.state(world, actor)
    rows_before = db_snapshot(app)
    response = getattr(actor, case.method.lower())(path, json=body)

    assert response.status_code == expected, response.get_json(silent=True) or response.data
    refusals = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
    if expected in refusals:
        assert_error_body(response, expected, refusals[expected])
        assert db_snapshot(app) == rows_before, "a refused request wrote to the database"
        assert case.state(world, actor) == before
    elif not case.writes:
        assert db_snapshot(app) == rows_before, "a computing endpoint wrote to the database"
    elif not (actor_name == "anonymous" and case.anonymous_noop):
        assert case.state(world, actor) != before, "the request succeeded but changed nothing"


# -- the matrix itself ------------------------------------------------------------------


def _unsafe_rules(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & UNSAFE_METHODS
    }


def test_matrix_covers_every_unsafe_route(app: Flask) -> None:
    routes = _unsafe_rules(app)
    covered = {(case.method, case.rule) for case, _, _ in ROWS}
    assert len(routes) >= 15
    assert routes - covered == set(), "unsafe routes without an authorization case"
    assert covered - routes == set(), "authorization cases for routes that do not exist"


def test_every_case_is_crossed_with_every_actor() -> None:
    for case, *statuses in MATRIX:
        assert len(statuses) == len(ACTORS), case.name
    assert len({case for case, *_ in MATRIX}) == len(MATRIX)
    # Only sign-up and sign-in may skip the full cross: they are open to everybody.
    crossed = {case.name for case, *_ in MATRIX}
    assert {case.name for case, _, _ in ROWS} - crossed == {REGISTER.name, LOGIN.name}
