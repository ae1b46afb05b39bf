"""The badges and what earns them (thresholds in one place)."""

from __future__ import annotations

from dataclasses import dataclass

HELPFUL_UPVOTES = 10  # one answer with this score
PROBLEM_SOLVER_ACCEPTED = 10  # accepted answers (on other people's questions)
CURIOUS_QUESTIONS = 5  # questions with a score above 0
COMMUNITY_BUILDER_THANKS = 10  # different people who said "this helped me" about your answers


@dataclass(frozen=True)
class Badge:
    key: str
    name: str
    description: str


BADGES = {
    badge.key: badge
    for badge in (
        Badge("first_question", "First question", "Asked a first question."),
        Badge("first_answer", "First answer", "Answered a first question."),
        Badge("first_accepted", "First accepted answer", "Wrote a first answer that the asker accepted."),
        Badge("helpful", "Helpful", f"Wrote an answer with a score of {HELPFUL_UPVOTES}."),
        Badge(
            "problem_solver",
            "Problem solver",
            f"Wrote {PROBLEM_SOLVER_ACCEPTED} answers that their askers accepted.",
        ),
        Badge("curious", "Curious", f"Asked {CURIOUS_QUESTIONS} questions that others voted up."),
        Badge(
            "community_builder",
            "Community builder",
            f"{COMMUNITY_BUILDER_THANKS} different people said your answers helped them.",
        ),
    )
}
