import random

from sqlalchemy import update

from backend.extensions import db
from backend.models import User
from backend.questions.content_version import reputations_changed
from tests.people import ApiClient


def test_recompute_agrees_with_the_live_reputation(app, people):
    rng = random.Random(7)
    crowd = [people.member() for _ in range(6)]
    questions = [rng.choice(crowd).ask(anonymous=rng.random() < 0.3) for _ in range(6)]
    answers = []
    for q in questions:
        for helper in rng.sample(crowd, 3):
            if helper.id != q["author"]["id"]:
                answers.append((q, helper, helper.answer(q["id"])))
    for _ in range(120):
        voter = rng.choice(crowd)
        if rng.random() < 0.5:
            voter.vote("questions", rng.choice(questions)["id"], rng.choice([1, -1, 0]))
        else:
            voter.vote("answers", rng.choice(answers)[2]["id"], rng.choice([1, -1, 0]))
    askers = {q["id"]: next(p for p in crowd if p.id == q["author"]["id"]) for q in questions}
    for q, _, a in rng.sample(answers, 8):
        askers[q["id"]].accept(a["id"])
    for _, helper, a in rng.sample(answers, 3):
        helper.delete(f"/answers/{a['id']}")

    live = {p.id: people.reputation(p) for p in crowd}
    assert any(live.values())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reputation", "recompute", "--check"])
    assert result.exit_code == 0, result.output
    assert "0 reputations differ" in result.output
    assert {p.id: people.reputation(p) for p in crowd} == live


def test_recompute_repairs_drifted_reputation(app, people):
    asker, voter = people.member(), people.member()
    question = asker.ask()
    voter.vote("questions", question["id"], 1)
    with app.app_context():
        db.session.execute(update(User).where(User.id == asker.id).values(reputation=999))
        reputations_changed()  # as every write that moves a reputation does: readers see the drift
        db.session.commit()
    thread = f"/questions/{question['id']}"
    assert ApiClient(app).get(thread).get_json()["author"]["reputation"] == 999  # cached for readers
    runner = app.test_cli_runner()
    check = runner.invoke(args=["reputation", "recompute", "--check"])
    assert check.exit_code == 1
    assert f"user {asker.id}: 999 -> 5" in check.output
    assert people.reputation(asker) == 999
    fixed = runner.invoke(args=["reputation", "recompute"])
    assert fixed.exit_code == 0
    assert people.reputation(asker) == 5
    assert ApiClient(app).get(thread).get_json()["author"]["reputation"] == 5


def test_accepting_your_own_answer_earns_nothing(people):
    asker = people.member()
    q = asker.ask()
    asker.accept(asker.answer(q["id"])["id"])
    assert people.reputation(asker) == 0
