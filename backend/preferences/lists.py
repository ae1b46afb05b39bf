"""What a person's follows and mutes do to the question lists."""

from __future__ import annotations

from dataclasses import replace

from backend.errors import Unauthorized
from backend.models import User
from backend.preferences.stances import muted_tags
from backend.questions.listing import ListFilter


def personal_filter(
    spec: ListFilter, person: User | None, *, feed: str | None, show_muted: bool
) -> ListFilter:
    """The list as this person asked for it: the "for you" feed, and their mutes applied.

    Mutes apply to every list of questions (feed included) except one author's list, and
    never to a tag the list is filtered by: asking for a tag by name shows it.
    """
    if feed == "for-you":
        if person is None:
            raise Unauthorized("Sign in to see the questions for you.")
        spec = replace(spec, feed_of=person.id)
    if person is not None and not show_muted and spec.author_id is None:
        muted = tuple(tag_id for tag_id, name in muted_tags(person.id) if name not in spec.tags)
        spec = replace(spec, muted_tag_ids=muted)
    return spec
