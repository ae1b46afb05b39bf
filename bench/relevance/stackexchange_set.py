"""Labelled sets made from a Stack Exchange dump: its duplicate links, and off-topic titles.

    .venv/bin/python -m bench.relevance.stackexchange_set ../shared/data/stackexchange/cardano OUT_DIR

writes OUT_DIR/<site>-dup (queries: the questions closed as duplicates, `LinkTypeId` 3; each
judged 2 against the question it duplicates) and OUT_DIR/<site>-linked (the same, plus the
questions that link to another, `LinkTypeId` 1, judged 1), in the BEIR layout that
`dataset.load` reads. The corpus is every question of the site; a query's own thread is in
it, as it would be in the forum, and the metrics drop it from its ranking.

The data stays out of the repository: the sets are built where they are used.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable
from pathlib import Path

from backend.content import plain_text
from backend.importing.dump import DUPLICATE_LINK, QUESTION, find_file, posts, rows

from .dataset import Dataset, load

RELATED_LINK = 1


def _questions(folder: Path) -> dict[int, tuple[str, str]]:
    path = find_file(folder, "Posts")
    if path is None:
        raise FileNotFoundError(f"no Posts.xml(.gz) in {folder}")
    return {p.id: (p.title, plain_text(p.body)) for p in posts(path) if p.type == QUESTION and p.title}


def _links(folder: Path, kinds: Iterable[int]) -> list[tuple[int, int, int]]:
    path = find_file(folder, "PostLinks")
    if path is None:
        raise FileNotFoundError(f"no PostLinks.xml(.gz) in {folder}")
    wanted = set(kinds)
    return [
        (int(r["PostId"]), int(r["RelatedPostId"]), int(r["LinkTypeId"]))
        for r in rows(path)
        if int(r["LinkTypeId"]) in wanted
    ]


def write_set(folder: Path, out: Path, with_linked: bool) -> Path:
    questions = _questions(folder)
    kinds = (DUPLICATE_LINK, RELATED_LINK) if with_linked else (DUPLICATE_LINK,)
    qrels: dict[int, dict[int, int]] = {}
    for post, related, kind in _links(folder, kinds):
        if post == related or post not in questions or related not in questions:
            continue
        grade = 2 if kind == DUPLICATE_LINK else 1
        judged = qrels.setdefault(post, {})
        judged[related] = max(grade, judged.get(related, 0))
    name = f"{folder.name}-{'linked' if with_linked else 'dup'}"
    target = out / name
    target.mkdir(parents=True, exist_ok=True)
    with open(target / f"{name}_queries.jsonl", "w", encoding="utf-8") as f:
        for qid in sorted(qrels):
            title, body = questions[qid]
            f.write(json.dumps({"_id": str(qid), "title": title, "body": body}) + "\n")
    with open(target / f"{name}_corpus.jsonl", "w", encoding="utf-8") as f:
        for did, (title, body) in sorted(questions.items()):
            f.write(json.dumps({"_id": str(did), "title": title, "text": body}) + "\n")
    with open(target / f"{name}_qrels.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for qid, judged in sorted(qrels.items()):
            for did, grade in sorted(judged.items()):
                f.write(f"{qid}\t{did}\t{grade}\n")
    return target


def load_set(folder: Path, out: Path, with_linked: bool) -> Dataset:
    return load(write_set(folder, out, with_linked))


def off_topic_titles(folders: Iterable[Path], per_site: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(site, title, body) of questions from other communities: nothing in the corpus answers them."""
    chosen: list[tuple[str, str, str]] = []
    for folder in folders:
        found = sorted(_questions(folder).items())
        for _, (title, body) in random.Random(seed).sample(found, min(per_site, len(found))):
            chosen.append((folder.name, title, body))
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    for linked in (False, True):
        ds = load(write_set(args.site, args.out, linked))
        judged = sum(len(r) for r in ds.qrels.values())
        print(f"{ds.name}: {len(ds.queries)} queries, {judged} judgments, {len(ds.corpus)} threads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
