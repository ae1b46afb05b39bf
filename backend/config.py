"""Settings from the environment, with safe defaults for a local install."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from backend import redis_urls
from backend.instance_secrets import kept_secret


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{instance_path / 'commonplace.db'}"
    # Hosting platforms still hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _shared_redis() -> str | None:
    """The rate limits' Redis, if they are counted in one."""
    return redis_urls.for_redis_py(os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))


def _read(path: Path) -> str:
    """A value `make run` keeps under instance/ (the local Meilisearch), or ''."""
    return path.read_text().strip() if path.exists() else ""


def load_config(instance_path: Path) -> dict[str, Any]:
    """Everything the app reads from its environment, in one place."""
    env = os.environ.get
    return {
        # Generated once into instance/ unless set: a key per process would log everyone out
        # on every restart and differ between gunicorn workers.
        "SECRET_KEY": kept_secret(instance_path, "SECRET_KEY", "secret_key"),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # Servers drop idle connections (restarts, proxies): test each one before use.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # The session cookie carries the login; the CSRF token guards unsafe methods.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env("SESSION_COOKIE_SECURE", "0") == "1",
        "SESSION_COOKIE_NAME": "commonplace_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A body is at most 30,000 characters; 256 KiB leaves room for JSON escaping.
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(256 * 1024))),
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        # Reverse proxies in front of the app, whose X-Forwarded-* headers are believed.
        "TRUSTED_PROXIES": env("TRUSTED_PROXIES", "0"),
        # Who may read GET /metrics: addresses or networks, comma-separated, or "*" for anyone.
        "METRICS_ALLOWED_IPS": env("METRICS_ALLOWED_IPS", "127.0.0.0/8, ::1"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": env("RATELIMIT_ENABLED", "1") == "1",
        # Failed logins allowed per account and per client address.
        "LOGIN_LIMIT_PER_ACCOUNT": env("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute; 20 per hour"),
        "LOGIN_LIMIT_PER_ADDRESS": env("LOGIN_LIMIT_PER_ADDRESS", "20 per minute; 100 per hour"),
        # Search: an existing Meilisearch (make run starts one and sets these).
        "MEILI_URL": env("MEILI_URL") or _read(instance_path / "meilisearch.url"),
        "MEILI_MASTER_KEY": env("MEILI_MASTER_KEY") or _read(instance_path / "meili_master_key"),
        "MEILI_INDEX_PREFIX": env("MEILI_INDEX_PREFIX", "commonplace_"),
        # How long a search request waits for Meilisearch before answering from the database.
        "SEARCH_TIMEOUT": float(env("SEARCH_TIMEOUT", "2.0")),
        # How often a thread of each process copies SQLite's write-ahead log into the database
        # file (backend/wal_checkpoints.py); 0: the commit that fills it does, as SQLite does.
        "SQLITE_CHECKPOINT_SECONDS": float(env("SQLITE_CHECKPOINT_SECONDS", "0.5")),
        # Thread reads that need nothing but the thread are answered before Flask's request
        # pipeline (backend/read_lane.py); 0 sends every one through it.
        "READ_LANE": env("READ_LANE", "1") == "1",
        # Views are added up in memory and written at most this often (see questions/views.py).
        "VIEW_FLUSH_SECONDS": float(env("VIEW_FLUSH_SECONDS", "1.0")),
        # Where views wait to be written: this worker's memory, or Redis (shared by every
        # worker and host, and kept when a worker dies); by default, the rate limits' Redis.
        "VIEW_BUFFER_URI": env("VIEW_BUFFER_URI") or _shared_redis() or "memory://",
        # Similar questions by meaning as well as words (docs/search-relevance.md): on when the
        # `semantic` extra is installed, unless turned off; EMBEDDER_MODEL: another model.onnx.
        "SEMANTIC_SEARCH": env("SEMANTIC_SEARCH", "1") == "1",
        "EMBEDDER_MODEL": env("COMMONPLACE_EMBEDDER_MODEL", ""),
        # The moderation settings below (thresholds, sign-up domains, rate limits) are defaults:
        # admins may override them at run time (backend/settings/). Each process looks for an
        # admin's change at most this often (seconds).
        "SITE_SETTINGS_CHECK_SECONDS": float(env("SITE_SETTINGS_CHECK_SECONDS", "1.0")),
        # Moderation and privileges by reputation (moderators and admins bypass them).
        "FLAG_MIN_REPUTATION": int(env("FLAG_MIN_REPUTATION", "15")),
        # Counted flags that hide a post pending review (one spam flag from a moderator does too).
        "FLAG_THRESHOLD": int(env("FLAG_THRESHOLD", "3")),
        "DOWNVOTE_MIN_REPUTATION": int(env("DOWNVOTE_MIN_REPUTATION", "15")),
        # Below this reputation, members are limited in their first day.
        "NEW_MEMBER_REPUTATION": int(env("NEW_MEMBER_REPUTATION", "15")),
        "NEW_MEMBER_QUESTIONS_PER_DAY": int(env("NEW_MEMBER_QUESTIONS_PER_DAY", "3")),
        "NEW_MEMBER_ANSWERS_PER_DAY": int(env("NEW_MEMBER_ANSWERS_PER_DAY", "10")),
        # Below this, an edit of someone else's post is a suggestion the author or a moderator approves.
        "EDIT_OTHERS_MIN_REPUTATION": int(env("EDIT_OTHERS_MIN_REPUTATION", "1000")),
        "COMMENT_EDIT_MINUTES": int(env("COMMENT_EDIT_MINUTES", "5")),
        # Trusted members may put soft labels ("needs verification", "outdated") on answers.
        "LABEL_MIN_REPUTATION": int(env("LABEL_MIN_REPUTATION", "500")),
        # List the first posts of new members in the moderation queue.
        "PREMODERATION": env("PREMODERATION", "0") == "1",
        # Comma-separated email domains allowed to sign up (empty: any).
        "ALLOWED_EMAIL_DOMAINS": [
            d.strip().lower() for d in env("ALLOWED_EMAIL_DOMAINS", "").split(",") if d.strip()
        ],
        # Rate limits per signed-in person (Flask-Limiter syntax).
        "POST_LIMIT": env("POST_LIMIT", "20 per minute; 200 per day"),
        "VOTE_LIMIT": env("VOTE_LIMIT", "60 per minute; 1000 per day"),
        "FLAG_LIMIT": env("FLAG_LIMIT", "10 per minute; 100 per day"),
        "INVITE_LIMIT": env("INVITE_LIMIT", "10 per minute; 50 per day"),
        # Mail (backend/mail): sent over SMTP_URL, or written to MAIL_DIR (a Maildir) without it.
        "SMTP_URL": env("SMTP_URL", ""),
        "MAIL_FROM": env("MAIL_FROM", "Commonplace <commonplace@localhost>"),
        "MAIL_DIR": env("MAIL_DIR", str(instance_path / "mail")),
        # The public address of the site: every link in a mail starts with it.
        "SITE_URL": env("SITE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # A thread mailed about less than this long ago waits until then: its next events
        # come in one mail, not one each.
        "MAIL_THREAD_WINDOW_SECONDS": float(env("MAIL_THREAD_WINDOW_SECONDS", "300")),
        # Single sign-on through an OpenID Connect provider (backend/sso): endpoints and keys
        # come from the issuer's discovery document.
        "OIDC_ISSUER": env("OIDC_ISSUER", "").rstrip("/"),
        "OIDC_CLIENT_ID": env("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": env("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": env("OIDC_SCOPES", "openid email profile"),
        "OIDC_BUTTON_LABEL": env("OIDC_BUTTON_LABEL", "Sign in with your company account"),
        # Only the provider: no password sign-up or sign-in.
        "OIDC_ONLY": env("OIDC_ONLY", "0") == "1",
        # A private site: nothing is readable without signing in (also an admin setting).
        "REQUIRE_SIGN_IN": env("REQUIRE_SIGN_IN", "0") == "1",
        # New password accounts confirm their address before posting (always, when SMTP_URL is set).
        "REQUIRE_EMAIL_VERIFICATION": env("REQUIRE_EMAIL_VERIFICATION", "0") == "1",
        "PASSWORD_RESET_LIMIT": env("PASSWORD_RESET_LIMIT", "5 per hour; 20 per day"),
        "TOKEN_LIMIT": env("TOKEN_LIMIT", "10 per hour; 50 per day"),
        # Weeks (the weekly synthesis, community health) start on Monday 00:00 here.
        "SITE_TIMEZONE": env("SITE_TIMEZONE", "UTC"),
        "SEEDS_PATH": env("SEEDS_PATH", str(Path(__file__).resolve().parent.parent / "seeds")),
        # OpenAPI document, generated by flask-smorest from the schemas.
        "API_TITLE": "Commonplace API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
