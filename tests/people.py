"""People who use the API in tests: each has their own cookie jar and CSRF token."""

from __future__ import annotations

import itertools
from typing import Any

from flask import Flask
from sqlalchemy import delete, select, update

from backend.auth.verification import verification_token
from backend.extensions import db
from backend.models import MailKind, MailOutbox, User

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


class ApiClient:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()
        self.user: dict[str, Any] | None = None
        self._csrf: str | None = None

    @property
    def id(self) -> int:
        assert self.user is not None
        return int(self.user["id"])

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        return self._csrf

    def _headers(self, csrf: bool) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf()} if csrf else {}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get("/api/v1" + path, query_string=query)

    def post(self, path: str, json: Any = None, csrf: bool = True, **kwargs: Any) -> Any:
        return self.client.post("/api/v1" + path, json=json, headers=self._headers(csrf), **kwargs)

    def patch(self, path: str, json: Any = None, csrf: bool = True, **kwargs: Any) -> Any:
        return self.client.patch("/api/v1" + path, json=json, headers=self._headers(csrf), **kwargs)

    def put(self, path: str, json: Any = None, csrf: bool = True, **kwargs: Any) -> Any:
        return self.client.put("/api/v1" + path, json=json, headers=self._headers(csrf), **kwargs)

    def delete(self, path: str, csrf: bool = True, **kwargs: Any) -> Any:
        return self.client.delete("/api/v1" + path, headers=self._headers(csrf), **kwargs)

    # -- things people do, through the public API ---------------------------------

    def ask(
        self,
        title: str | None = None,
        body: str | None = None,
        tags: list[str] | None = None,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        n = next(_numbers)
        response = self.post(
            "/questions",
            {
                "title": title or f"How do I reset the build cache number {n}?",
                "body": body or f"I tried the usual steps, number {n}, and the build still uses stale files.",
                "tags": tags or ["tools-and-systems"],
                "anonymous": anonymous,
            },
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def answer(self, question_id: int, body: str | None = None) -> dict[str, Any]:
        response = self.post(
            f"/questions/{question_id}/answers",
            {"body": body or "Clear the cache folder, then run the build with the fresh flag."},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def vote(self, kind: str, post_id: int, value: int) -> Any:
        return self.post(f"/{kind}/{post_id}/vote", {"value": value})

    def accept(self, answer_id: int) -> Any:
        return self.post(f"/answers/{answer_id}/accept")

    def me(self) -> dict[str, Any]:
        return self.get("/auth/me").get_json()


class People:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def member(self, name: str | None = None, email: str | None = None) -> ApiClient:
        n = next(_numbers)
        person = ApiClient(self.app)
        response = person.post(
            "/auth/register",
            {
                "email": email or f"person{n}@example.com",
                "password": PASSWORD,
                "display_name": name or f"Person {n}",
            },
        )
        if response.status_code == 202:
            # Where the site mails (SMTP_URL), the mailed link finishes the account
            # (tests/backend/test_accounts.py follows it from the mail): here it is made as
            # that mail would make it, and the mail is dropped so tests count only theirs.
            with self.app.app_context():
                user = db.session.scalars(
                    select(User).where(User.email == response.get_json()["email"])
                ).one()
                token = verification_token(user.id, user.email)
                db.session.execute(
                    delete(MailOutbox).where(
                        MailOutbox.recipient_id == user.id, MailOutbox.kind == MailKind.ACCOUNT
                    )
                )
                db.session.commit()
            response = person.post("/auth/verify-email", {"token": token})
        assert response.status_code in (200, 201), response.get_json()
        person.user = response.get_json()
        return person

    def _with_role(self, role: str, name: str | None) -> ApiClient:
        person = self.member(name)
        with self.app.app_context():
            db.session.execute(update(User).where(User.id == person.id).values(role=role))
            db.session.commit()
        person.user = person.me()
        return person

    def moderator(self, name: str | None = None) -> ApiClient:
        return self._with_role("moderator", name)

    def admin(self, name: str | None = None) -> ApiClient:
        return self._with_role("admin", name)

    def reputation(self, person: ApiClient) -> int:
        return int(person.get(f"/users/{person.id}").get_json()["reputation"])
