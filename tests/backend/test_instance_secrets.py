"""Secrets kept under instance/: the environment's if set, else one made on first use and kept,
the same for every process that starts at once (gunicorn's workers each build the app)."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from backend import create_app
from backend.instance_secrets import kept_secret


@pytest.fixture(autouse=True)
def no_secret_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)


def test_the_environment_wins_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert kept_secret(tmp_path, "SECRET_KEY", "secret_key") == "from-the-environment"
    assert list(tmp_path.iterdir()) == []


def test_a_secret_is_made_once_kept_private_and_read_back(tmp_path: Path) -> None:
    first = kept_secret(tmp_path / "instance", "SECRET_KEY", "secret_key")
    assert len(first) == 64 and kept_secret(tmp_path / "instance", "SECRET_KEY", "secret_key") == first
    (kept,) = (tmp_path / "instance").iterdir()  # no candidate files left behind
    assert kept.name == "secret_key" and stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_process_that_loses_the_race_reads_the_winners_secret(tmp_path: Path) -> None:
    def another_process_wins_meanwhile(_: int) -> str:
        (tmp_path / "secret_key").write_text("the winner's")
        return "the loser's"

    assert kept_secret(tmp_path, "SECRET_KEY", "secret_key", another_process_wins_meanwhile) == "the winner's"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def _first_use(start: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue) -> None:
    start.wait()
    out.put(create_app({"TESTING": True}).secret_key)


def test_workers_starting_at_once_on_a_new_install_share_one_session_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    context = multiprocessing.get_context("fork")
    start, out = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_first_use, args=(start, out)) for _ in range(8)]
    for worker in workers:
        worker.start()
    keys = {out.get(timeout=60) for _ in workers}
    for worker in workers:
        worker.join(60)
    assert len(keys) == 1
    assert keys == {(tmp_path / "instance" / "secret_key").read_text()}
