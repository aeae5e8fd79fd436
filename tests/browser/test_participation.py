"""Taking part, end to end: the acceptance journeys of issue 3 in Debian's Chromium.

Gunnel at the library terminal, by keyboard only, on a phone-sized screen; Ahmed by the
address printed under the QR code, giving dots without reloading; a visit left alone at
the terminal; Maria moderating and merging. Every page visited is checked with axe-core
(WCAG 2.1 A/AA), also after a form error, and every test fails on a Content-Security-Policy
violation, a JavaScript error or a sub-resource that does not load. Interface text may be
Swedish or English, so the tests find things by id, URL, data attribute and role.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.services import join_round
from samskapande.voting.models import Vote
from samskapande.voting.services import toggle_support
from tests.browser import test_journeys
from tests.browser.test_journeys import (
    DEMO_PASSWORD,
    DESKTOP,
    FACILITATOR,
    MY_PAGE,
    PHONE,
    RESUME_CODE,
    ROUND_PAGE,
    Browsing,
    assert_accessible,
    assert_no_horizontal_scrolling,
)
from tests.needs.helpers import demo_need_id, demo_round_id, set_round

# The journeys' fixtures: Debian's Chromium, and pages on the live server with their problems.
browser = test_journeys.browser
browsing = test_journeys.browsing

NEW_NEED = f"{ROUND_PAGE}/needs/new"
NEEDS = f"{ROUND_PAGE}/needs"
# Close to two demo needs ("Bussen till vårdcentralen går bara på morgonen och på kvällen…",
# "Jag har ingen bil längre och bussen till vårdcentral går bara morgon och kväll…").
GUNNELS_NEED = ("Bussen till vårdcentralen går bara morgon och kväll, "
                "jag behöver kunna åka mitt på dagen")
BUS_NEED_START = "Bussen till vårdcentralen går bara på morgonen"
BUS_DUPLICATE_START = "Jag har ingen bil längre och bussen"
# Names nobody in the demo has (the demo has a Gunnel and an Ahmed of its own).
GUNNEL = "Gunnel på biblioteket"
AHMED = "Ahmed från affischen"
NEW_NEED_TEXT = ("Hjärtstartaren vid badplatsen behöver en skylt och en kurs för "
                 "sommarstugegästerna om hur man använder den.")


# -- helpers ---------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '(body)';
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '')
    + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '');
}"""

VISIBLY_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return el.matches(':focus-visible') && box.width > 0 && box.height > 0
    && (style.outlineStyle !== 'none' || style.boxShadow !== 'none');
}"""


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus, as a
    keyboard user would, and check that the focus can be seen there."""
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            assert page.evaluate(VISIBLY_FOCUSED), (
                f"{selector} on {page.url} has the keyboard focus but shows no focus indicator"
            )
            return
        path.append(page.evaluate(FOCUSED))
    raise AssertionError(
        f"{limit} presses of {key} on {page.url} never reached {selector}; the focus went "
        f"through: {' → '.join(path[:40])}"
    )


def settle(page: Page) -> None:
    """Wait until the page has loaded with its icon, so that leaving it aborts nothing."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


def check(page: Page) -> None:
    settle(page)
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)


def assert_no_problems(session: Browsing, expected: tuple[str, ...] = ()) -> None:
    """No CSP violation, JS error or failed sub-resource, except the refusals expected."""
    problems = [p for p in session.problems if p not in expected]
    assert problems == [], "problems in the browser:\n" + "\n".join(problems)
    for refusal in expected:
        assert refusal in session.problems, f"the server did not answer {refusal!r}"


def support_on(app, need: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.need_id == need))


def log_in_as_facilitator(page: Page) -> None:
    page.goto("/login")
    check(page)
    page.locator("#email").fill(FACILITATOR["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff$"))
    check(page)


def assert_nothing_of(page: Page, *traces: str) -> None:
    for trace in traces:
        expect(page.locator("body")).not_to_contain_text(trace)


def save_new_need(page: Page, text: str) -> int:
    """Write a need on the new-need page; if similar ones are shown, save it anyway.
    Returns the id of the saved need, from the address of My page."""
    page.locator("#text").fill(text)
    page.locator("main form button[type=submit]").click()
    similar = page.locator("form:has(input[name=confirmed]) button[type=submit]")
    my_page = re.compile(re.escape(MY_PAGE) + r"#need-(\d+)$")
    expect(similar.or_(page.locator("section[aria-labelledby=needs-heading]"))).to_be_visible()
    if similar.count():
        check(page)
        similar.click()
    expect(page).to_have_url(my_page)
    return int(my_page.search(page.url).group(1))


# -- 1. Gunnel at the library, keyboard only -------------------------------------------------

@pytest.mark.browser
def test_gunnel_at_the_library_terminal_supports_a_similar_need_by_keyboard_and_leaves_nothing(
        app, browsing):
    set_round(app, voting_open=True, voting_mode="support", results_live=True)
    bus = demo_need_id(app, BUS_NEED_START)
    bus_duplicate = demo_need_id(app, BUS_DUPLICATE_START)
    page = browsing.new_page(**PHONE)

    page.goto("/terminal")  # the librarian made this browser a shared terminal
    check(page)
    tab_to(page, "#terminal-start")
    page.keyboard.press("Enter")

    expect(page).to_have_url(browsing.url("/"))
    check(page)
    tab_to(page, "#code")
    page.keyboard.type("nasaker")
    page.keyboard.press("Enter")

    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    check(page)
    tab_to(page, "#display_name")
    page.keyboard.type(GUNNEL)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    code = page.locator(".resume-code .code").inner_text().strip()
    assert RESUME_CODE.fullmatch(code)
    check(page)
    tab_to(page, f"main a[href='{NEW_NEED}']")
    page.keyboard.press("Enter")

    expect(page).to_have_url(browsing.url(NEW_NEED))
    check(page)
    tab_to(page, "main form button[type=submit]")  # nothing written yet: an error
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#text")).to_have_attribute("aria-describedby", re.compile("text-error"))
    check(page)
    tab_to(page, "#text")
    page.keyboard.type(GUNNELS_NEED)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    # The similar needs: the demo's two bus needs are among them, hers is not saved yet.
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    similar = page.locator("ol.needs > li.need")
    expect(page.locator(f"#need-{bus}")).to_be_visible()
    expect(page.locator(f"#need-{bus_duplicate}")).to_be_visible()
    assert 2 <= similar.count() <= 5
    check(page)
    url = page.url
    page.evaluate("() => { window.notReloaded = true; }")
    support = page.locator(f"#need-{bus} form[data-vote-form] button[aria-pressed]")
    tab_to(page, f"#need-{bus} form[data-vote-form] button[aria-pressed]")
    page.keyboard.press("Space")
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"[data-support-for='{bus}']")).to_have_text("1")
    expect(page.locator("[data-vote-status]")).not_to_be_empty()
    assert page.url == url and page.evaluate("() => window.notReloaded") is True
    check(page)

    # Back to the round, then to My page: the support is there, and no need of hers.
    tab_to(page, f"main .eyebrow a[href='{ROUND_PAGE}']", backwards=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    check(page)
    tab_to(page, f"main a[href='{MY_PAGE}']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url(MY_PAGE))
    votes = page.locator("section[aria-labelledby=votes-heading]")
    expect(votes.locator("li")).to_have_count(1)
    expect(votes.locator(f"a[href='{ROUND_PAGE}/needs/{bus}']")).to_be_visible()
    expect(page.locator("section[aria-labelledby=needs-heading] li")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(GUNNEL)
    check(page)
    with app.app_context():
        gunnel = db.session.scalar(select(Participant).where(Participant.resume_code == code))
        assert db.session.scalar(select(func.count(Need.id))
                                 .where(Need.participant_id == gunnel.id)) == 0

    # "Klar – avsluta": the visit ends; the button is easy to hit on a touch screen too.
    box = page.locator("#end-visit").bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44
    tab_to(page, "#end-visit")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url("/terminal/ended?reason=done"))
    expect(page.locator("#terminal-ended")).to_have_attribute("data-reason", "done")
    check(page)
    assert_nothing_of(page, GUNNEL, code)

    # The next visitor, in the same browser, starts afresh.
    tab_to(page, "#terminal-start")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url("/"))
    expect(page.locator("#code")).to_be_visible()
    check(page)
    page.goto(MY_PAGE)
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("#display_name")).to_be_visible()  # a join form, not Gunnel's page
    assert_nothing_of(page, GUNNEL, code)
    check(page)

    # The Back button: the start, the end screen, then Gunnel's own page, asked anew.
    for _ in range(4):
        page.go_back()
        settle(page)
        assert_nothing_of(page, GUNNEL, code)
    expect(page).to_have_url(browsing.url(ROUND_PAGE))  # her page now sends to the join form
    expect(page.locator("#display_name")).to_be_visible()
    check(page)

    assert_no_problems(browsing)


# -- 2. Ahmed by the QR address, dots without reloading --------------------------------------

@pytest.mark.browser
def test_ahmed_follows_the_printed_qr_address_writes_a_new_need_and_gives_dots_without_reloading(
        app, browsing):
    set_round(app, voting_open=True, voting_mode="dots", dots_per_participant=3,
              max_dots_per_need=2, results_live=True)
    round_id = demo_round_id(app)

    # The printed sheet shows the round's short address, with the QR code made for it.
    maria = browsing.new_page(**DESKTOP)
    log_in_as_facilitator(maria)
    maria.goto(f"/manage/rounds/{round_id}/print")
    check(maria)
    short_url = maria.locator("#short-url").inner_text().strip()
    assert short_url == browsing.url(ROUND_PAGE)
    qr = maria.locator("img.sheet-qr")
    expect(qr).to_have_attribute("src", f"{ROUND_PAGE}/qr.svg")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0, "the QR image is blank"

    ahmed = browsing.new_page(**PHONE)
    ahmed.goto(short_url)  # what his camera opens
    expect(ahmed).to_have_url(browsing.url(ROUND_PAGE))
    check(ahmed)
    ahmed.locator("#display_name").fill(AHMED)
    ahmed.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(ahmed).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    check(ahmed)

    ahmed.locator(f"main a[href='{NEW_NEED}']").first.tap()
    expect(ahmed).to_have_url(browsing.url(NEW_NEED))
    check(ahmed)
    mine = save_new_need(ahmed, NEW_NEED_TEXT)
    item = ahmed.locator(f"#need-{mine}")
    expect(item).to_contain_text(NEW_NEED_TEXT)
    expect(item.locator(".status-visible")).to_be_visible()  # post-moderation: shown at once
    check(ahmed)

    # Voting with dots, on the list of needs, with JavaScript.
    ahmed.locator(f"main a[href='{NEEDS}']").first.tap()
    expect(ahmed).to_have_url(browsing.url(NEEDS))
    check(ahmed)
    dots_left = ahmed.locator("[data-dots-left]")
    expect(dots_left).to_have_text("3")
    ids = [int(i.removeprefix("need-")) for i in ahmed.locator(
        "ol.needs > li.need:has(form[action$='/dots/add'])").evaluate_all(
        "items => items.map(li => li.id)")[:3]]
    assert len(ids) == 3, "fewer than three needs can be given dots"
    first, second, third = ids
    url = ahmed.url
    ahmed.evaluate("() => { window.notReloaded = true; }")

    def give_dot(need: int):
        ahmed.locator(f"#need-{need} form[action$='/dots/add'] button").tap()

    for need, mine_now, left in ((first, 1, 2), (first, 2, 1), (second, 1, 0)):
        give_dot(need)
        expect(ahmed.locator(f"[data-my-dots-for='{need}']")).to_have_text(str(mine_now))
        expect(dots_left).to_have_text(str(left))
        expect(ahmed.locator(f"[data-support-for='{need}']")).to_have_text(
            str(support_on(app, need)))
    expect(ahmed.locator("[data-vote-status]")).not_to_be_empty()
    check(ahmed)

    # The fourth dot: the server refuses, and says why in the status region.
    with ahmed.expect_response(lambda r: r.url.endswith(f"/needs/{third}/dots/add")) as sent:
        give_dot(third)
    refusal = sent.value
    assert refusal.status == 409
    message = refusal.json()["message"]
    assert message.strip(), "the refusal gives no reason"
    expect(ahmed.locator("[data-vote-status]")).to_have_text(message)
    expect(ahmed.locator(f"[data-my-dots-for='{third}']")).to_have_text("0")
    expect(dots_left).to_have_text("0")
    assert ahmed.url == url and ahmed.evaluate("() => window.notReloaded") is True, (
        "the page reloaded while voting"
    )
    check(ahmed)
    with app.app_context():
        participant = db.session.scalar(select(Participant).where(
            Participant.display_name == AHMED))
        assert participant.dots_used == 3
        assert db.session.scalar(select(func.sum(Vote.dots)).where(
            Vote.participant_id == participant.id)) == 3

    ahmed.locator(f"main a[href='{MY_PAGE}']").first.tap()
    expect(ahmed).to_have_url(browsing.url(MY_PAGE))
    votes = ahmed.locator("section[aria-labelledby=votes-heading]")
    expect(votes.locator("li")).to_have_count(2)
    expect(votes.locator(f"a[href='{ROUND_PAGE}/needs/{first}']")).to_be_visible()
    expect(votes.locator(f"a[href='{ROUND_PAGE}/needs/{second}']")).to_be_visible()
    expect(votes.locator("[data-dots-left]")).to_have_text("0")
    check(ahmed)

    assert_no_problems(browsing, expected=(f"409 for {browsing.url(NEEDS)}/{third}/dots/add",))


# -- 3. A visit left alone at the terminal ---------------------------------------------------

@pytest.mark.browser
def test_a_visit_left_alone_at_the_terminal_is_ended_by_the_server_at_the_next_action(
        app, browsing, live_server):
    page = browsing.new_page(**PHONE)
    page.goto("/terminal")
    check(page)
    page.goto(ROUND_PAGE)
    check(page)
    page.locator("#display_name").fill(GUNNEL)
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    code = page.locator(".resume-code .code").inner_text().strip()
    check(page)

    # The page was made with the usual limit, so its own countdown (tested in
    # tests/terminal) is not what ends this visit: the server does, as for a browser
    # whose script is asleep. She walks away; the next touch lands on the end screen.
    live_server.app.config["TERMINAL_IDLE_SECONDS"] = 2
    page.wait_for_timeout(3_000)  # deliberately idle, past the limit
    page.locator("#display_name").fill("Någon annan")
    page.locator(f"form[action='{ROUND_PAGE}/me/name'] button[type=submit]").tap()

    expect(page).to_have_url(re.compile(re.escape(browsing.url("/terminal/ended?reason=idle"))))
    expect(page.locator("#terminal-ended")).to_have_attribute("data-reason", "idle")
    assert_nothing_of(page, GUNNEL, code)
    check(page)
    with app.app_context():  # the form she left was not acted on
        assert db.session.scalar(select(Participant.display_name).where(
            Participant.resume_code == code)) == GUNNEL

    page.goto(MY_PAGE)
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("#display_name")).to_be_visible()
    assert_nothing_of(page, GUNNEL, code)
    check(page)
    page.go_back()  # the end screen
    settle(page)
    expect(page.locator("#terminal-ended")).to_be_visible()
    page.go_back()  # her page, asked anew: the join form
    settle(page)
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("#display_name")).to_be_visible()
    assert_nothing_of(page, GUNNEL, code)

    assert_no_problems(browsing)


# -- 4. Maria moderates and merges -----------------------------------------------------------

@pytest.mark.browser
def test_maria_turns_on_pre_moderation_approves_a_need_and_merges_a_duplicate_with_its_votes(
        app, browsing):
    round_id = demo_round_id(app)
    base = f"/manage/rounds/{round_id}"
    target = demo_need_id(app, BUS_NEED_START)
    duplicate = demo_need_id(app, BUS_DUPLICATE_START)
    maria = browsing.new_page(**DESKTOP)
    log_in_as_facilitator(maria)

    # In her workspace's settings she chooses to check needs before they are public.
    maria.locator(f"main a[href='{base}']").click()
    expect(maria).to_have_url(browsing.url(base))
    check(maria)
    maria.locator(f".workspace-nav a[href='{base}/edit']").click()
    expect(maria).to_have_url(browsing.url(f"{base}/edit"))
    check(maria)
    maria.locator("input[name=moderation][value=pre]").check()
    maria.locator("form.settings button[type=submit]").click()
    expect(maria).to_have_url(browsing.url(base))
    check(maria)
    with app.app_context():
        assert db.session.get(Round, round_id).moderation == "pre"

    # ...and opens voting.
    maria.locator(f".workspace-nav a[href='{base}/phase']").click()
    expect(maria).to_have_url(browsing.url(f"{base}/phase"))
    check(maria)
    maria.locator(f"main a[href='{base}/phase/voting-open']").click()
    expect(maria).to_have_url(browsing.url(f"{base}/phase/voting-open"))
    check(maria)
    maria.locator("main form button[type=submit]").click()
    expect(maria).to_have_url(browsing.url(f"{base}/phase"))
    check(maria)
    with app.app_context():
        assert db.session.get(Round, round_id).voting_open

    # A resident writes a need: it waits for Maria, and others do not see it.
    resident = browsing.new_page(**PHONE)
    resident.goto(ROUND_PAGE)
    check(resident)
    resident.locator("#display_name").fill(AHMED)
    resident.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(resident).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    resident.goto(NEW_NEED)
    check(resident)
    pending = save_new_need(resident, NEW_NEED_TEXT)
    expect(resident.locator(f"#need-{pending} .status-pending")).to_be_visible()
    check(resident)
    resident.goto(f"{NEEDS}?sort=newest")
    check(resident)
    expect(resident.locator(f"#need-{pending}")).to_have_count(0)
    expect(resident.locator("main")).not_to_contain_text(NEW_NEED_TEXT)
    stranger = browsing.new_page(**PHONE)
    response = stranger.goto(f"{NEEDS}/{pending}")
    assert response is not None and response.status == 404
    check(stranger)

    # Maria approves it in the moderation queue, where it comes first.
    maria.locator(f".workspace-nav a[href='{base}/needs']").click()
    expect(maria).to_have_url(browsing.url(f"{base}/needs"))
    check(maria)
    expect(maria.locator("ol.queue > li").first).to_have_id(f"need-{pending}")
    maria.locator(f"#need-{pending} form[action$='/needs/{pending}/approve'] button").click()
    expect(maria).to_have_url(browsing.url(f"{base}/needs#need-{pending}"))
    expect(maria.locator(f"#need-{pending} .status-visible")).to_be_visible()
    check(maria)

    resident.reload()
    expect(resident.locator(f"#need-{pending}")).to_contain_text(NEW_NEED_TEXT)
    check(resident)
    resident.goto(MY_PAGE)
    expect(resident.locator(f"#need-{pending} .status-visible")).to_be_visible()
    check(resident)

    # The resident supports both bus needs; another resident supports the duplicate only.
    resident.goto(f"{NEEDS}?q=bussen")
    check(resident)
    for need in (duplicate, target):
        button = resident.locator(f"#need-{need} form[data-vote-form] button[aria-pressed]")
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        other = join_round(round_, "Grannen")
        toggle_support(db.session.get(Need, duplicate), other)
        db.session.commit()  # the test is the caller: services only flush
    assert (support_on(app, target), support_on(app, duplicate)) == (1, 2)

    # Maria merges the duplicate into the other bus need, comparing the two first.
    maria.goto(f"{base}/needs")
    settle(maria)
    maria.locator(f"#need-{duplicate} a[href$='/needs/{duplicate}#merge-heading']").click()
    expect(maria).to_have_url(browsing.url(f"{base}/needs/{duplicate}#merge-heading"))
    check(maria)
    maria.locator("#target").select_option(str(target))
    maria.locator("form.merge-choice button[type=submit]").click()
    expect(maria.locator("#merge-preview")).to_be_visible()
    check(maria)
    maria.locator(f"form[action$='/needs/{duplicate}/merge'] button[type=submit]").click()
    expect(maria).to_have_url(browsing.url(f"{base}/needs#need-{target}"))
    check(maria)
    maria.locator(f"#need-{target} a[href='{base}/needs/{target}']").click()
    expect(maria.locator("#support")).to_have_text("2")  # the resident once, the neighbour
    check(maria)

    # The resident sees the target with both supporters, counted once each.
    resident.goto(f"{NEEDS}/{target}")
    expect(resident.locator(f"[data-support-for='{target}']")).to_have_text("2")
    expect(resident.locator(f"#need-{target} button[aria-pressed]")).to_have_attribute(
        "aria-pressed", "true")
    check(resident)
    resident.goto(f"{NEEDS}/{duplicate}")
    expect(resident.locator(f"main a[href='{NEEDS}/{target}']")).to_be_visible()  # merged into
    check(resident)
    resident.goto(MY_PAGE)
    votes = resident.locator("section[aria-labelledby=votes-heading]")
    expect(votes.locator("li")).to_have_count(1)
    expect(votes.locator(f"a[href='{NEEDS}/{target}']")).to_be_visible()
    check(resident)
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id)).where(
            Vote.need_id == duplicate)) == 0
        voters = db.session.scalars(select(Vote.participant_id).where(
            Vote.need_id == target)).all()
        assert len(voters) == len(set(voters)) == 2

    assert_no_problems(browsing)
