"""After a merge or a rename, search agrees with the database: the moved threads carry the
tag they moved to, and filtering by the old name (now a synonym) finds them too."""

from __future__ import annotations

from tests.people import ApiClient, People


def _found(client: ApiClient, **query) -> list[int]:  # type: ignore[no-untyped-def]
    response = client.get("/search", **query)
    assert response.status_code == 200, response.get_json()
    return sorted(hit["id"] for hit in response.get_json()["items"])


def test_a_merge_reaches_search_through_the_outbox(people: People, moderator, anon, sync, engine) -> None:
    asker = people.member()
    moved = [asker.ask(title=f"Docking station {n} flickers", tags=["hardware"])["id"] for n in range(3)]
    both = asker.ask(title="Docking station and laptop lid", tags=["hardware", "laptops"])["id"]
    stays = asker.ask(title="Laptop battery drains fast", tags=["laptops"])["id"]
    sync()
    assert _found(anon, q="docking", tag="hardware") == sorted([*moved, both])

    assert moderator.post("/tags/hardware/merge", {"into": "laptops"}).status_code == 200
    sync()
    assert _found(anon, q="", tag="laptops", status="open") == sorted([*moved, both, stays])
    assert _found(anon, q="docking", tag="hardware") == sorted([*moved, both])  # the synonym
    response = anon.get("/search", q="docking").get_json()
    assert response["facets"]["tags"] == {"laptops": 4}
    assert {tuple(hit["tags"]) for hit in response["items"]} == {("laptops",)}


def test_a_rename_reaches_search(people: People, moderator, anon, sync, engine) -> None:
    asker = people.member()
    q = asker.ask(title="Where is the parental leave policy?", tags=["hr"])["id"]
    sync()
    assert moderator.post("/tags/hr/rename", {"name": "people-team"}).status_code == 200
    sync()
    response = anon.get("/search", q="parental leave").get_json()
    assert [(hit["id"], hit["tags"]) for hit in response["items"]] == [(q, ["people-team"])]
    assert _found(anon, q="parental", tag="hr") == [q]
