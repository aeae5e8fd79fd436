"""The audit log on a phone and at 200 % zoom: headers whole, the table scrolls in its region."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.audit.services import record
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.browser.test_journeys import (
    DEMO_PASSWORD,
    PHONE,
    ZOOMED_200,
    assert_accessible,
    assert_no_horizontal_scrolling,
)

ADMIN_EMAIL = "admin@demo.samskapande.se"

# Every word of every header, and how many boxes its letters take: two means it broke.
BROKEN_HEADER_WORDS = """() => [...document.querySelectorAll('th')].flatMap(th => {
  const text = th.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) return [];
  const found = [];
  let at = 0;
  for (const word of text.data.split(/\\s+/)) {
    const start = text.data.indexOf(word, at);
    at = start + word.length;
    if (!word) continue;
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, at);
    if (range.getClientRects().length > 1) found.push(word);
  }
  return found;
})"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, ZOOMED_200], ids=["375px", "200%"])
def test_the_log_keeps_its_headers_whole_and_scrolls_the_table(browsing, app, demo, viewport):
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
        record("theme.deleted", round_, actor=admin, round_id=round_.id,
               reason="Sammanslaget med hemtjänsttemat", title="Telefon, försvinner, svårt")
        record("round.phase_changed", round_, actor=admin, round_id=round_.id,
               before="collect", after="vote")
        db.session.commit()

    page = browsing.new_page(**viewport)
    page.goto("/login")
    page.locator("#email").fill(ADMIN_EMAIL)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/staff")
    page.goto("/audit")
    page.wait_for_load_state("networkidle")

    table = page.get_by_role("region", name=re.compile(r"\d+ händelser"))  # its caption
    expect(table).to_be_visible()
    assert page.evaluate(BROKEN_HEADER_WORDS) == []
    assert_no_horizontal_scrolling(page)  # the page does not: the table's region does
    assert table.evaluate("el => el.scrollWidth > el.clientWidth")
    table.focus()
    page.keyboard.press("ArrowRight")
    # the table scrolls by keyboard (smoothly, so it is waited for)
    page.wait_for_function("() => document.querySelector('.table-wrap').scrollLeft > 0",
                           timeout=5000)
    expect(page.get_by_text("Telefon, försvinner, svårt")).to_be_attached()
    assert_accessible(page)
    browsing.assert_no_console_problems()
