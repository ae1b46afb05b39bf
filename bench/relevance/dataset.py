"""Load a BEIR-layout related-question set (queries jsonl, corpus jsonl, qrels tsv).

Default location: ../shared/data/dev/ next to the repository (override with
COMMONPLACE_RELEVANCE_DATA or the ``root`` argument). The data stays out of the repo.
"""

from __future__ import annotations

import csv
import glob
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_ROOT = Path(os.environ.get("COMMONPLACE_RELEVANCE_DATA", REPO.parent / "shared" / "data" / "dev"))


@dataclass
class Query:
    id: str
    title: str
    body: str
    split: str = ""


@dataclass
class Doc:
    id: str
    title: str
    body: str


@dataclass
class Dataset:
    name: str
    queries: list[Query]
    corpus: list[Doc]
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def doc_by_id(self) -> dict[str, Doc]:
        return {d.id: d for d in self.corpus}


def _one(root: Path, pattern: str) -> Path:
    hits = sorted(glob.glob(str(root / pattern)))
    if len(hits) != 1:
        raise FileNotFoundError(f"expected one {pattern} in {root}, found {hits}")
    return Path(hits[0])


def load(root: str | os.PathLike | None = None) -> Dataset:
    root = Path(root) if root else DEFAULT_ROOT
    qpath = _one(root, "*queries.jsonl")
    cpath = _one(root, "*corpus.jsonl")
    rpath = _one(root, "*qrels.tsv")
    queries = []
    with open(qpath, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                title = o.get("title") or ""
                body = o.get("body")
                if body is None:  # BEIR queries often carry only "text"
                    body = o.get("text", "")
                    if title and body.startswith(title):
                        body = body[len(title) :].lstrip("\n ")
                queries.append(Query(o["_id"], title, body, o.get("split", "")))
    corpus = []
    with open(cpath, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                corpus.append(Doc(o["_id"], o.get("title") or "", o.get("text") or ""))
    qrels: dict[str, dict[str, int]] = {}
    with open(rpath, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        header = next(rows)
        if header[-1].strip().lstrip("-").isdigit():  # no header line
            qrels.setdefault(header[0], {})[header[1]] = int(header[2])
        for row in rows:
            if len(row) >= 3:
                qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return Dataset(qpath.name.split("_")[0], queries, corpus, qrels)
