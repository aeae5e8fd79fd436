"""Five people take one round from preparation to follow-up, each finding their next step.

The facilitator at her desk, the region's official, the region's and the municipality's
politicians, and a resident on a 375 px phone, each in a browser of their own. Nobody
types an address: after the start page and the login, each person goes where a link
takes them, from "Att göra", from the workspace's timeline, or from an e-mail caught by a
local SMTP server. axe checks every page on the way, and the whole journey runs a second
time with JavaScript turned off in every browser.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from samskapande.demo import DEMO_PASSWORD
from samskapande.responses.services import local_today
from tests.browser.test_journeys import (  # noqa: F401  (browser fixtures)
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
    browser,
    browsing,
)
from tests.responses import smtp_sink as sink
from tests.responses.smtp_sink import configure_mail

smtp_sink = sink.smtp_sink  # the fixture

FACILITATOR = "facilitator@demo.samskapande.se"
OFFICIAL = "tjansteperson@demo.samskapande.se"
REGION = "politiker.region@demo.samskapande.se"
KOMMUN = "politiker.kommun@demo.samskapande.se"
CODE = "BYGDEN"
NEED = "Bussen till vårdcentralen går bara på eftermiddagen, så jag missar mina tider."
QUESTION = "Kan regionen flytta provtagningen till förmiddagen?"
JAVASCRIPT: dict[Page, bool] = {}  # whether each page's browser runs JavaScript


def visit(page: Page, link) -> None:
    """Follow a link (or press a button) and check the page it leads to with axe (which
    needs JavaScript: without it, the run with JavaScript has checked the same pages)."""
    link.click()
    page.wait_for_load_state()
    if JAVASCRIPT[page]:
        assert_accessible(page)


def new_page(session, js: bool, **options) -> Page:
    page = session.new_page(**options, java_script_enabled=js)
    JAVASCRIPT[page] = js
    return page


def log_in(session, email: str, js: bool) -> Page:
    page = new_page(session, js, **DESKTOP)
    page.goto("/")
    visit(page, page.get_by_role("link", name="Inloggning för personal"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    visit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("h1")).to_have_text("Att göra")
    return page


def todo(page: Page, kind: str):
    """The "Att göra" section of one kind, after going to the start page from the menu."""
    visit(page, page.locator("#nav-todo"))
    return page.locator(f"#todo-{kind}")


def move_phase(page: Page, phase: str) -> None:
    """From the workspace, move the round to the phase, confirming as the page asks."""
    visit(page, page.get_by_role("link", name=f"Flytta till ”{phase}”…"))
    expect(page.locator("#effects li").first).to_be_visible()
    visit(page, page.get_by_role("button", name=f"Ja, flytta till ”{phase}”"))


def workspace(page: Page) -> None:
    visit(page, page.get_by_role("link", name="Mina dialogomgångar"))
    visit(page, page.get_by_role("link", name=re.compile(r"Arbetsyta – Bygdens vård")))


def mail_to(smtp_sink, address: str, count: int):
    messages = smtp_sink.wait_for(count)
    mine = [m for m in messages if address in m["To"]]
    assert mine, f"no mail to {address} among {[m['To'] for m in messages]}"
    return mine[-1]


def link_in(mail, path_part: str) -> str:
    body = mail.get_body(preferencelist=("plain",)).get_content()
    links = [url for url in re.findall(r"https?://\S+", body) if path_part in url]
    assert links, f"no link with {path_part} in:\n{body}"
    return links[0]


@pytest.mark.browser
@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_five_people_take_a_round_from_preparation_to_follow_up(
        browsing, live_server, smtp_sink, js):  # noqa: F811  (fixtures imported above)
    configure_mail(live_server.app, smtp_sink, background=True)
    live_server.app.config["PUBLIC_URL"] = live_server.url + "/"

    # -- the facilitator prepares the round and opens it for needs --------------------------
    facilitator = log_in(browsing, FACILITATOR, js)
    visit(facilitator, facilitator.locator("#new-round"))
    facilitator.locator("#title").fill("Bygdens vård 2027")
    facilitator.locator("#place").fill("Näsåker")
    facilitator.locator("#code").fill(CODE)
    visit(facilitator, facilitator.get_by_role("button", name="Skapa dialogomgången"))
    expect(facilitator.locator("#phase")).to_have_text("Förbereds")
    visit(facilitator, facilitator.locator("#meetings-link"))
    meeting_form = facilitator.locator("main form").filter(has=facilitator.locator("[name=title]"))
    meeting_form.locator("[name=title]").fill("Dialogmöte i bygdegården")
    meeting_form.locator("[name=starts_at]").fill(
        f"{local_today() + timedelta(days=10)}T18:30")
    visit(facilitator, meeting_form.locator("button[type=submit]"))
    workspace(facilitator)
    move_phase(facilitator, "Vi samlar in behov")

    # -- a resident joins on her phone and writes a need ------------------------------------
    resident = new_page(browsing, js, **PHONE)
    resident.goto("/")
    if js:
        assert_accessible(resident)
    resident.locator("#code").fill(CODE.lower())
    visit(resident, resident.locator("form.code-form button[type=submit]"))
    resident.locator("#display_name").fill("Gunnel")
    visit(resident, resident.get_by_role("button", name="Gå med"))
    visit(resident, resident.get_by_role("link", name="Skriv ett behov"))
    resident.locator("#text").fill(NEED)
    visit(resident, resident.get_by_role("button", name="Fortsätt"))
    expect(resident.locator("main")).to_contain_text(NEED)
    assert_no_horizontal_scrolling(resident)

    # -- voting: the phase opens it, the resident supports her neighbour's need -------------
    workspace(facilitator)
    move_phase(facilitator, "Prioritering")
    expect(facilitator.locator("#voting-state")).to_contain_text(re.compile("öppen", re.I))
    # She is still on My page: its link to the needs was there before voting opened.
    visit(resident, resident.locator(f"main a[href='/r/{CODE}/needs']").first)
    resident.get_by_role("button", name=re.compile("Stöd")).first.click()
    resident.wait_for_load_state()
    expect(resident.get_by_role("button", name=re.compile("Stöd")).first).to_have_attribute(
        "aria-pressed", "true")

    # -- the meeting: a question to the region reaches its official -------------------------
    workspace(facilitator)
    move_phase(facilitator, "Dialogmöten")
    expect(facilitator.locator("#voting-state")).to_contain_text(re.compile("stängd", re.I))
    visit(resident, resident.get_by_role("link", name="Min sida").first)
    visit(resident, resident.get_by_role("link", name="Dialogmöte i bygdegården"))
    resident.get_by_role("radio", name="En fråga").check()
    resident.locator("#text").fill(QUESTION)
    resident.locator("#direction").select_option(label="Region Västernorrland")
    visit(resident, resident.get_by_role("button", name="Skicka"))
    expect(resident.locator("main")).to_contain_text(QUESTION)

    official = log_in(browsing, OFFICIAL, js)
    questions = todo(official, "question")
    expect(questions).to_contain_text(QUESTION)
    visit(official, questions.get_by_role("link", name=re.compile("provtagningen")))
    official.locator("#answer").fill("Ja, från mars tar vi prover på förmiddagen.")
    visit(official, official.locator("main form button[type=submit]").last)
    expect(todo(official, "question")).to_have_count(0)

    # -- themes: made, accepted on purpose, published ---------------------------------------
    workspace(facilitator)
    move_phase(facilitator, "Vi sammanfattar i teman")
    workspace(facilitator)
    visit(facilitator, facilitator.locator("#themes-link"))
    facilitator.locator("details.create summary").click()
    create = facilitator.locator("form[action$='/themes/new']")
    create.locator("[name$=title]").fill("Resor till vården")
    visit(facilitator, create.locator("button[type=submit]"))
    for move in facilitator.locator("form[action*='/themes/needs/'][action$='/move']").all():
        move.locator("select").select_option(label="Resor till vården")
        visit(facilitator, move.locator("button[type=submit]"))
    visit(facilitator, facilitator.get_by_role("button", name=re.compile("Godkänn")).first)
    visit(facilitator, facilitator.get_by_role("link", name=re.compile("Publicera")).first)
    visit(facilitator, facilitator.locator("form[action$='/themes/publish'] button[type=submit]"))
    workspace(facilitator)
    move_phase(facilitator, "Politikerna svarar")

    # -- the region's politician drafts a joint response from her list ----------------------
    region = log_in(browsing, REGION, js)
    themes = region.locator("#todo-respond")
    expect(themes).to_contain_text("Resor till vården")
    visit(region, themes.get_by_role("link", name="Resor till vården"))
    expect(region.locator("main")).to_contain_text(NEED)  # the needs behind the theme
    region.get_by_label("Delvis").check()
    region.locator("#text").fill("Vi flyttar provtagningen och ser över bussen.")
    # a partial answer says what limits it
    region.locator("[name='limits-0-category']").select_option("money")
    region.locator("[name='limits-0-text']").fill("Bussen ligger i nästa års budget.")
    region.get_by_label("Sollefteå kommun").check()
    visit(region, region.locator("#save-response"))
    visit(region, region.get_by_role("link", name="Lägg till ett åtagande"))
    region.locator("#text").fill("Provtagning på förmiddagen i Näsåker")
    region.locator("#responsible_role").fill("Verksamhetschef primärvård")
    region.locator("#due_on").fill(str(local_today() + timedelta(days=20)))
    visit(region, region.locator("main form button[type=submit]"))
    sign_here = todo(region, "sign")
    visit(region, sign_here.get_by_role("link", name="Resor till vården"))
    region.locator("#confirm").check()
    visit(region, region.locator("#sign-button"))

    # -- the municipality's politician follows the mail that asks for his signature ---------
    request = mail_to(smtp_sink, KOMMUN, 1)
    kommun = log_in(browsing, KOMMUN, js)
    visit(kommun, kommun.locator("#todo-sign").get_by_role("link", name="Resor till vården"))
    assert kommun.url == link_in(request, "/sign")
    kommun.locator("#confirm").check()
    visit(kommun, kommun.locator("#sign-button"))
    expect(todo(kommun, "sign")).to_have_count(0)

    # -- follow-up: the region's official reports on the commitment due soon ---------------
    workspace(facilitator)
    move_phase(facilitator, "Uppföljning")
    due = todo(official, "commitment")
    expect(due).to_contain_text("Provtagning på förmiddagen i Näsåker")
    visit(official, due.get_by_role("link", name=re.compile("Provtagning")))
    official.locator("#status").select_option("in_progress")
    official.locator("#text").fill("Lokalen är bokad, vi börjar i mars.")
    visit(official, official.locator("main form button[type=submit]"))
    expect(todo(official, "commitment")).to_have_count(0)

    # -- the resident sees what was said, answered and done --------------------------------
    visit(resident, resident.get_by_role("link", name="Bygdens vård 2027").first)
    visit(resident, resident.get_by_role("link", name="Min sida").first)
    news = resident.locator("#news")
    expect(news).to_contain_text("Resor till vården")
    expect(news).to_contain_text("Delvis")
    visit(resident, news.get_by_role("link", name=re.compile("Läs svaret")).first)
    expect(resident.locator("main")).to_contain_text("Vi flyttar provtagningen")
    expect(resident.locator("main")).to_contain_text("Lokalen är bokad")
    expect(resident.locator("main")).to_contain_text("Region Västernorrland")
    expect(resident.locator("main")).to_contain_text("Sollefteå kommun")
    assert_no_horizontal_scrolling(resident)

    browsing.assert_no_console_problems()
