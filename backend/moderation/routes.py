"""Flags on posts, moderator actions, the moderation queue and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.models import Answer, Question, SuggestedEdit, User
from backend.moderation import audit, flags, queue, rate_limits, services, suggestions
from backend.moderation.posts import Post
from backend.moderation.schemas import (
    ActionSchema,
    AuditLogArgsSchema,
    AuditLogPageSchema,
    DuplicateCreateSchema,
    FlagCreateSchema,
    FlagResultSchema,
    LabelCreateSchema,
    LabelStateSchema,
    MemberStateSchema,
    ModerationQueueSchema,
    PostStateSchema,
    ReasonRequiredSchema,
    RoleUpdateSchema,
    SuggestionStateSchema,
    SuspensionCreateSchema,
    ThreadStateSchema,
)
from backend.pagination import page
from backend.permissions import moderators_only
from backend.viewer import member

F = TypeVar("F", bound=Callable[..., Any])

blp = Blueprint("moderation", __name__, url_prefix="/api/v1", description="Flags and moderation")

POSTS = {
    "question": "/questions/<int:question_id>",
    "answer": "/answers/<int:answer_id>",
    "comment": "/comments/<int:comment_id>",
}


def _named(name: str) -> Callable[[F], F]:
    """Give a generated view its own name: endpoints and rate limits are keyed by it."""

    def rename(func: F) -> F:
        func.__name__ = func.__qualname__ = name
        return func

    return rename


def _post_actions(kind: str, base: str) -> None:
    """flag, hide, restore and dismiss-flags for one kind of post."""
    key = f"{kind}_id"

    @blp.route(f"{base}/flag", methods=["POST"])
    @login_required
    @rate_limits.flagging
    @blp.arguments(FlagCreateSchema)
    @blp.response(201, FlagResultSchema)
    @_named(f"flag_{kind}")
    def flag(data: dict, **ids: int) -> flags.FlagResult:
        """Flag the post (one flag per person); enough flags hide it pending review."""
        result = flags.flag_post(kind, ids[key], member(), data["reason"], data["note"])
        db.session.commit()
        return result

    @blp.route(f"{base}/hide", methods=["POST"])
    @login_required
    @moderators_only
    @blp.arguments(ReasonRequiredSchema)
    @blp.response(200, PostStateSchema)
    @_named(f"hide_{kind}")
    def hide(data: dict, **ids: int) -> Post:
        """Hide the post pending review (moderators); its author is told why."""
        post = services.hide_post(kind, ids[key], member(), data["reason"])
        db.session.commit()
        return post

    @blp.route(f"{base}/restore", methods=["POST"])
    @login_required
    @moderators_only
    @blp.arguments(ActionSchema)
    @blp.response(200, PostStateSchema)
    @_named(f"restore_{kind}")
    def restore(data: dict, **ids: int) -> Post:
        """Show a hidden post again (moderators); it returns to lists and search."""
        post = services.restore_post(kind, ids[key], member(), data["reason"])
        db.session.commit()
        return post

    @blp.route(f"{base}/flags/dismiss", methods=["POST"])
    @login_required
    @moderators_only
    @blp.arguments(ActionSchema)
    @blp.response(200, PostStateSchema)
    @_named(f"dismiss_{kind}_flags")
    def dismiss(data: dict, **ids: int) -> Post:
        """Dismiss the post's open flags (moderators); a post they hid is shown again."""
        post = services.dismiss_flags(kind, ids[key], member(), data["reason"])
        db.session.commit()
        return post


for _kind, _base in POSTS.items():
    _post_actions(_kind, _base)


@blp.route("/questions/<int:question_id>/lock", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(ReasonRequiredSchema)
@blp.response(200, ThreadStateSchema)
def lock_thread(data: dict, question_id: int) -> Question:
    """Lock the thread (moderators): no new answers, comments or votes."""
    question = services.lock_thread(question_id, member(), data["reason"])
    db.session.commit()
    return question


@blp.route("/questions/<int:question_id>/lock", methods=["DELETE"])
@login_required
@moderators_only
@blp.response(200, ThreadStateSchema)
def unlock_thread(question_id: int) -> Question:
    """Unlock the thread (moderators)."""
    question = services.unlock_thread(question_id, member(), None)
    db.session.commit()
    return question


@blp.route("/questions/<int:question_id>/duplicate", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(DuplicateCreateSchema)
@blp.response(200, ThreadStateSchema)
def close_as_duplicate(data: dict, question_id: int) -> Question:
    """Close the question as a duplicate of another (moderators); it links to the original."""
    question = services.close_as_duplicate(question_id, data["duplicate_of_id"], member(), data["reason"])
    db.session.commit()
    return question


@blp.route("/questions/<int:question_id>/duplicate", methods=["DELETE"])
@login_required
@moderators_only
@blp.response(200, ThreadStateSchema)
def reopen_duplicate(question_id: int) -> Question:
    """Reopen a question closed as a duplicate (moderators): open, or resolved if it has an
    accepted answer."""
    question = services.reopen_duplicate(question_id, member(), None)
    db.session.commit()
    return question


@blp.route("/answers/<int:answer_id>/label", methods=["PUT"])
@login_required
@blp.arguments(LabelCreateSchema)
@blp.response(200, LabelStateSchema)
def label_answer(data: dict, answer_id: int) -> Answer:
    """Label the answer "needs-verification" or "outdated" (moderators, trusted members)."""
    answer = services.label_answer(answer_id, data["label"], data["note"], member())
    db.session.commit()
    return answer


@blp.route("/answers/<int:answer_id>/label", methods=["DELETE"])
@login_required
@blp.response(200, LabelStateSchema)
def remove_label(answer_id: int) -> Answer:
    """Remove the answer's label (moderators, trusted members)."""
    answer = services.remove_label(answer_id, member(), None)
    db.session.commit()
    return answer


@blp.route("/users/<int:user_id>/suspension", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(SuspensionCreateSchema)
@blp.response(200, MemberStateSchema)
def suspend_member(data: dict, user_id: int) -> User:
    """Suspend a member for some days with a reason (moderators): no signing in or writing."""
    person = services.suspend_member(user_id, data["days"], data["reason"], member())
    db.session.commit()
    return person


@blp.route("/users/<int:user_id>/suspension", methods=["DELETE"])
@login_required
@moderators_only
@blp.response(200, MemberStateSchema)
def lift_suspension(user_id: int) -> User:
    """End a suspension early (moderators)."""
    person = services.lift_suspension(user_id, member(), None)
    db.session.commit()
    return person


@blp.route("/users/<int:user_id>", methods=["PATCH"])
@login_required
@moderators_only
@blp.arguments(RoleUpdateSchema)
@blp.response(200, MemberStateSchema)
def set_role(data: dict, user_id: int) -> User:
    """Promote a member to moderator or demote a moderator (admins)."""
    person = services.set_role(user_id, data["role"], member())
    db.session.commit()
    return person


@blp.route("/suggested-edits/<int:edit_id>/approve", methods=["POST"])
@login_required
@blp.arguments(ActionSchema)
@blp.response(200, SuggestionStateSchema)
def approve_edit(data: dict, edit_id: int) -> SuggestedEdit:
    """Apply a suggested edit (the post's author or a moderator)."""
    suggestion = suggestions.approve(edit_id, member(), data["reason"])
    db.session.commit()
    return suggestion


@blp.route("/suggested-edits/<int:edit_id>/reject", methods=["POST"])
@login_required
@blp.arguments(ActionSchema)
@blp.response(200, SuggestionStateSchema)
def reject_edit(data: dict, edit_id: int) -> SuggestedEdit:
    """Turn down a suggested edit (the post's author or a moderator)."""
    suggestion = suggestions.reject(edit_id, member(), data["reason"])
    db.session.commit()
    return suggestion


@blp.route("/moderation/queue", methods=["GET"])
@login_required
@moderators_only
@blp.response(200, ModerationQueueSchema)
def moderation_queue() -> dict[str, Any]:
    """Flagged posts, hidden posts edited since, suggested edits, new members' first posts."""
    return queue.moderation_queue()


@blp.route("/moderation/log", methods=["GET"])
@login_required
@moderators_only
@blp.arguments(AuditLogArgsSchema, location="query")
@blp.response(200, AuditLogPageSchema)
def moderation_log(args: dict) -> dict[str, Any]:
    """Every moderator action, newest first: who, what, when, why (moderators). Filter by
    who acted (`actor_id`), the action, the target and the days (`since`, `until`)."""
    page_number, per_page = args.pop("page"), args.pop("per_page")
    items, total = audit.log_page(audit.LogFilter(**args), page_number, per_page)
    return page(items, page_number, per_page, total) | {"choices": audit.log_choices()}
