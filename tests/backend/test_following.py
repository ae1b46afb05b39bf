"""Following and filtering: follow/mute tags, watch questions, the "for you" feed, muted tags hidden."""

from __future__ import annotations

from typing import Any

import pytest

from tests.people import ApiClient, People


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [q["id"] for q in response.get_json()["items"]]


@pytest.fixture
def asker(people: People) -> ApiClient:
    return people.member("Ada Asker")


@pytest.fixture
def world(asker: ApiClient) -> dict[str, dict[str, Any]]:
    """Questions in three tags (the last carries two)."""
    return {
        "python": asker.ask(tags=["python"]),
        "excel": asker.ask(tags=["excel"]),
        "travel": asker.ask(tags=["travel"]),
        "python+travel": asker.ask(tags=["python", "travel"]),
    }


def test_following_and_muting_a_tag_are_listed_and_exclusive(
    member: ApiClient, world: dict[str, Any]
) -> None:
    assert member.put("/me/tags/python/follow").get_json() == {"followed": ["python"], "muted": []}
    assert member.put("/me/tags/Travel/mute").get_json() == {"followed": ["python"], "muted": ["travel"]}
    # Muting a followed tag unfollows it, and following a muted one unmutes it.
    assert member.put("/me/tags/python/mute").get_json() == {"followed": [], "muted": ["python", "travel"]}
    assert member.put("/me/tags/travel/follow").get_json() == {"followed": ["travel"], "muted": ["python"]}
    assert member.delete("/me/tags/travel/follow").get_json() == {"followed": [], "muted": ["python"]}
    assert member.delete("/me/tags/travel/follow").status_code == 200  # idempotent
    assert member.delete("/me/tags/python/mute").get_json() == {"followed": [], "muted": []}
    assert member.get("/me/tags").get_json() == {"followed": [], "muted": []}


def test_following_an_unknown_tag_is_not_found(member: ApiClient) -> None:
    response = member.put("/me/tags/no-such-tag/follow")
    assert response.status_code == 404
    assert set(response.get_json()) == {"code", "status", "message", "errors"}
    assert member.put("/me/tags/no-such-tag/mute").status_code == 404


def test_the_for_you_feed_has_followed_tags_and_watched_questions_minus_muted_tags(
    member: ApiClient, world: dict[str, Any], asker: ApiClient
) -> None:
    assert ids(member.get("/questions", feed="for-you")) == []
    member.put("/me/tags/python/follow")
    assert ids(member.get("/questions", feed="for-you")) == [
        world["python+travel"]["id"],
        world["python"]["id"],
    ]
    member.put(f"/questions/{world['excel']['id']}/watch")
    member.put("/me/tags/travel/mute")
    feed = member.get("/questions", feed="for-you")
    assert ids(feed) == [world["excel"]["id"], world["python"]["id"]]
    assert feed.get_json()["meta"]["total"] == 2
    assert feed.get_json()["meta"]["hidden_by_mutes"] == 1
    shown = member.get("/questions", feed="for-you", show_muted=1)
    assert len(ids(shown)) == 3
    # The asker watches their own questions, so every one of them is in their feed.
    assert len(ids(asker.get("/questions", feed="for-you"))) == 4


def test_the_for_you_feed_follows_changes_at_once(member: ApiClient, world: dict[str, Any]) -> None:
    member.put("/me/tags/excel/follow")
    assert ids(member.get("/questions", feed="for-you")) == [world["excel"]["id"]]
    member.delete("/me/tags/excel/follow")
    response = member.get("/questions", feed="for-you")
    assert ids(response) == [] and response.get_json()["meta"]["total"] == 0


def test_the_for_you_feed_needs_a_signed_in_person(anon: ApiClient) -> None:
    response = anon.get("/questions", feed="for-you")
    assert response.status_code == 401
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


def test_unknown_feeds_are_field_errors(member: ApiClient) -> None:
    response = member.get("/questions", feed="everything")
    assert response.status_code == 422
    assert "feed" in response.get_json()["errors"]


@pytest.mark.parametrize("sort", ["newest", "active", "votes", "unanswered"])
def test_muted_tags_leave_the_lists_with_a_count_and_a_way_back(
    member: ApiClient, anon: ApiClient, world: dict[str, Any], sort: str
) -> None:
    everything = ids(anon.get("/questions", sort=sort))
    member.put("/me/tags/travel/mute")
    response = member.get("/questions", sort=sort)
    muted = {world["travel"]["id"], world["python+travel"]["id"]}
    assert ids(response) == [i for i in everything if i not in muted]
    assert response.get_json()["meta"]["total"] == 2
    assert response.get_json()["meta"]["hidden_by_mutes"] == 2
    shown = member.get("/questions", sort=sort, show_muted="true")
    assert ids(shown) == everything
    assert "hidden_by_mutes" not in shown.get_json()["meta"]
    # Nobody else is affected, and the shared page cache did not leak either way.
    assert ids(anon.get("/questions", sort=sort)) == everything
    assert "hidden_by_mutes" not in anon.get("/questions", sort=sort).get_json()["meta"]


def test_a_muted_tag_asked_for_by_name_is_shown(member: ApiClient, world: dict[str, Any]) -> None:
    member.put("/me/tags/travel/mute")
    assert len(ids(member.get("/questions", tag="travel"))) == 2
    python = member.get("/questions", tag="python")
    assert ids(python) == [world["python"]["id"]]
    assert python.get_json()["meta"]["hidden_by_mutes"] == 1


def test_mutes_do_not_touch_an_authors_list(
    member: ApiClient, asker: ApiClient, world: dict[str, Any]
) -> None:
    member.put("/me/tags/travel/mute")
    assert len(ids(member.get("/questions", author=asker.id))) == 4


def test_a_shared_page_cached_before_a_mute_is_not_served_after_it(
    member: ApiClient, anon: ApiClient, world: dict[str, Any]
) -> None:
    assert len(ids(member.get("/questions"))) == 4
    assert len(ids(anon.get("/questions"))) == 4
    member.put("/me/tags/excel/mute")
    assert len(ids(member.get("/questions"))) == 3
    member.delete("/me/tags/excel/mute")
    assert len(ids(member.get("/questions"))) == 4


def test_deep_pages_of_a_muted_list_stay_exact(member: ApiClient, asker: ApiClient) -> None:
    for n in range(7):
        asker.ask(tags=["noise" if n % 2 else "signal"])
    member.put("/me/tags/noise/mute")
    pages = [member.get("/questions", per_page=2, page=p).get_json() for p in (1, 2, 3)]
    assert [len(p["items"]) for p in pages] == [2, 2, 0]
    assert {p["meta"]["total"] for p in pages} == {4}
    assert {p["meta"]["hidden_by_mutes"] for p in pages} == {3}


def test_watching_a_question(member: ApiClient, asker: ApiClient, world: dict[str, Any]) -> None:
    question_id = world["excel"]["id"]
    assert member.get(f"/questions/{question_id}/watch").get_json() == {"watching": False}
    assert member.put(f"/questions/{question_id}/watch").get_json() == {"watching": True}
    assert member.put(f"/questions/{question_id}/watch").get_json() == {"watching": True}
    assert member.get(f"/questions/{question_id}/watch").get_json() == {"watching": True}
    assert asker.get(f"/questions/{question_id}/watch").get_json() == {"watching": True}  # automatic
    assert member.delete(f"/questions/{question_id}/watch").get_json() == {"watching": False}
    assert member.put("/questions/999999/watch").status_code == 404
    deleted = asker.ask()
    assert asker.delete(f"/questions/{deleted['id']}").status_code == 204
    assert member.put(f"/questions/{deleted['id']}/watch").status_code == 404


def test_following_needs_a_signed_in_person(anon: ApiClient, world: dict[str, Any]) -> None:
    assert anon.get("/me/tags").status_code == 401
    assert anon.put("/me/tags/python/follow").status_code == 401
    assert anon.put(f"/questions/{world['python']['id']}/watch").status_code == 401
