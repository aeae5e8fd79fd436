"""The page scripts in Debian's Chromium: votes without reloading, live counts, the terminal's
countdown. Skipped without Chromium (unless SAMSKAPANDE_REQUIRE_BROWSER=1), as the journeys.
"""

from __future__ import annotations

import os
import re

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Round
from samskapande.voting.models import Vote
from tests.browser.test_journeys import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Browsing,
    assert_accessible,
    assert_no_horizontal_scrolling,
)

pytestmark = pytest.mark.browser

ROUND = "/r/NASAKER"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("SAMSKAPANDE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser tests need {CHROMIUM}")
        pytest.skip(f"the browser tests need {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browsing(browser, live_server):
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


@pytest.fixture
def voting_open(app, demo):
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        round_.voting_open = True
        round_.results_live = True
        need_id = db.session.scalar(db.select(Need.id).where(
            Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE).order_by(Need.id))
        db.session.commit()
        return need_id


def assert_no_problems(browsing: Browsing) -> None:
    # A load cut short by the next navigation (e.g. the favicon) is no problem of the page.
    problems = [p for p in browsing.problems if not p.endswith("net::ERR_ABORTED")]
    assert problems == [], "problems in the browser:\n" + "\n".join(problems)


def join(page, name: str) -> None:
    page.goto(ROUND)
    page.locator("#display_name").fill(name)
    page.locator("form[action$='/join'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me"))


def support_count(page, need_id: int) -> int:
    return int(page.locator(f"[data-support-for='{need_id}']").first.inner_text())


def test_support_is_given_without_reloading_and_counts_update_live(
        app, browsing, live_server, voting_open):
    need_id = voting_open
    gunnel = browsing.new_page()
    join(gunnel, "Gunnel")
    gunnel.goto(f"{ROUND}/needs")
    before = support_count(gunnel, need_id)
    gunnel.evaluate("() => { window.notReloaded = true; }")

    button = gunnel.locator(f"#need-{need_id} form[data-vote-form] button[aria-pressed]")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(gunnel.locator(f"[data-support-for='{need_id}']").first).to_have_text(
        str(before + 1))
    expect(gunnel.locator("[data-vote-status]")).not_to_be_empty()
    assert gunnel.evaluate("() => window.notReloaded") is True
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Vote.id))) == 1
    assert_accessible(gunnel)

    # Another participant, on another device, supports the same need: Gunnel sees it.
    ahmed = requests.Session()
    page = ahmed.get(f"{live_server.url}{ROUND}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    ahmed.post(f"{live_server.url}{ROUND}/join",
               data={"csrf_token": token, "display_name": "Ahmed"}, timeout=10)
    page = ahmed.get(f"{live_server.url}{ROUND}/needs", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    ahmed.post(f"{live_server.url}{ROUND}/needs/{need_id}/support",
               data={"csrf_token": token}, timeout=10)
    expect(gunnel.locator(f"[data-support-for='{need_id}']").first).to_have_text(
        str(before + 2))
    assert gunnel.evaluate("() => window.notReloaded") is True
    assert_no_problems(browsing)


def test_a_visitor_who_has_not_joined_reads_the_list_without_errors(browsing, voting_open):
    page = browsing.new_page()
    page.goto(f"{ROUND}/needs")
    page.wait_for_timeout(500)  # the refused socket connection must stay quiet
    assert_accessible(page)
    assert_no_problems(browsing)


def test_the_terminal_warns_before_the_reset_and_then_clears_the_visit(app, browsing):
    app.config["TERMINAL_IDLE_SECONDS"] = 6
    page = browsing.new_page()
    page.goto("/terminal")
    join(page, "Gunnel")
    warning = page.locator("#terminal-warning")
    expect(warning).to_be_visible(timeout=10_000)
    assert_accessible(page)
    page.locator("#terminal-continue").click()  # still here: the visit goes on
    expect(warning).to_be_hidden()
    assert "/me" in page.url
    page.wait_for_url(re.compile(r"/terminal/ended\?reason=idle"), timeout=15_000)
    expect(page.locator("#terminal-ended")).to_have_attribute("data-reason", "idle")
    assert_accessible(page)
    page.go_back()
    assert "Gunnel" not in page.content()
    page.goto(f"{ROUND}/me")
    assert page.url.endswith(ROUND)
    assert_no_problems(browsing)


def test_without_javascript_the_terminal_page_refreshes_to_the_reset(app, browsing):
    app.config["TERMINAL_IDLE_SECONDS"] = 2
    page = browsing.new_page(java_script_enabled=False)
    page.goto("/terminal")
    join(page, "Gunnel")
    page.wait_for_url(re.compile(r"/terminal/ended\?reason=idle"), timeout=10_000)
    page.goto(f"{ROUND}/me")
    assert page.url.endswith(ROUND)


def test_done_ends_the_visit_from_a_phone_sized_terminal(browsing):
    page = browsing.new_page(viewport={"width": 375, "height": 740})
    page.goto("/terminal")
    join(page, "Gunnel")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)
    box = page.locator("#end-visit").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.locator("#end-visit").click()
    page.wait_for_url(re.compile(r"/terminal/ended\?reason=done"))
    assert_accessible(page)
    page.goto(f"{ROUND}/me")
    assert page.url.endswith(ROUND)
    assert_no_problems(browsing)
