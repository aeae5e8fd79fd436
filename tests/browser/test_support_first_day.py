"""Support from the first day, in Debian's Chromium: while needs are collected, and with
"Stöd det här i stället" on the similar-needs step, with JavaScript and without.

Every page visited with JavaScript is checked with axe-core (WCAG 2.1 A/AA); without
JavaScript axe cannot run, so the page reached that way is checked in a JavaScript tab
with the same cookies.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.voting.models import Vote
from tests.browser import test_journeys
from tests.browser.test_journeys import (
    PHONE,
    ROUND_PAGE,
    assert_accessible,
    assert_no_horizontal_scrolling,
)
from tests.needs.helpers import demo_need_id

browser = test_journeys.browser
browsing = test_journeys.browsing

NEEDS = f"{ROUND_PAGE}/needs"
BUS_NEED_START = "Bussen till vårdcentralen går bara på morgonen"
MY_NEED = ("Bussen till vårdcentralen går bara morgon och kväll, "
           "jag behöver kunna åka mitt på dagen")


def check(page: Page) -> None:
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)


def votes_on(app, need_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Vote.id)).where(Vote.need_id == need_id))


def my_needs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Need.id)).where(Need.text == MY_NEED))


def join_and_write(page: Page, name: str) -> None:
    """Join the round (still collecting needs) and write a need like the demo's bus need."""
    page.goto(ROUND_PAGE)
    page.locator("#display_name").fill(name)
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(f"{ROUND_PAGE}/me")))
    page.goto(f"{NEEDS}/new")
    page.locator("#text").fill(MY_NEED)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)  # the similar needs


def instead_button(page: Page, need_id: int):
    return page.locator(f"#need-{need_id} form[action$='/needs/new/instead/{need_id}'] button")


@pytest.mark.browser
def test_with_javascript_support_while_collecting_and_instead_on_the_similar_step(
        app, browsing):
    bus = demo_need_id(app, BUS_NEED_START)
    page = browsing.new_page(**PHONE)
    join_and_write(page, "Gunnel med telefonen")
    check(page)

    page.evaluate("() => { window.notReloaded = true; }")
    url = page.url
    button = instead_button(page, bus)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"[data-support-for='{bus}']")).to_have_text("1")
    expect(page.locator("[data-vote-status]")).to_contain_text("Du stöder nu ”Bussen")
    button.click()  # again: still one support
    expect(page.locator("[data-vote-status]")).to_contain_text("Du stöder nu")
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"[data-support-for='{bus}']")).to_have_text("1")
    assert page.url == url and page.evaluate("() => window.notReloaded") is True
    assert votes_on(app, bus) == 1 and my_needs(app) == 0
    check(page)

    # Her own text is still there: she saves it anyway after all.
    page.locator("form:has(input[name=confirmed]) button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(f"{ROUND_PAGE}/me")))
    assert my_needs(app) == 1

    # While needs are collected the list has support buttons, and they work in place.
    page.goto(NEEDS)
    check(page)
    action = page.locator("form[data-vote-form]:has(button[name=support][aria-pressed=false])"
                          ).first.get_attribute("action")
    support = page.locator(f"form[action='{action}'] button[name=support]")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    need_id = int(re.search(r"/needs/(\d+)/support", action).group(1))
    assert votes_on(app, need_id) == 1
    check(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_without_javascript_instead_supports_and_comes_back_with_the_text_kept(app, browsing):
    bus = demo_need_id(app, BUS_NEED_START)
    page = browsing.new_page(java_script_enabled=False, **PHONE)
    join_and_write(page, "Gunnel utan skript")
    instead_button(page, bus).click()

    expect(page.locator("h1")).to_have_text("Du stöder ett behov som liknar ditt")
    expect(page.locator(".flash-success")).to_contain_text("Du stöder nu ”Bussen")
    expect(page.locator(f"[data-support-for='{bus}']")).to_have_text("1")
    expect(page.locator(f"main a[href='{NEEDS}/{bus}']")).to_be_visible()
    expect(page.locator("main .quote")).to_have_text(MY_NEED)
    assert votes_on(app, bus) == 1 and my_needs(app) == 0

    page.reload()  # sends the form again: nothing changes twice
    expect(page.locator(f"[data-support-for='{bus}']")).to_have_text("1")
    assert votes_on(app, bus) == 1

    page.locator(f"main a[href='{NEEDS}/{bus}']").click()
    expect(page).to_have_url(browsing.url(f"{NEEDS}/{bus}"))
    expect(page.locator("button[name=support]")).to_have_attribute("aria-pressed", "true")

    # The pages she saw, checked by axe in a tab with JavaScript and the same cookies; the
    # confirmation is reached there by sending the form as a page without script would.
    checked = browsing.new_page(**PHONE)
    checked.context.add_cookies(page.context.cookies())
    checked.goto(f"{NEEDS}/new")
    checked.locator("#text").fill(MY_NEED)
    checked.locator("main form button[type=submit]").click()
    expect(checked.locator("input[name=confirmed]")).to_have_count(1)
    checked.evaluate("() => document.querySelectorAll('[data-vote-form]')"
                     ".forEach(form => form.removeAttribute('data-vote-form'))")
    instead_button(checked, bus).click()
    expect(checked.locator(".flash-success")).to_contain_text("Du stöder nu")
    check(checked)
    checked.goto(f"{NEEDS}/{bus}")
    check(checked)
    assert votes_on(app, bus) == 1
    browsing.assert_no_console_problems()
