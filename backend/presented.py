"""A model (or query row) as one viewer sees it.

Services decide what a viewer may see (an anonymous asker hidden, their own vote,
whether they may edit) and wrap the object with those answers; schemas then dump it
like any other object, without knowing the rules.
"""

from __future__ import annotations

from typing import Any


class Presented:
    def __init__(self, obj: Any, **seen: Any) -> None:
        self._obj = obj
        self.__dict__.update(seen)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)
