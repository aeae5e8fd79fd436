"""Gunnel on her phone: write a need, meet the similar ones, vote, see it on My page.

Every page is checked with axe-core (WCAG 2.1 A/AA) and for sideways scrolling at 375 px.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import (
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
)
from tests.needs.helpers import BUS_NEED, ROUND, set_round


def go(page, path):
    """Open a page once the current one has loaded (an unfinished icon load would abort)."""
    page.wait_for_load_state("load")
    page.goto(path)


def assert_no_problems(browsing):
    # Chromium fetches the icon after the load event; walking on quickly aborts that fetch.
    browsing.problems = [p for p in browsing.problems
                         if not ("favicon" in p and "ERR_ABORTED" in p)]
    browsing.assert_no_console_problems()


def check(page):
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_resident_writes_a_need_sees_similar_ones_votes_and_finds_it_on_her_page(
        app, browsing, javascript):
    set_round(app, voting_open=True)
    page = browsing.new_page(java_script_enabled=javascript, **PHONE)
    page.goto(ROUND)
    page.locator("#display_name").fill("Gunnel")
    page.locator(f"form[action='{ROUND}/join'] button[type=submit]").click()
    go(page, ROUND)
    page.locator(f"main a[href='{ROUND}/needs/new']").first.click()
    expect(page).to_have_url(browsing.url(f"{ROUND}/needs/new"))

    page.locator("main form button[type=submit]").click()  # empty: errors, linked
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#text")).to_have_attribute("aria-invalid", "true")
    if javascript:
        check(page)

    page.locator("#text").fill(BUS_NEED)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)  # the similar needs
    expect(page.locator("form[data-vote-form]").first).to_be_visible()
    if javascript:
        check(page)
    page.locator("form:has(input[name=confirmed]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(f"{ROUND}/me"))))
    expect(page.locator("main")).to_contain_text(BUS_NEED[:40])
    if javascript:
        check(page)

    go(page, f"{ROUND}/needs?q=bussen")
    if javascript:
        check(page)
    vote = page.locator("form[data-vote-form] button[aria-pressed]").first
    vote.click()
    if not javascript:
        expect(page).to_have_url(re.compile(re.escape(browsing.url(f"{ROUND}/needs"))))
    expect(page.locator("button[aria-pressed=true]")).to_have_count(1)

    go(page, f"{ROUND}/me")
    expect(page.locator("section[aria-labelledby=votes-heading] li")).to_have_count(1)
    go(page, f"{ROUND}/me/erase")
    page.wait_for_load_state("load")
    if javascript:
        check(page)
        assert_no_problems(browsing)


@pytest.mark.browser
def test_needs_pages_in_dot_mode_are_accessible(app, browsing):
    set_round(app, voting_open=True, voting_mode="dots")
    page = browsing.new_page(**PHONE)
    page.goto(ROUND)
    page.locator(f"form[action='{ROUND}/join'] button[type=submit]").click()
    go(page, f"{ROUND}/needs")
    check(page)
    page.locator("main a.read-more[href*='/needs/']").first.click()
    page.wait_for_load_state("load")
    check(page)
    assert_no_problems(browsing)
