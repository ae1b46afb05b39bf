"""SQLite's write-ahead log copied into the database file by a thread of each process, not by
the request whose commit fills it.

By default the commit that brings the WAL to 1,000 pages also copies the WAL into the
database file and syncs it before the request answers: about half a second, alone, on the
100k bench database, and the only requests over 2 s in the soak were those commits
(docs/benchmarks.md). Here a thread of each process runs a PASSIVE checkpoint every
SQLITE_CHECKPOINT_SECONDS: it copies what it can without waiting for a reader or a writer,
and holds none up. The app's connections keep SQLite's own checkpoint only as a backstop,
at SQLITE_BACKSTOP_PAGES, for a process whose thread is not running yet.
"""

from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import threading
import weakref

# Pages in the WAL at which a commit checkpoints by itself anyway (SQLite's default is 1,000):
# about 40 MB, which the thread keeps the log far below.
SQLITE_BACKSTOP_PAGES = 10_000
log = logging.getLogger(__name__)


class WalCheckpointer:
    """Checkpoints one database file every `seconds`, from a thread started by the first commit
    in each process (a thread does not survive a fork, and gunicorn forks its workers)."""

    def __init__(self, path: str, seconds: float) -> None:
        self.path = path
        self.seconds = seconds
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        # Held while the thread is inside SQLite: a fork waits for it (_before_fork), or the
        # child could inherit SQLite's own locks held by a thread it does not have.
        self._busy = threading.Lock()
        _EVERY.add(self)

    def nudge(self) -> None:
        """A transaction committed: start this process's thread if it is not running."""
        if self._pid == os.getpid() or self.seconds <= 0:
            return
        with self._lock:
            if self._pid == os.getpid() or self._stopped.is_set():
                return
            self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)
            self._thread.start()
            self._pid = os.getpid()

    def stop(self) -> None:
        self._stopped.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        # One connection for the thread's life: a new one reads and parses the schema before
        # its first checkpoint, which cost the workers more than the checkpoints did.
        connection = sqlite3.connect(self.path, timeout=1.0)
        try:
            while not self._stopped.wait(self.seconds):
                try:
                    with self._busy:  # copies what it can now, waiting for no one
                        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error:  # the next run tries again
                    log.warning("could not checkpoint %s", self.path, exc_info=True)
        finally:
            with self._busy:
                connection.close()

    def _forked(self) -> None:
        """In a forked child: none of the parent's thread, its locks or its connection."""
        stopped = self._stopped.is_set()
        self._lock, self._busy, self._stopped = threading.Lock(), threading.Lock(), threading.Event()
        if stopped:
            self._stopped.set()
        self._thread, self._pid = None, None


_EVERY: weakref.WeakSet[WalCheckpointer] = weakref.WeakSet()
_held: list[WalCheckpointer] = []


def _before_fork() -> None:
    _held[:] = list(_EVERY)
    for checkpointer in _held:
        checkpointer._busy.acquire()


def _after_fork_in_parent() -> None:
    for checkpointer in _held:
        checkpointer._busy.release()
    _held.clear()


def _after_fork_in_child() -> None:
    for checkpointer in _held:
        checkpointer._forked()
    _held.clear()


os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child
)


def for_database(path: str, seconds: float) -> WalCheckpointer:
    """The checkpointer of a database file, stopped when the process exits."""
    checkpointer = WalCheckpointer(path, seconds)
    atexit.register(checkpointer.stop)
    return checkpointer
