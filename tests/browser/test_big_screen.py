"""The big screen (storbild) at the front of the room, in Debian's Chromium.

A quick poll with five options takes the screen when the facilitator opens it: at
1920×1080 and at 1280×720 every option, its count and the total are inside the screen,
in type large enough to read from the back of the room, with the QR code and the round's
code still there; the same when the page is loaded while the poll is open, and the usual
layout returns once it closes. A spotlighted question shows the politician's answer, and
"answered aloud", without a reload. axe checks each state.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.models import Message, MessageStatus, Poll
from tests.browser.test_journeys import (  # noqa: F401  (fixtures)
    DESKTOP,
    assert_accessible,
    browser,
    browsing,
)
from tests.live.helpers import (
    DEMO_PASSWORD,
    FACILITATOR,
    POLITICIAN,
    demo_meeting,
    new_participant,
    staff,
)
from tests.realtime.live_clients import settle

QUESTION = "Vad ska vi ta itu med först för vården i Näsåker?"
OPTIONS = [
    "En vårdcentral som har öppet i Näsåker varje vecka",
    "Mobil vårdenhet som kommer till byarna",
    "Digitala besök med stöd på biblioteket",
    "Hemsjukvård på kvällar och helger",
    "Bättre busstider till Sollefteå",
]
ANSWERS = [0, 0, 0, 1, 3, 3, 4]  # the option each resident chooses: counts 3, 1, 0, 2, 1
# The projector's screen: width and height in CSS pixels, device pixels per CSS pixel, and
# the smallest option text readable from the back of the room, in device pixels. The last
# is the 1920×1080 screen with the browser zoomed to 200 %.
SCREENS = {"1920x1080": (1920, 1080, 1, 32), "1280x720": (1280, 720, 1, 24),
           "1920x1080-zoom-200": (960, 540, 2, 32)}

SPOTLIT = "Kan regionen ordna provtagning i bygdegården en gång i månaden?"
ANSWER = "Ja, vi börjar med en provtagningsdag i mars och följer upp i juni."
ALOUD = "Hur gör jag om jag inte har någon dator hemma?"


@pytest.fixture(autouse=True)
def quiet_afterwards(browsing, live_server):  # noqa: F811
    """Close the browsers, then wait for the server's socket work to end (disconnects,
    presence), so none of it runs after the test's database is gone."""
    yield
    browsing.close()
    settle(live_server.app)


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def meeting_path(app) -> str:
    with app.app_context():
        return f"/r/NASAKER/meetings/{demo_meeting().id}"


def create_poll_from_the_moderation_page(page: Page, meeting: str) -> None:
    page.goto(f"{meeting}/moderate")
    form = page.locator("main form").filter(has=page.locator("[name=question]"))
    form.locator("[name=question]").fill(QUESTION)
    form.locator("input[name=kind][value=single]").check()
    form.locator("[name=options]").fill("\n".join(OPTIONS))
    form.locator("button[type=submit]").click()
    expect(page.locator(".poll h3").filter(has_text=QUESTION)).to_be_visible()


def answer_the_poll(app) -> None:
    """Seven residents answer (each in a transaction of their own, as from their phones)."""
    with app.app_context():
        meeting = demo_meeting()
        poll = db.session.scalar(select(Poll).where(Poll.meeting_id == meeting.id,
                                                    Poll.question == QUESTION))
        option_ids = [option.id for option in poll.options]
        poll_id, round_id = poll.id, meeting.round_id
    for index in ANSWERS:
        with app.app_context():
            participant = new_participant(round_id)
            with unit_of_work():
                services.answer_poll(db.session.get(Poll, poll_id), participant,
                                     [option_ids[index]])


def box(page: Page, locator) -> dict:
    expect(locator).to_be_visible()
    return locator.bounding_box()


def assert_inside(page: Page, locator, what: str) -> None:
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    b = box(page, locator)
    assert b is not None, f"{what} is not shown"
    assert (b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= width + 0.5
            and b["y"] + b["height"] <= height + 0.5), (
        f"{what} is outside the {width}×{height} screen: {b}")


def assert_the_poll_fills_the_screen(page: Page, smallest_css_px: float) -> None:
    poll = page.locator("#projector-poll")
    expect(poll.locator(".poll-question")).to_have_text(QUESTION)
    rows = poll.locator(".big-results li")
    expect(rows).to_have_count(len(OPTIONS))
    counts = [ANSWERS.count(i) for i in range(len(OPTIONS))]
    for i, (label, count) in enumerate(zip(OPTIONS, counts, strict=True)):
        row = rows.nth(i)
        expect(row.locator(".big-label")).to_have_text(label)
        expect(row.locator(".big-count")).to_have_text(str(count))
        assert_inside(page, row.locator(".big-label"), f"option {label!r}")
        assert_inside(page, row.locator(".big-count"), f"the count of {label!r}")
        assert_inside(page, row.locator(".big-bar"), f"the bar of {label!r}")
    total = poll.locator(".big-total")
    expect(total).to_contain_text(str(len(ANSWERS)))
    assert_inside(page, total, "the total")
    assert_inside(page, page.locator(".projector-join img"), "the QR code")
    assert_inside(page, page.locator(".projector-join .code"), "the round's code")
    expect(page.locator(".projector-join .code")).to_have_text("NASAKER")
    assert page.locator(".projector-join img").evaluate(
        "img => img.complete && img.naturalWidth") > 0, "the QR code did not load"
    height = page.viewport_size["height"]
    size = rows.first.locator(".big-label").evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= smallest_css_px, f"options in {size} px type (CSS) at {height} px"
    scroll = page.evaluate("() => [document.documentElement.scrollWidth,"
                           " document.documentElement.scrollHeight]")
    assert scroll[0] <= page.viewport_size["width"] and scroll[1] <= height, (
        f"the screen scrolls: {scroll}")
    # The usual layout gives way to the poll.
    expect(page.locator("#top-questions")).to_be_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("screen", list(SCREENS), ids=list(SCREENS))
def test_an_open_poll_takes_the_screen_live_and_on_reload(browsing, live_server, screen):  # noqa: F811
    width, height, scale, smallest = SCREENS[screen]
    meeting = meeting_path(live_server.app)
    facilitator = browsing.new_page(**DESKTOP)
    log_in(facilitator, FACILITATOR)
    create_poll_from_the_moderation_page(facilitator, meeting)

    projector = browsing.new_page(viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    log_in(projector, FACILITATOR)
    projector.goto(f"{meeting}/screen")
    expect(projector.locator("#projector-poll")).to_be_hidden()  # a draft is not shown
    expect(projector.locator("#top-questions")).to_be_attached()
    projector.wait_for_timeout(500)  # the socket has joined
    assert_accessible(projector)

    # The facilitator opens the poll; the residents answer; the screen follows by itself.
    facilitator.locator(".poll").filter(has_text=QUESTION).locator(
        "button[type=submit]").click()
    expect(projector.locator("#projector-poll .poll-question")).to_have_text(QUESTION)
    answer_the_poll(live_server.app)
    expect(projector.locator("#projector-poll .big-total")).to_contain_text(str(len(ANSWERS)))
    assert projector.url.endswith("/screen")
    assert_the_poll_fills_the_screen(projector, smallest / scale)
    assert_accessible(projector)

    # A projector started (or reloaded) while the poll is open shows it the same way.
    projector.reload()
    assert_the_poll_fills_the_screen(projector, smallest / scale)
    assert_accessible(projector)

    # Closed: the questions and the spotlight have the screen again.
    facilitator.locator(".poll").filter(has_text=QUESTION).locator(
        "button[type=submit]").click()
    expect(projector.locator("#projector-poll")).to_be_hidden()
    expect(projector.locator("#top-questions")).to_be_attached()
    expect(projector.locator(".projector-questions")).to_be_visible()
    assert_inside(projector, projector.locator(".projector-join img"), "the QR code")
    browsing.assert_no_console_problems()


def ask_and_spotlight(app, text: str) -> int:
    """A resident's question, shown (approved if the meeting holds posts) and spotlighted."""
    with app.app_context():
        meeting = demo_meeting()
        participant = new_participant(meeting.round_id, "Gunnel")
        with unit_of_work():
            message = services.post_message(demo_meeting(), participant=participant,
                                            kind="question", text=text)
            if message.status != MessageStatus.VISIBLE:
                services.approve_message(message, staff(FACILITATOR))
            services.set_spotlight(message, staff(FACILITATOR), True)
            return message.id


@pytest.mark.browser
def test_the_spotlighted_question_shows_its_answer_without_a_reload(browsing, live_server):  # noqa: F811
    app = live_server.app
    meeting = meeting_path(app)
    question_id = ask_and_spotlight(app, SPOTLIT)

    projector = browsing.new_page(viewport={"width": 1920, "height": 1080})
    log_in(projector, FACILITATOR)
    projector.goto(f"{meeting}/screen")
    spotlight = projector.locator("#spotlight")
    expect(spotlight.locator(".spotlight-text")).to_have_text(SPOTLIT)
    expect(spotlight.locator(".spotlight-answer")).to_have_count(0)
    projector.wait_for_timeout(500)  # the socket has joined

    politician = browsing.new_page(**DESKTOP)
    log_in(politician, POLITICIAN)
    politician.goto(meeting)
    post = politician.locator(f"#post-{question_id}")
    post.locator("summary").click()
    post.locator("textarea[name=answer]").fill(ANSWER)
    post.locator(".answer-form button[type=submit]").click()

    answer = spotlight.locator(".spotlight-answer")
    expect(answer.locator(".spotlight-answer-text")).to_have_text(ANSWER)
    expect(answer.locator(".spotlight-answer-by")).to_contain_text("Karin Fjällström")
    expect(answer.locator(".spotlight-answer-by")).to_contain_text("Region Västernorrland")
    expect(spotlight.locator(".spotlight-text")).to_have_text(SPOTLIT)  # the question stays
    assert projector.url.endswith("/screen")
    assert_inside(projector, answer.locator(".spotlight-answer-text"), "the answer")
    assert_accessible(projector)

    # Another question, answered aloud in the room: marked so on the screen, without text.
    aloud_id = ask_and_spotlight(app, ALOUD)
    expect(spotlight.locator(".spotlight-text")).to_have_text(ALOUD)
    expect(spotlight.locator(".spotlight-answer")).to_have_count(0)
    with app.app_context(), unit_of_work():
        services.mark_answered(db.session.get(Message, aloud_id), staff(POLITICIAN))
    expect(spotlight.locator(".spotlight-answered")).to_have_text("Besvarad muntligt")
    assert_accessible(projector)

    projector.reload()  # and the same after a reload
    expect(spotlight.locator(".spotlight-answered")).to_have_text("Besvarad muntligt")
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_eight_long_options_still_fit_the_small_screen(browsing, live_server):  # noqa: F811
    """The most a poll may have (8 options of up to 200 characters) shrinks to fit."""
    app = live_server.app
    labels = [f"Alternativ {n}: " + "en lång beskrivning av vad kommunen kan göra " * 3
              for n in range(1, 9)]
    with app.app_context(), unit_of_work():
        poll = services.create_poll(demo_meeting(), staff(FACILITATOR), question=QUESTION,
                                    kind="single", options=[label[:200] for label in labels])
        services.open_poll(poll, staff(FACILITATOR))
    projector = browsing.new_page(viewport={"width": 1280, "height": 720})
    log_in(projector, FACILITATOR)
    projector.goto(f"{meeting_path(app)}/screen")
    rows = projector.locator("#projector-poll .big-results li")
    expect(rows).to_have_count(8)
    for i in range(8):
        assert_inside(projector, rows.nth(i).locator(".big-label"), f"option {i + 1}")
        assert_inside(projector, rows.nth(i).locator(".big-count"), f"count {i + 1}")
    assert_inside(projector, projector.locator("#projector-poll .big-total"), "the total")
    assert_inside(projector, projector.locator(".projector-join img"), "the QR code")
    assert_inside(projector, projector.locator(".projector-join .code"), "the round's code")
    browsing.assert_no_console_problems()
