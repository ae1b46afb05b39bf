"""Community health in the browser: a moderator reads the site's weeks (charts, the tables
beside them, a CSV download), changes the span and the community; a community's
synthesizer reaches theirs from the synthesis page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from backend import weeks
from tests.e2e.pages import check_page, set_account, sign_in, sign_up

TAG = "payroll"


def test_a_moderator_reads_the_weeks_and_downloads_the_figures(app, people, visitors):  # type: ignore[no-untyped-def]
    asker, helper = people.member("Asa Asker"), people.member("Hal Helper")
    solved = asker.ask(title="Where do I change my bank details for salary payments?", tags=[TAG])
    asker.ask(title="Why is my overtime from October missing from the payslip?", tags=[TAG])
    answer = helper.answer(solved["id"], "In the HR portal, under Pay > Bank details.")
    assert asker.accept(answer["id"]).status_code == 200
    with app.app_context():
        week = weeks.current()

    mod = visitors()
    email = sign_up(mod.page, mod.base, "Mo Moderator")
    set_account(app, email, role="moderator")
    page = mod.go("/moderation")
    page.get_by_role("link", name="Community health").click()
    expect(page.get_by_role("heading", name="Community health of the whole site")).to_be_visible()
    asked = page.get_by_role("region", name="Questions asked, as a table")
    expect(asked.get_by_role("row")).to_have_count(13)  # the header and 12 weeks
    expect(asked.get_by_role("row", name=re.compile(week))).to_contain_text("2")
    shares = page.get_by_role("region", name="Share answered and resolved, as a table")
    expect(shares.get_by_role("row", name=re.compile(week))).to_contain_text("50%")
    expect(page.locator(".health-chart canvas")).to_have_count(5)  # drawn by uPlot
    # Away from a chart, its legend gives the latest week (not the first, which is empty).
    legend = page.locator(".health-chart .u-legend").first.locator(".u-value")
    expect(legend).to_have_text([week, "2"])
    # Pointing at a week in the middle gives that week: neither the first nor the latest.
    first_week = asked.get_by_role("row").nth(1).get_by_role("rowheader").inner_text()
    box = page.locator(".health-chart .u-over").first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(legend.first).not_to_have_text(week)
    expect(legend.first).not_to_have_text(first_week)
    expect(legend.first).to_have_text(re.compile(r"^\d{4}-W\d{2}$"))
    expect(legend.nth(1)).to_have_text("0")
    page.mouse.move(0, 0)
    expect(legend).to_have_text([week, "2"])
    # The answer came at once: the wait reads in minutes, not "0 h".
    waits = page.get_by_role("region", name="Time to a first answer and to an accepted answer, as a table")
    expect(waits.get_by_role("row", name=re.compile(week))).to_contain_text("under a minute")
    help_needed = page.get_by_role("table", name=re.compile("still unanswered"))
    expect(help_needed.get_by_role("row", name=re.compile(TAG))).to_contain_text("1")
    expect(page.get_by_role("table", name=re.compile("Who helped most"))).to_contain_text("Hal Helper")
    check_page(page, "community-health")
    assert help_needed.get_by_role("link", name=TAG).get_attribute("href") == f"/?tab=unanswered&tag={TAG}"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV of questions asked").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert csv[0] == "Week,Asked" and csv[-1] == f"{week},2" and len(csv) == 13

    # A year of one community.
    page.get_by_label("Span").select_option(label="1 year")
    page.get_by_label("Community").fill(TAG)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=f"Community health in {TAG}")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"weeks=52&tag={TAG}"))
    asked = page.get_by_role("region", name="Questions asked, as a table")
    expect(asked.get_by_role("row")).to_have_count(53)


def test_a_synthesizer_reaches_their_communitys_health(app, people, moderator, visitors):  # type: ignore[no-untyped-def]
    asker = people.member("Asa Asker")
    asker.ask(title="Who approves a correction of last year's tax statement?", tags=[TAG])
    sam = people.member("Sam Synth")
    assert moderator.put(f"/tags/{TAG}/synthesizers/{sam.id}").status_code == 200

    visitor = visitors()
    page = visitor.page
    sign_in(page, visitor.base, sam.me()["email"])
    page.goto(visitor.base + f"/tags/{TAG}/syntheses")
    page.get_by_role("link", name="Community health").click()
    expect(page.get_by_role("heading", name=f"Community health in {TAG}")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("still unanswered"))).to_contain_text(TAG)
    # The whole site is for moderators: the page says so.
    page.get_by_label("Community").fill("")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("Only moderators see community health")
