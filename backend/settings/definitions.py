"""Every setting an admin may change at run time: its name (the config key that holds its
default), kind, bounds and description, and how a value is checked.

Adding a setting: add it to config.py (its default, from the environment) and here, and read
it with `backend.settings.site_setting(name)` instead of `current_app.config`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from limits import parse_many

# A limit's window may not outlast a year: counters are kept for the whole window.
MAX_LIMIT_WINDOW_SECONDS = 366 * 24 * 3600
MAX_LIMIT_AMOUNT = 1_000_000
MAX_LIMIT_TEXT = 200
MAX_DOMAINS = 100
MAX_REPUTATION = 1_000_000
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class SettingValueError(ValueError):
    """A value this setting cannot take; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # "integer", "boolean", "rate_limit" or "domains"
    description: str
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, value: Any) -> Any:
        """The value as stored and used, or SettingValueError."""
        return _PARSERS[self.kind](self, value)

    def dumps(self, value: Any) -> str:
        return json.dumps(value)

    def loads(self, stored: str) -> Any:
        """A stored value, checked again (bounds may have changed since): ValueError if bad."""
        return self.parse(json.loads(stored))


def _integer(setting: Setting, value: Any) -> int:
    # JSON true is a Python int too, and 3.0 a float: neither is a count someone meant.
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingValueError("Not a whole number.")
    low, high = setting.minimum, setting.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise SettingValueError(f"Must be between {low} and {high}.")
    return value


def _boolean(setting: Setting, value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingValueError("Not true or false.")
    return value


def _rate_limit(setting: Setting, value: Any) -> str:
    if not isinstance(value, str):
        raise SettingValueError('Not a rate limit such as "20 per minute; 200 per day".')
    text = value.strip()
    if len(text) > MAX_LIMIT_TEXT:
        raise SettingValueError(f"Longer than maximum length {MAX_LIMIT_TEXT}.")
    try:
        limits = parse_many(text)
    except ValueError as error:
        raise SettingValueError(
            'Not a rate limit such as "20 per minute; 200 per day" (Flask-Limiter syntax).'
        ) from error
    for limit in limits:
        if not 1 <= limit.amount <= MAX_LIMIT_AMOUNT:
            raise SettingValueError(f"Each limit allows between 1 and {MAX_LIMIT_AMOUNT} requests.")
        if limit.get_expiry() > MAX_LIMIT_WINDOW_SECONDS:
            raise SettingValueError("Each limit's window is at most a year.")
    return text


def _domains(setting: Setting, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise SettingValueError('Not a list of email domains such as ["example.com"].')
    if len(value) > MAX_DOMAINS:
        raise SettingValueError(f"At most {MAX_DOMAINS} domains.")
    domains: list[str] = []
    for position, item in enumerate(value, start=1):
        domain = item.strip().lower() if isinstance(item, str) else None
        if domain is None or not _DOMAIN.match(domain):
            raise SettingValueError(f"Item {position}: not a domain name such as example.com.")
        if domain not in domains:
            domains.append(domain)
    return domains


_PARSERS = {"integer": _integer, "boolean": _boolean, "rate_limit": _rate_limit, "domains": _domains}


def _reputation(name: str, description: str) -> Setting:
    return Setting(name, "integer", description, minimum=0, maximum=MAX_REPUTATION)


def _limit(name: str, description: str) -> Setting:
    return Setting(name, "rate_limit", description)


SETTINGS: dict[str, Setting] = {
    setting.name: setting
    for setting in (
        _reputation("FLAG_MIN_REPUTATION", "Reputation needed to flag a post."),
        Setting(
            "FLAG_THRESHOLD",
            "integer",
            "Open flags that hide a post pending review (one spam flag from a moderator also "
            "does). Applies from the next flag on.",
            minimum=1,
            maximum=1000,
        ),
        _reputation("DOWNVOTE_MIN_REPUTATION", "Reputation needed to vote down."),
        _reputation(
            "NEW_MEMBER_REPUTATION",
            "Below this reputation, members are limited in their first day and, with "
            "pre-moderation on, their posts wait for a moderator.",
        ),
        Setting(
            "NEW_MEMBER_QUESTIONS_PER_DAY",
            "integer",
            "Questions a new member may ask in the first 24 hours of their account.",
            minimum=1,
            maximum=100_000,
        ),
        Setting(
            "NEW_MEMBER_ANSWERS_PER_DAY",
            "integer",
            "Answers a new member may post in the first 24 hours of their account.",
            minimum=1,
            maximum=100_000,
        ),
        _reputation(
            "EDIT_OTHERS_MIN_REPUTATION",
            "Reputation needed to edit others' posts; below it an edit is a suggestion that "
            "the author or a moderator approves.",
        ),
        Setting(
            "COMMENT_EDIT_MINUTES",
            "integer",
            "Minutes during which a comment's author may still edit it (0: never); moderators "
            "may edit any comment at any time. The previous text is kept.",
            minimum=0,
            maximum=7 * 24 * 60,
        ),
        _reputation(
            "LABEL_MIN_REPUTATION", 'Reputation needed to label an answer "needs verification" or "outdated".'
        ),
        Setting("PREMODERATION", "boolean", "Hold new members' posts for a moderator until one is approved."),
        Setting(
            "REQUIRE_SIGN_IN",
            "boolean",
            "A private site: nothing can be read without signing in (scripts use a personal API token).",
        ),
        Setting(
            "ALLOWED_EMAIL_DOMAINS",
            "domains",
            "Email domains allowed to sign up; an empty list lets anyone sign up. Existing "
            "accounts are not affected.",
        ),
        _limit("POST_LIMIT", "Questions, answers and comments together, per person."),
        _limit("VOTE_LIMIT", "Votes per person."),
        _limit("FLAG_LIMIT", "Flags per person."),
        _limit("INVITE_LIMIT", "Invitations to answer, per person."),
    )
}
