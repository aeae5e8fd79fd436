"""A resident on her phone knows where she is: once joined, the header says whom she takes
part as, links My page and logs this device out, on every page, without sideways
scrolling at 375 px, at 320 px and at 200 % zoom. Checkboxes and radios are 24 px boxes
whose labels toggle them. Every page visited is checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import test_journeys
from tests.browser.test_journeys import (
    MY_PAGE,
    PHONE,
    RESUME_CODE,
    ROUND_PAGE,
    ZOOMED_200,
    assert_accessible,
    assert_no_horizontal_scrolling,
)

browser = test_journeys.browser
browsing = test_journeys.browsing

NAME = "Gunnel Östlund-Björklund i Näsåker"
NARROWEST = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


def check(page: Page) -> None:
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)


def assert_large_box_toggled_by_its_label(page: Page, control_id: str) -> None:
    control = page.locator(f"#{control_id}")
    box = control.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, (
        f"#{control_id} on {page.url} is {box} – smaller than 24 × 24 px")
    label = page.locator(f"label[for='{control_id}']")
    label_box = label.bounding_box()
    # Beside the box, on its line: not a block above or below it.
    assert label_box["x"] > box["x"] + box["width"] - 1, (control_id, box, label_box)
    assert label_box["y"] < box["y"] + box["height"] and \
        box["y"] < label_box["y"] + label_box["height"], (control_id, box, label_box)
    before = control.is_checked()
    label.tap()
    assert control.is_checked() != before, f"tapping the label of #{control_id} did nothing"


def assert_joined_header(page: Page) -> None:
    nav = page.locator(".main-nav")
    expect(nav.locator("#nav-joined-as")).to_be_visible()
    expect(nav.locator("#nav-joined-as strong")).to_have_text(NAME)
    expect(nav.locator("#nav-my-page")).to_have_attribute("href", MY_PAGE)
    expect(nav.locator("#nav-my-page")).to_be_in_viewport()
    expect(nav.locator("#nav-leave")).to_be_visible()
    expect(nav.locator("a[href='/resume'], a[href='/login']")).to_have_count(0)
    expect(page.locator(".site-footer a[href='/login']")).to_be_visible()


@pytest.mark.browser
def test_joined_resident_on_a_phone_sees_where_she_is_and_large_controls(browsing):
    page = browsing.new_page(**PHONE)
    page.goto(ROUND_PAGE)
    expect(page.locator("#nav-joined-as")).to_have_count(0)
    expect(page.locator(".main-nav a[href='/resume']")).to_be_visible()
    check(page)
    # The join form's radios (the demo asks for village and age band, folded away).
    page.locator("form[action$='/join'] summary").tap()
    radio = page.locator("form[action$='/join'] input[type=radio]").nth(1)
    assert_large_box_toggled_by_its_label(page, radio.get_attribute("id"))
    check(page)

    page.locator("#display_name").fill(NAME)
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    assert_joined_header(page)
    check(page)
    assert_large_box_toggled_by_its_label(page, "consent")
    assert_accessible(page)

    for path in ("/", ROUND_PAGE, f"{ROUND_PAGE}/needs", f"{ROUND_PAGE}/needs/new",
                 "/privacy"):
        page.goto(path)
        assert_joined_header(page)
        check(page)

    # The same pages at 320 px and at 200 % zoom (a 1280 px screen is 640 px wide).
    for options in (NARROWEST, ZOOMED_200):
        other = browsing.new_page(**options)
        other.context.add_cookies(page.context.cookies())
        for path in (MY_PAGE, f"{ROUND_PAGE}/needs"):
            other.goto(path)
            assert_joined_header(other)
            check(other)

    # The personal code on a slip to print, with a print button where scripts run.
    page.goto(MY_PAGE)
    code = page.locator(".resume-code .code").inner_text().strip()
    assert RESUME_CODE.fullmatch(code)
    page.locator("#print-code").tap()
    expect(page).to_have_url(browsing.url(f"{ROUND_PAGE}/me/code"))
    expect(page.locator("#slip-code")).to_have_text(code)
    expect(page.locator("button[data-print]")).to_be_visible()
    expect(page.locator("[data-print-hint]")).to_be_hidden()
    check(page)

    # Logging out this device from the header.
    page.locator("#nav-leave").tap()
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("#nav-joined-as")).to_have_count(0)
    expect(page.locator(".main-nav a[href='/resume']")).to_be_visible()
    check(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_without_javascript_the_slip_says_how_to_print_it(browsing):
    page = browsing.new_page(java_script_enabled=False, **PHONE)
    page.goto(ROUND_PAGE)
    page.locator("#display_name").fill(NAME)
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    page.locator("#print-code").click()
    expect(page.locator("#slip-code")).to_have_text(RESUME_CODE)
    expect(page.locator("[data-print-hint]")).to_be_visible()
    expect(page.locator("button[data-print]")).to_be_hidden()
    assert_no_horizontal_scrolling(page)
