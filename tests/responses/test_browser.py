"""The acceptance journey in Debian's Chromium against a live server: a politician of the
municipality drafts and signs a joint response, a politician of the region co-signs and it
is published; a resident who supported a need of the theme and asked for e-mail sees it on
her page and gets the mail in a local SMTP server. axe checks every page on the way."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samskapande.demo import DEMO_PASSWORD
from samskapande.extensions import db
from samskapande.rounds.models import Participant
from samskapande.voting.models import Vote
from tests.browser.test_journeys import (  # noqa: F401  (browser fixtures)
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
    browser,
    browsing,
)
from tests.responses import smtp_sink as sink
from tests.responses.conftest import build_world
from tests.responses.smtp_sink import configure_mail

smtp_sink = sink.smtp_sink  # the fixture

TEXT = "Från mars går en anropsstyrd buss till vårdcentralen varje tisdag och torsdag."
KOMMUN = "politiker.kommun@demo.samskapande.se"
REGION = "politiker.region@demo.samskapande.se"


def log_in(session, email):
    page = session.new_page(**DESKTOP)
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(session.url("/staff"))
    return page


def sign(page):
    page.locator("#sign-link").click()
    expect(page.locator("#sign-button")).to_be_visible()
    assert_accessible(page)
    page.locator("#confirm").check()
    page.locator("#sign-button").click()


@pytest.mark.browser
def test_joint_response_reaches_the_resident_on_her_page_and_by_mail(
        browsing, live_server, demo, smtp_sink):  # noqa: F811  (fixtures imported above)
    app = live_server.app
    configure_mail(app, smtp_sink, background=True)  # sent by the thread, as in production
    code = demo["round_code"]

    # Gunnel joins on her phone and asks for e-mail.
    resident = browsing.new_page(**PHONE)
    resident.goto(f"/r/{code}")
    resident.locator("#display_name").fill("Gunnel")
    resident.locator(f"form[action='/r/{code}/join'] button[type=submit]").tap()
    expect(resident).to_have_url(re.compile(rf"/r/{code}/me"))
    resident.locator("#email-form button[type=submit]").tap()  # empty: errors, linked
    expect(resident.locator(".error-summary")).to_be_visible()
    assert_accessible(resident)
    resident.locator("#email").fill("gunnel@example.se")
    resident.locator("#consent").check()
    resident.locator("#email-form button[type=submit]").tap()
    expect(resident.locator("#email-on")).to_be_visible()
    assert_accessible(resident)
    assert_no_horizontal_scrolling(resident)

    # She supported a need that is now in the published theme "Resor till vården".
    with app.test_request_context():
        world = build_world(demo["round_id"])
        gunnel = db.session.scalar(select(Participant).where(Participant.email.is_not(None)))
        db.session.add(Vote(round_id=world.round.id, need_id=world.needs[0].id,
                            participant_id=gunnel.id, dots=1))
        db.session.commit()
        round_id, theme_id = world.round.id, world.theme.id
        kommun_id, region_id = world.kommun.id, world.region.id
        area_slug, need_id = world.round.model_area.slug, world.needs[0].id

    # The municipality's politician drafts a joint response and signs it.
    kommun = log_in(browsing, KOMMUN)
    kommun.goto(f"/staff/rounds/{round_id}/responses/new?theme={theme_id}")
    assert_accessible(kommun)
    kommun.locator("input[name=stance][value=yes]").check()
    kommun.locator("#text").fill(TEXT)
    kommun.locator(f"input[name=organisations][value='{kommun_id}']").check()
    kommun.locator(f"input[name=organisations][value='{region_id}']").check()
    kommun.locator("#save-response").click()
    expect(kommun).to_have_url(re.compile(r"/staff/responses/\d+$"))
    response_id = int(kommun.url.rsplit("/", 1)[1])
    assert_accessible(kommun)
    sign(kommun)
    expect(kommun).to_have_url(browsing.url(f"/staff/responses/{response_id}"))
    # Not public yet, the region has not signed: no resident is told (the region's
    # signers are asked to sign, by the staff mail).
    assert [m["To"] for m in smtp_sink.messages if "gunnel@example.se" in m["To"]] == []
    public = f"/r/{code}/responses/{response_id}"
    assert browsing.new_page(**DESKTOP).goto(public).status == 404

    # The region's politician co-signs: the response is published.
    region = log_in(browsing, REGION)
    region.goto(f"/staff/responses/{response_id}")
    sign(region)
    expect(region).to_have_url(browsing.url(f"/staff/responses/{response_id}"))
    assert_accessible(region)

    # The mail arrives in the SMTP sink, in Swedish, with a link to the response.
    deadline = time.monotonic() + 10
    while not any(m["To"] == "gunnel@example.se" for m in smtp_sink.messages):
        assert time.monotonic() < deadline, "no mail reached gunnel@example.se"
        time.sleep(0.05)
    mail = next(m for m in smtp_sink.messages if m["To"] == "gunnel@example.se")
    assert mail["Subject"] == "Nytt svar: Resor till vården"
    body = mail.get_content()
    assert TEXT in body and public in body and "/unsubscribe/" in body

    # Gunnel sees it on her page, as new since her last visit, and follows it.
    resident.goto(f"/r/{code}/me")
    news = resident.locator(f"#news a[href='{public}']")
    expect(news).to_have_count(1)
    assert_accessible(resident)
    news.tap()
    expect(resident.locator(f"#response-{response_id}")).to_contain_text(TEXT)
    expect(resident.locator(".signatures li")).to_have_count(2)
    assert_accessible(resident)
    assert_no_horizontal_scrolling(resident)
    for path in (f"/r/{code}/themes/{theme_id}", f"/r/{code}/needs/{need_id}",
                 f"/r/{code}/follow-up", f"/areas/{area_slug}/follow-up"):
        resident.goto(path)
        expect(resident.locator(f"#response-{response_id}")).to_contain_text(TEXT)
        assert_accessible(resident)
        assert_no_horizontal_scrolling(resident)

    # The unsubscribe link asks first, then stops the mail.
    link = re.search(r"https?://\S+/unsubscribe/\S+", body).group(0)
    resident.goto(urlsplit(link).path)
    assert_accessible(resident)
    resident.locator("#unsubscribe-button").tap()
    expect(resident.locator("#unsubscribed")).to_be_visible()
    assert_accessible(resident)
    browsing.assert_no_console_problems()
