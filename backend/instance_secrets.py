"""Secrets an install generates once and keeps under instance/ (the session key, the local
Meilisearch's master key), unless the environment gives them."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path


def kept_secret(
    instance_path: Path, env_var: str, filename: str, generate: Callable[[int], str] = secrets.token_hex
) -> str:
    """The environment's value if set, else the one kept in instance/filename, made on first use.

    The first use may come from several processes at once (gunicorn's workers each build the
    app): each writes a candidate to a file of its own and links it into place, which only
    one can do, so every process reads the same secret and none reads a half-written file.
    """
    if key := os.environ.get(env_var):
        return key
    path = instance_path / filename
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd, candidate = tempfile.mkstemp(dir=instance_path, prefix=f".{filename}.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as file:
                file.write(generate(32))
            os.link(candidate, path)
        except FileExistsError:
            pass  # another process got there first: theirs is the one
        finally:
            os.unlink(candidate)
    return path.read_text().strip()
