"""How much reputation each event is worth. The live updates and the recompute both read these."""

from __future__ import annotations

QUESTION_UPVOTED = 5
ANSWER_UPVOTED = 10
POST_DOWNVOTED = -2
ANSWER_ACCEPTED = 15
# Goes to the asker whose question got an accepted answer (the moderator who accepts
# on an asker's behalf is acting for them).
ASKER_ACCEPTED = 2


def for_vote(on_answer: bool, value: int) -> int:
    """Reputation a post's author gets for one vote of `value` (-1, 0 or 1)."""
    if value > 0:
        return ANSWER_UPVOTED if on_answer else QUESTION_UPVOTED
    return POST_DOWNVOTED if value < 0 else 0


# Anonymous questions earn their asker nothing, and neither do the asker's own answers
# in that thread: a reputation that moves when they are voted on or resolved would tell
# watchers who asked. Accepting your own answer earns nothing either.
