"""The privacy pages in Chromium: axe finds nothing on the public and the admin pages."""

from __future__ import annotations

import pytest

from samskapande.demo import demo_resume_code
from tests.browser.test_journeys import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
)
from tests.conftest import PASSWORD, create_staff


def settled(page) -> None:
    """Wait until the favicon and styles are in, so that leaving the page aborts nothing."""
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_privacy_pages_are_accessible(browsing, app):
    admin = create_staff(app, "admin")
    page = browsing.new_page(**DESKTOP)
    for path in ["/privacy", "/accessibility"]:
        page.goto(path)
        settled(page)
        assert_accessible(page)
    page.locator("#description").fill("Knappen syns inte i högkontrastläge.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accessibility")
    settled(page)

    page.goto("/login")
    settled(page)
    page.locator("#email").fill(admin["email"])
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff")
    settled(page)
    for path in ["/admin/privacy", "/admin/accessibility-reports", "/admin/participants"]:
        page.goto(path)
        settled(page)
        assert_accessible(page)
    page.locator("#resume_code").fill(demo_resume_code("p1"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/participants/*")
    settled(page)
    assert_accessible(page)
    page.locator("main form button.danger").click()  # without confirming: errors shown
    page.wait_for_url("**/erase")
    settled(page)
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_public_privacy_pages_fit_a_small_phone(browsing, app):
    page = browsing.new_page(**PHONE)
    for path in ["/privacy", "/accessibility"]:
        page.goto(path)
        settled(page)
        assert_no_horizontal_scrolling(page)
