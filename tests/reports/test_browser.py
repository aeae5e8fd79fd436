"""The report and the model area's page in Chromium: axe, small screens, and A4 paper."""

from __future__ import annotations

import re

import pytest

from samskapande.themes import services as themes
from tests.browser.test_journeys import (
    DEMO_PASSWORD,
    DESKTOP,
    FACILITATOR,
    PHONE,
    ZOOMED_200,
    assert_accessible,
    assert_no_horizontal_scrolling,
)
from tests.reports import helpers

# The report's page margins are 15 mm left and right (static/css/report.css): the
# printable width of A4 in CSS pixels (96 per inch).
A4_PRINTABLE_PX = round((210 - 2 * 15) / 25.4 * 96)
MEDIA_BOX = re.compile(rb"/MediaBox ?\[([^\]]*)\]")
LONG_WORD = "Närsjukvårdsavdelningsöverenskommelseuppföljningsprotokoll" * 4
LONG_URL = "https://example.se/" + "vardcentralen/" * 20

WIDER_THAN = """(limit) => [...document.querySelectorAll('body *')]
  .filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > limit + 0.5 || box.left < -0.5);
  })
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
       + (typeof el.className === 'string' && el.className ? '.' + el.className.trim()
          .split(/\\s+/).join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _settled(page) -> None:
    page.wait_for_load_state("networkidle")


def _publish_with_long_words(app, publish: bool = True) -> dict:
    published = helpers.publish_demo(app, publish=publish)
    with app.app_context():
        round_ = helpers.demo_round()
        theme = themes.themes_of(round_)[0]
        themes.rename(theme, helpers.facilitator(), LONG_WORD[:180], f"{LONG_WORD} {LONG_URL}")
        theme.needs[0].need.text = f"{LONG_WORD}\n{LONG_URL}"
        themes.db.session.commit()
    return published


def _log_in(page) -> None:
    page.goto("/login")
    _settled(page)
    page.locator("#email").fill(FACILITATOR["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff")
    _settled(page)


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone", "zoomed"])
def test_the_report_and_the_model_area_page_are_accessible_and_fit(browsing, app, device):
    published = _publish_with_long_words(app)
    page = browsing.new_page(**{"desktop": DESKTOP, "phone": PHONE, "zoomed": ZOOMED_200}[device])
    for path in ["/r/NASAKER/report", f"/areas/{published['area_slug']}"]:
        page.goto(path)
        _settled(page)
        assert_accessible(page)
        assert_no_horizontal_scrolling(page)
    # from the model area's page, a theme leads to its place in the round's report
    theme_id = published["accepted"][0]
    page.locator(f"a[href$='/report#theme-{theme_id}']").first.click()
    page.wait_for_url(f"**/r/NASAKER/report#theme-{theme_id}")
    assert page.locator(f"#theme-{theme_id}").is_visible()
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_the_draft_report_is_accessible_for_the_facilitator(browsing, app):
    _publish_with_long_words(app, publish=False)
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    page.goto("/r/NASAKER/report")
    _settled(page)
    assert page.locator("#draft-notice").is_visible()
    assert_accessible(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_the_report_prints_on_a4_without_overflowing_the_page(browsing, app):
    _publish_with_long_words(app)
    page = browsing.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    page.goto("/r/NASAKER/report")
    _settled(page)
    page.emulate_media(media="print")
    too_wide = page.evaluate(WIDER_THAN, A4_PRINTABLE_PX)
    assert too_wide == [], f"wider than the printable width of A4: {too_wide}"
    assert_no_horizontal_scrolling(page)
    printed = page.evaluate("""() => ['.site-header', '.site-footer', 'nav', '#open-data',
                                      '.skip-link']
        .filter(s => [...document.querySelectorAll(s)]
                     .some(el => getComputedStyle(el).display !== 'none'))""")
    assert printed == [], "navigation, footer or downloads would be printed"
    breaks = page.evaluate("""() => [...document.querySelectorAll('.report-theme')]
        .map(el => getComputedStyle(el).breakInside)""")
    assert breaks and set(breaks) == {"avoid"}
    assert page.locator(".report-theme").count() == len(themes_published(app))

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    # every page is A4 portrait: 595 x 842 points
    boxes = [tuple(float(n) for n in box.split()) for box in MEDIA_BOX.findall(pdf)]
    assert boxes and all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for _, _, w, h in boxes)
    browsing.assert_no_console_problems()


def themes_published(app) -> list:
    with app.app_context():
        return themes.published_themes(helpers.demo_round())
