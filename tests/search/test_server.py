"""Starting a local Meilisearch: never two on one data folder, none left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from search.server import PID_FILE, start, stop_leftover
from tests.search.conftest import MASTER_KEY


def test_a_meilisearch_left_running_on_the_folder_is_stopped_before_another_starts(
    meili_binary: Path, tmp_path: Path
) -> None:
    first = start(meili_binary, tmp_path / "meili", MASTER_KEY)
    assert first.process is not None
    # Its starter is gone (as after a crash): only the pid file remembers it.
    second = start(meili_binary, tmp_path / "meili", MASTER_KEY)
    try:
        assert first.process.wait(timeout=10) is not None
        assert second.process is not None and second.process.poll() is None
        assert (tmp_path / "meili" / PID_FILE).read_text() == str(second.process.pid)
    finally:
        second.stop()
    assert not (tmp_path / "meili" / PID_FILE).exists()


def test_a_pid_file_naming_another_program_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "meili"
    folder.mkdir()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (folder / PID_FILE).write_text(str(bystander.pid))  # a reused pid, say
        assert stop_leftover(folder) is None
        assert bystander.poll() is None
        assert not (folder / PID_FILE).exists()
    finally:
        bystander.kill()
        bystander.wait()


def test_meilisearch_dies_with_the_process_that_started_it(meili_binary: Path, tmp_path: Path) -> None:
    starter = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from search.server import start; "
            f"s = start(Path({str(meili_binary)!r}), Path({str(tmp_path / 'meili')!r}), {MASTER_KEY!r}); "
            "print(s.process.pid, flush=True)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    pid = int(starter.stdout.strip())
    # The starter exited without stopping it: PR_SET_PDEATHSIG sent it SIGTERM.
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            break
        subprocess.run(["sleep", "0.1"])
    assert not Path(f"/proc/{pid}").exists()
