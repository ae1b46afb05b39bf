"""Checks shared by the browser tests: axe-core in the page, screenshots at two widths,
and the steps people take (sign up, search)."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from sqlalchemy import update

from backend.extensions import db
from backend.mail import sending
from backend.models import User
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.people import ApiClient

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.x A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the driver, which the site's Content-Security-Policy does not
        # govern (a <script> tag added to the page would be refused, as it should be).
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"][:5]],
        }
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page: Page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: axe found {violations}"


def screenshot(page: Page, name: str) -> None:
    """The page at desktop and phone width, for people to look at (tests/e2e/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    # No part of a page may need sideways scrolling at 360 px.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    assert overflow <= 0, f"{name}: {overflow}px of sideways scrolling at 360px wide"


def check_page(page: Page, name: str) -> None:
    """No serious accessibility violation, in the light and the dark colour scheme, and a
    page that fits a phone (with screenshots of both schemes to look at)."""
    assert_accessible(page, name)
    page.emulate_media(color_scheme="dark")
    try:
        assert_accessible(page, f"{name} (dark)")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-dark.png"), full_page=True)
    finally:
        page.emulate_media(color_scheme="light")
    screenshot(page, name)


def set_account(app: Any, email: str, **values: Any) -> None:
    """Give the account signed up with this email a role or reputation directly in the database."""
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(**values))
        db.session.commit()


def sign_up(page: Page, base: str, name: str) -> str:
    """Create an account through the form; returns the email."""
    email = f"{name.split()[0].lower()}{next(_numbers)}@example.com"
    page.goto(base + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return email


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the form with the tests' password, and wait until signed in."""
    page.goto(base + "/signin")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def search_box(page: Page) -> Any:
    return page.get_by_role("combobox", name="Search questions and answers")


def type_search(page: Page, text: str) -> None:
    """Jump to the search box with "/" and type, key by key, as a person would."""
    expect(search_box(page)).to_be_visible()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("/")
    expect(search_box(page)).to_be_focused()
    page.keyboard.type(text, delay=30)
    expect(page.locator("#search-results")).to_have_attribute("data-query", text.strip())


def wait_until_indexed(client: ApiClient, q: str, question_id: int, resolved: bool = False) -> None:
    """The search worker runs beside the server; wait until it has sent this thread (as it is now)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for hit in client.get("/search", q=q).get_json()["items"]:
            if hit["id"] == question_id and (not resolved or hit["accepted_answer_snippet"]):
                return
        time.sleep(0.1)
    raise AssertionError(f"question {question_id} did not reach the search index within 30 s")


def sign_up_by_mail(page: Page, base: str, name: str, app: Any, smtp: Any) -> str:
    """Where the site mails: the form, then the link in the mail finishes the account and
    signs in. Returns the email."""
    email = f"{name.split()[0].lower()}{next(_numbers)}@example.com"
    page.goto(base + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Check your mail.")
    with app.app_context():
        sending.send_due(sending.current_transport())
    body = smtp.wait_for(1, to=email)[-1].get_body(("plain",))
    (link,) = re.findall(r"https?://\S+/verify-email\?token=\S+", body.get_content())
    page.goto(link)
    expect(page.get_by_text("Your address is confirmed")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return email
