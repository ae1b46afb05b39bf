"""Similar questions for the ask form, with the real embedding model and a real Meilisearch:
found by meaning when the model is there, by words when it is not, and the vectors the
sync computes are stored and reused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models import ThreadVector
from search.embeddings import DIMENSION, MODEL_ID, vector_from_bytes

THREADS = {
    "password": (
        "How do I reset my forgotten password?",
        "I changed it last week and now the login page says it is wrong. Who can reset it for me?",
    ),
    "parking": (
        "Where can visitors park their cars near the office?",
        "A client is coming on Tuesday and asked where the guest parking is.",
    ),
    "mileage": (
        "How do I claim travel mileage on my expense report?",
        "I drove to a customer site and want to be reimbursed for the kilometres.",
    ),
}


@pytest.fixture
def threads(people, sync):
    asker = people.member()
    asked = {key: asker.ask(title=title, body=body) for key, (title, body) in THREADS.items()}
    sync()
    return asked


def similar(client, title, body=None):
    query = {"title": title, **({"body": body} if body else {})}
    response = client.get("/questions/similar", **query)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_a_question_in_other_words_finds_its_twin(threads, anon):
    # No word of these titles (stop words aside) is in the thread they should find.
    assert similar(anon, "cannot sign in anymore")[0] == threads["password"]["id"]
    assert similar(anon, "car space for a guest")[0] == threads["parking"]["id"]
    driving = similar(anon, "reimbursement for driving", "The trip was to a customer")
    assert driving[0] == threads["mileage"]["id"]


def test_without_the_model_similar_questions_match_words(threads, anon, app):
    app.config["SEMANTIC_SEARCH"] = False
    assert similar(anon, "cannot sign in anymore") == []
    assert similar(anon, "I forgot my password")[0] == threads["password"]["id"]


def test_an_index_built_without_vectors_still_answers_with_words(people, sync, anon, app):
    app.config["SEMANTIC_SEARCH"] = False  # the worker has no model: no embedder on the index
    q = people.member().ask(title="How do I reset my forgotten password?")
    sync()
    app.config["SEMANTIC_SEARCH"] = True  # this web worker has one
    assert similar(anon, "I forgot my password") == [q["id"]]


def stored_vectors(app):
    with app.app_context():
        rows = db.session.scalars(select(ThreadVector).order_by(ThreadVector.question_id)).all()
        return {row.question_id: (row.text_hash, row.updated_at, row.model, row.vector) for row in rows}


def test_the_sync_stores_one_vector_per_thread_and_reuses_it(threads, app, people, sync):
    stored = stored_vectors(app)
    assert sorted(stored) == sorted(q["id"] for q in threads.values())
    for _hash, _updated, model, vector in stored.values():
        assert model == MODEL_ID
        values = vector_from_bytes(vector)
        assert len(values) == DIMENSION
        assert abs(sum(x * x for x in values) - 1) < 1e-3

    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert stored_vectors(app) == stored  # nothing encoded again

    password = threads["password"]
    author = people.member()
    # A vote changes the document but not the text the model reads: the vector stays.
    assert author.post(f"/questions/{password['id']}/vote", {"value": 1}).status_code == 200
    sync()
    assert stored_vectors(app)[password["id"]] == stored[password["id"]]


def test_editing_the_question_replaces_its_vector(people, sync, app, anon):
    asker = people.member()
    q = asker.ask(title="Where can visitors park their cars?", body="A client visits on Tuesday: where to?")
    sync()
    before = stored_vectors(app)[q["id"]]
    body = "I need to reset the password of the shared mailbox; the old one stopped working."
    title = "How do I reset the shared mailbox password?"
    assert asker.patch(f"/questions/{q['id']}", {"title": title, "body": body}).status_code == 200
    sync()
    after = stored_vectors(app)[q["id"]]
    assert after[0] != before[0] and after[3] != before[3]
    assert similar(anon, "cannot log in to the team inbox")[0] == q["id"]


def test_deleted_threads_are_never_suggested(threads, people, sync, anon):
    deleted = threads["parking"]
    assert similar(anon, "car space for a guest")[0] == deleted["id"]
    assert people.moderator().delete(f"/questions/{deleted['id']}").status_code == 204
    sync()
    assert deleted["id"] not in similar(anon, "car space for a guest")


@pytest.mark.parametrize("semantic", [True, False], ids=["by meaning", "by words"])
def test_a_thread_hidden_meanwhile_is_not_suggested_again_for_the_same_title(
    threads, people, sync, anon, app, semantic
):
    # The title's word queries are kept for a minute (the body is typed next): what they
    # found must still be checked against the threads as they are now.
    app.config["SEMANTIC_SEARCH"] = semantic
    hidden = threads["password"]
    title = "I forgot my password and cannot reset it"
    assert similar(anon, title)[0] == hidden["id"]
    hide = people.moderator().post(f"/questions/{hidden['id']}/hide", {"reason": "Posted by mistake"})
    assert hide.status_code == 200, hide.get_json()
    sync()
    assert hidden["id"] not in similar(anon, title)
    assert hidden["id"] not in similar(anon, title, "It says wrong password")
