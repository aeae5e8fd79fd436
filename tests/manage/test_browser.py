"""The facilitator's workspace in Chromium: axe on every page, merging by keyboard, A4 print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Round
from samskapande.rounds.services import create_tickets
from tests.browser.test_journeys import (
    DEMO_PASSWORD,
    DESKTOP,
    FACILITATOR,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
)

# The printable width of an A4 page with the sheet's 12 mm margins, in CSS pixels (96/in).
A4_PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)


def _settled(page) -> None:
    """Wait until the page's favicon and images are in, so leaving it aborts nothing."""
    page.wait_for_load_state("networkidle")


def _log_in(page):
    page.goto("/login")
    _settled(page)
    page.locator("#email").fill(FACILITATOR["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff")
    _settled(page)


def _ids(app):
    with app.app_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        round_.ticket_mode = True
        db.session.commit()
        create_tickets(round_, 40)
        db.session.commit()
        needs = db.session.scalars(db.select(Need.id).where(Need.round_id == round_.id)
                                   .order_by(Need.id).limit(2)).all()
        return round_.id, needs


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_workspace_page_is_accessible_and_fits(browsing, app, device):
    round_id, (need_id, _) = _ids(app)
    page = browsing.new_page(**(PHONE if device == "phone" else DESKTOP))
    _log_in(page)
    base = f"/manage/rounds/{round_id}"
    for path in ["/staff/rounds", "/manage/rounds/new", base, f"{base}/edit", f"{base}/phase",
                 f"{base}/phase/vote", f"{base}/needs", f"{base}/needs/{need_id}",
                 f"{base}/print"]:
        page.goto(path)
        _settled(page)
        assert_accessible(page)
        assert_no_horizontal_scrolling(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_facilitator_merges_a_duplicate_by_keyboard(browsing, app):
    round_id, (duplicate, target) = _ids(app)
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    page.goto(f"/manage/rounds/{round_id}/needs")
    _settled(page)
    link = page.locator(f"#need-{duplicate} a[href$='/needs/{duplicate}#merge-heading']")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/needs/{duplicate}#merge-heading")
    _settled(page)
    page.locator("#target").focus()
    page.locator("#target").select_option(str(target))
    page.locator("#number").press("Enter")  # submits the GET form: compare the two
    expect(page.locator("#merge-preview")).to_be_visible()
    _settled(page)
    assert_accessible(page)
    confirm = page.locator(f"form[action$='/needs/{duplicate}/merge'] button")
    confirm.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/manage/rounds/{round_id}/needs#need-{target}")
    _settled(page)
    assert_accessible(page)
    with app.app_context():
        assert db.session.get(Need, duplicate).merged_into_id == target
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_the_printed_sheet_fits_the_width_of_an_a4_page(browsing, app):
    round_id, _ = _ids(app)
    page = browsing.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    _log_in(page)
    page.goto(f"/manage/rounds/{round_id}/print")
    page.emulate_media(media="print")
    assert_no_horizontal_scrolling(page)
    printed = page.evaluate("""() => ['.site-header', '.workspace-nav', 'main form']
        .filter(s => [...document.querySelectorAll(s)]
                     .some(el => getComputedStyle(el).display !== 'none'))""")
    assert printed == [], "the page's navigation and forms would be printed"
    assert page.locator(".ticket").count() == 40
    assert page.evaluate("() => getComputedStyle(document.querySelector('.ticket-grid'))"
                         ".gridTemplateColumns.split(' ').length") == 3
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    browsing.assert_no_console_problems()
