"""A whole forum in memory: users, questions, answers, votes, acceptances, with exact counters.

Every denormalized number (scores, answer counts, tag counts, reputations, the sort
keys copied onto question_tags) is derived here from the rows themselves, so the
database it is loaded into agrees with what the app would have written.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tqdm import tqdm

from backend.reputation import rules
from bench.corpus import Corpus, Recombiner

END = datetime(2026, 5, 1)  # naive UTC, as the database stores it
SPAN = timedelta(days=3 * 365)
START = END - SPAN
UPVOTE_SHARE = 0.88
QUESTION_VOTE_SHARE = 0.35
ANONYMOUS_SHARE = 0.02
DELETED_SHARE = 0.005
ACCEPTED_SHARE = 0.40
CLOSED_SHARE = 0.01
NEVER_ANSWERED_SHARE = 0.10  # on top of those that simply draw no answer


@dataclass
class Dataset:
    users: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    questions: list[tuple] = field(default_factory=list)
    question_tags: list[tuple] = field(default_factory=list)
    question_views: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    votes: list[tuple] = field(default_factory=list)


COLUMNS = {
    "users": ("id", "email", "display_name", "password_hash", "role", "reputation", "created_at",
              "last_seen_at", "is_active"),
    "tags": ("id", "name", "description", "question_count", "created_at"),
    "questions": ("id", "title", "body_source", "body_html", "author_id", "is_anonymous", "status",
                  "accepted_answer_id", "score", "answer_count", "created_at",
                  "updated_at", "last_activity_at", "is_deleted"),
    "answers": ("id", "question_id", "author_id", "body_source", "body_html", "score", "created_at",
                "updated_at", "is_deleted"),
    "question_views": ("question_id", "view_count"),
    "question_tags": ("question_id", "tag_id", "is_deleted", "status", "created_at",
                      "last_activity_at", "score", "answer_count"),
    "votes": ("id", "user_id", "question_id", "answer_id", "value", "created_at"),
}  # fmt: skip


def _later(rng: random.Random, t: datetime, mean_days: float) -> datetime:
    return min(END, t + timedelta(days=rng.expovariate(1 / mean_days)))


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _vote_counts(rng: random.Random, n_posts: int, n_votes: int, cap: int) -> list[int]:
    """How many votes each post gets: heavy-tailed, at most cap each, n_votes in all."""
    cum = _cumulative([rng.lognormvariate(0, 1.2) for _ in range(n_posts)])
    counts = [0] * n_posts
    for i in rng.choices(range(n_posts), cum_weights=cum, k=n_votes):
        counts[i] += 1
    overflow = sum(max(0, c - cap) for c in counts)
    counts = [min(c, cap) for c in counts]
    while overflow:
        i = rng.randrange(n_posts)
        if counts[i] < cap:
            counts[i] += 1
            overflow -= 1
    return counts


def build(corpus: Corpus, n_questions: int, n_answers: int, n_votes: int, n_users: int, seed: int) -> Dataset:
    rng = random.Random(seed)
    recombine = Recombiner(corpus, rng)
    user_ids = range(1, n_users + 1)
    user_cum = _cumulative([rng.paretovariate(1.3) for _ in user_ids])

    # Questions: ids follow time, as they do in a live forum.
    seconds = SPAN.total_seconds()
    q_created = sorted(START + timedelta(seconds=rng.uniform(0, seconds)) for _ in range(n_questions))
    q_author = rng.choices(user_ids, cum_weights=user_cum, k=n_questions)
    q_parts = [recombine.question() for _ in tqdm(range(n_questions), desc="questions", unit="q")]
    q_anonymous = [rng.random() < ANONYMOUS_SHARE for _ in range(n_questions)]
    q_deleted = [rng.random() < DELETED_SHARE for _ in range(n_questions)]

    # Answers: some questions never draw one; the rest get a heavy-tailed share.
    q_weights = [0.0 if rng.random() < NEVER_ANSWERED_SHARE else rng.expovariate(1) for _ in q_created]
    a_question = rng.choices(range(n_questions), cum_weights=_cumulative(q_weights), k=n_answers)
    a_rows = sorted(
        (_later(rng, q_created[qi], 3), qi, rng.choices(user_ids, cum_weights=user_cum)[0])
        for qi in tqdm(a_question, desc="answers", unit="a")
    )
    a_created = [r[0] for r in a_rows]
    a_q = [r[1] for r in a_rows]
    a_author = [r[2] for r in a_rows]
    a_body = [recombine.answer_body(q_parts[qi][3]) for qi in a_q]
    answers_of: list[list[int]] = [[] for _ in range(n_questions)]
    for ai, qi in enumerate(a_q):
        answers_of[qi].append(ai)

    # Votes: one per person and post, never on one's own post.
    ds = Dataset()
    q_score = [0] * n_questions
    a_score = [0] * n_answers
    reputation = Counter[int]()
    n_q_votes = round(n_votes * QUESTION_VOTE_SHARE)
    posts = [
        ("q", _vote_counts(rng, n_questions, n_q_votes, n_users - 1), q_author, q_created),
        ("a", _vote_counts(rng, n_answers, n_votes - n_q_votes, n_users - 1), a_author, a_created),
    ]
    with tqdm(total=n_votes, desc="votes", unit="v") as bar:
        for kind, counts, authors, created in posts:
            for pi, k in enumerate(counts):
                if not k:
                    continue
                voters = [u for u in rng.sample(user_ids, k + 1) if u != authors[pi]][:k]
                for voter in voters:
                    value = 1 if rng.random() < UPVOTE_SHARE else -1
                    when = _later(rng, created[pi], 20)
                    if kind == "q":
                        q_score[pi] += value
                        ds.votes.append((len(ds.votes) + 1, voter, pi + 1, None, value, when))
                        if not q_anonymous[pi]:
                            reputation[authors[pi]] += rules.for_vote(False, value)
                    else:
                        a_score[pi] += value
                        ds.votes.append((len(ds.votes) + 1, voter, None, pi + 1, value, when))
                        qi = a_q[pi]
                        # The asker's own answer in an anonymous thread earns nothing either.
                        if not (q_anonymous[qi] and authors[pi] == q_author[qi]):
                            reputation[authors[pi]] += rules.for_vote(True, value)
                bar.update(k)

    # Acceptances: about ACCEPTED_SHARE of all questions, usually the top answer.
    answered = [qi for qi in range(n_questions) if answers_of[qi] and not q_deleted[qi]]
    accept_p = min(1.0, ACCEPTED_SHARE * n_questions / max(1, len(answered)))
    q_accepted: list[int | None] = [None] * n_questions
    q_status = ["open"] * n_questions
    q_last = [max([q_created[qi]] + [a_created[ai] for ai in answers_of[qi]]) for qi in range(n_questions)]
    for qi in range(n_questions):
        if answers_of[qi] and not q_deleted[qi] and rng.random() < accept_p:
            candidates = answers_of[qi]
            ai = max(candidates, key=lambda a: a_score[a]) if rng.random() < 0.6 else rng.choice(candidates)
            q_accepted[qi], q_status[qi] = ai + 1, "resolved"
            q_last[qi] = max(q_last[qi], _later(rng, a_created[ai], 1))
            if a_author[ai] != q_author[qi]:
                reputation[a_author[ai]] += rules.ANSWER_ACCEPTED
                if not q_anonymous[qi]:
                    reputation[q_author[qi]] += rules.ASKER_ACCEPTED
        elif rng.random() < CLOSED_SHARE:
            q_status[qi] = "closed"

    # Rows, with every counter taken from the rows above.
    tag_ids = {name: i for i, name in enumerate(corpus.tag_names, start=1)}
    tag_count = Counter[str]()
    bodies = corpus.bodies
    for qi in range(n_questions):
        title, body, tag_names, _site = q_parts[qi]
        source, html = bodies[body]
        ds.question_views.append((qi + 1, int(rng.lognormvariate(4, 1))))
        row = (
            qi + 1, title, source, html, q_author[qi], q_anonymous[qi], q_status[qi], q_accepted[qi],
            q_score[qi], len(answers_of[qi]), q_created[qi], q_created[qi], q_last[qi], q_deleted[qi],
        )  # fmt: skip
        ds.questions.append(row)
        for name in tag_names:
            ds.question_tags.append(
                (qi + 1, tag_ids[name], q_deleted[qi], q_status[qi], q_created[qi], q_last[qi],
                 q_score[qi], len(answers_of[qi]))
            )  # fmt: skip
            if not q_deleted[qi]:
                tag_count[name] += 1
    for ai in range(n_answers):
        source, html = bodies[a_body[ai]]
        answered_at = a_created[ai]
        ds.answers.append(
            (ai + 1, a_q[ai] + 1, a_author[ai], source, html, a_score[ai], answered_at, answered_at, False)
        )
    ds.tags = [(i, name, "", tag_count[name], START) for name, i in tag_ids.items()]
    for uid in user_ids:
        role = "admin" if uid == 1 else "moderator" if uid <= 6 else "member"
        joined = START - timedelta(days=rng.uniform(0, 365))
        email, name = f"member{uid}@bench.invalid", f"Member {uid}"
        ds.users.append((uid, email, name, None, role, reputation[uid], joined, None, True))
    return ds
