"""Cleaning a dump's posts and comments on every core while the importer writes.

The sanitizer (bleach, pure Python) is most of an import's time: 58% of re-importing the
100k-question bench corpus, against a quarter for the writes, which one connection makes
in order. So batches are cleaned in worker processes, a few batches ahead of the writer,
and come back in the order they went out. A dump of one batch is cleaned in place:
starting processes would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import TypeVar

from backend.content import has_text, render_markdown, sanitize_html

B = TypeVar("B")
R = TypeVar("R")

# Batches handed out per worker before the writer takes the first back: enough that no
# worker waits while the writer is busy, few enough that memory stays a handful of batches.
AHEAD_PER_JOB = 2


class CleanerStopped(RuntimeError):
    """A cleaning process ended before its work was done (killed, or out of memory)."""


def available_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count)."""
    return len(os.sched_getaffinity(0))


def clean_bodies(bodies: list[str]) -> list[str | None]:
    """Each post body through the one allow-list; None where no text is left to read."""
    cleaned = []
    for body in bodies:
        html = sanitize_html(body)
        cleaned.append(html if has_text(html) else None)
    return cleaned


def render_comments(texts: list[str]) -> list[str]:
    """Each comment rendered as Markdown, as comments written here are."""
    return [render_markdown(text) for text in texts]


def cleaned(
    work: Callable[[list[str]], list[R]],
    batches: Iterable[B],
    texts: Callable[[B], list[str]],
    jobs: int,
) -> Iterator[tuple[B, list[R]]]:
    """Each batch with `work` done on its texts, in the batches' order, on `jobs` processes."""
    batches = iter(batches)
    head = list(islice(batches, 2))
    if jobs <= 1 or len(head) < 2:
        for batch in chain(head, batches):
            yield batch, work(texts(batch))
        return
    # Forked, the workers start at once with the sanitizer already loaded; they only clean
    # text and never touch the parent's database connections.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    pending: deque[tuple[B, Future[list[R]]]] = deque()
    try:
        for batch in chain(head, batches):
            pending.append((batch, pool.submit(work, texts(batch))))
            if len(pending) > jobs * AHEAD_PER_JOB:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BrokenProcessPool as error:
        raise CleanerStopped(
            "A process cleaning posts stopped before it was done (killed, or out of memory?)."
        ) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
