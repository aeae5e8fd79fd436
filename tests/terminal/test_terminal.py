"""Library terminal mode: a shared computer where the next person never sees the previous one."""

from __future__ import annotations

import re
import time

import pytest

from samskapande.core.security import CONTENT_SECURITY_POLICY
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Round
from samskapande.terminal.services import SEEN_KEY, forget_autofill
from samskapande.voting.models import Vote
from tests.conftest import create_staff, csrf_token, log_in, submit

ROUND = "/r/NASAKER"
ME = f"{ROUND}/me"


def enter_terminal_mode(client):
    response = client.get("/terminal")
    assert response.status_code == 200
    return response


def join(client, name="Gunnel"):
    response = submit(client, ROUND, {"display_name": name}, action=f"{ROUND}/join")
    assert response.status_code == 302
    return response


def leave_idle(client, seconds: int) -> None:
    """Pretend the visit's last activity was `seconds` ago (rather than sleeping)."""
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - seconds


def page(client, url):
    return client.get(url).get_data(as_text=True)


@pytest.fixture
def terminal(client, demo):
    enter_terminal_mode(client)
    return client


# -- entering terminal mode --------------------------------------------------------------

def test_opening_terminal_url_sets_a_long_lived_cookie_that_says_nothing_about_anyone(client):
    response = enter_terminal_mode(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("terminal="))
    assert cookie.startswith("terminal=1;")
    max_age = int(re.search(r"Max-Age=(\d+)", cookie).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "HttpOnly" in cookie


def test_terminal_pages_have_large_targets_and_an_end_visit_button_on_every_page(terminal):
    for url in ("/", ROUND, "/resume", "/login"):
        html = page(terminal, url)
        assert re.search(r'<body[^>]*class="terminal"', html), url
        form = re.search(r'<form[^>]*id="end-visit-form"[^>]*>', html).group(0)
        assert 'method="post"' in form and 'action="/terminal/end"' in form
        assert 'id="end-visit"' in html


def test_an_ordinary_browser_has_no_terminal_markup(client, demo):
    html = page(client, ROUND)
    assert 'class="terminal"' not in html
    assert 'id="end-visit"' not in html
    assert 'http-equiv="refresh"' not in html
    assert "terminal.js" not in html


def test_pages_refresh_to_the_reset_after_the_idle_time_without_javascript(app, terminal):
    html = page(terminal, ROUND)
    assert '<meta http-equiv="refresh" content="180;url=/terminal/ended?reason=idle">' in html
    assert 'data-terminal-idle="180"' in html
    assert "/static/js/terminal.js" in html
    app.config["TERMINAL_IDLE_SECONDS"] = 60
    assert 'content="60;url=/terminal/ended?reason=idle"' in page(terminal, ROUND)


def test_the_content_security_policy_allows_the_refresh_and_the_scripts(terminal):
    response = terminal.get(ROUND)
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    # A meta refresh is a navigation; no directive of this policy restricts navigation.
    assert "navigate-to" not in policy and "script-src 'self'" in policy
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html


def test_the_terminal_start_screen_explains_and_has_a_start_button(terminal):
    html = page(terminal, "/terminal")
    assert 'id="terminal-start"' in html
    assert 'http-equiv="refresh"' not in html  # the start screen itself never resets


# -- nothing remembered between people -----------------------------------------------------

def test_forms_on_a_terminal_ask_the_browser_not_to_remember_anything(terminal):
    join(terminal)
    for url in ("/", "/login", "/resume", ROUND, ME):
        html = page(terminal, url)
        forms = re.findall(r"<form\b[^>]*>", html)
        assert forms, url
        assert all('autocomplete="off"' in form for form in forms), (url, forms)
        fields = re.findall(r"<(?:input|textarea|select)\b[^>]*autocomplete=\"[^\"]*\"", html)
        assert all('autocomplete="off"' in field for field in fields), (url, fields)


def test_an_ordinary_browser_keeps_autofill_for_staff(client):
    html = page(client, "/login")
    assert 'autocomplete="off"' not in html


def test_forget_autofill_leaves_text_a_person_typed_alone():
    typed = "&lt;form autocomplete=&#34;on&#34;&gt; &lt;input autocomplete=&#34;email&#34;&gt;"
    html = (f'<form method="post"><p>{typed}</p>'
            '<input name="email" autocomplete="email"><textarea name="t"></textarea></form>'
            '<form autocomplete="on" method="get"></form>')
    result = forget_autofill(html)
    assert typed in result
    assert '<form autocomplete="off" method="post">' in result
    assert '<input name="email" autocomplete="off">' in result
    assert '<form autocomplete="on" method="get">' in result  # explicitly set: left alone


def test_pages_are_never_stored_for_the_back_button(terminal):
    join(terminal)
    assert terminal.get(ME).headers["Cache-Control"] == "no-store"


# -- ending a visit --------------------------------------------------------------------------

def test_done_ends_the_visit_and_clears_participation_staff_login_and_messages(app, terminal):
    user = create_staff(app, "facilitator")
    join(terminal)
    assert log_in(terminal, user["email"]).status_code == 302  # leaves a flash unread
    assert terminal.get(ME).status_code == 200

    response = terminal.post("/terminal/end")
    assert response.status_code == 303
    assert response.headers["Location"] == "/terminal/ended?reason=done"
    ended = page(terminal, "/terminal/ended?reason=done")
    assert 'id="terminal-ended"' in ended and 'data-reason="done"' in ended
    assert "flash" not in ended

    assert terminal.get(ME).headers["Location"] == ROUND  # no longer a participant
    assert terminal.get("/account").headers["Location"].startswith("/login")
    assert 'id="end-visit"' in page(terminal, "/")  # the terminal itself stays one


def test_done_works_even_when_the_page_was_stale(terminal):
    join(terminal)
    with terminal.session_transaction() as session:
        session.pop("csrf_token", None)  # as if the session had already been cleared
    response = terminal.post("/terminal/end", data={"csrf_token": "stale"})
    assert response.status_code == 303
    assert terminal.get(ME).status_code == 302


def test_the_next_visitor_cannot_reach_the_previous_participants_page(client, demo):
    enter_terminal_mode(client)
    join(client, name="Gunnel")
    code = re.search(r'class="code"[^>]*>([^<]+)<', page(client, ME)).group(1)
    client.post("/terminal/end")

    html = page(client, ROUND)
    assert code not in html and "Gunnel" not in html
    response = client.get(ME)
    assert response.status_code == 302 and response.headers["Location"] == ROUND


def test_ending_a_visit_forgets_the_language_choice(terminal):
    terminal.get("/language/en?next=/")
    assert '<html lang="en">' in page(terminal, "/")
    response = terminal.post("/terminal/end")
    assert any(c.startswith("lang=;") for c in response.headers.getlist("Set-Cookie"))
    assert '<html lang="sv">' in page(terminal, "/")


# -- the automatic reset after inactivity --------------------------------------------------

def test_a_visit_left_idle_is_ended_before_the_next_request(terminal):
    join(terminal)
    leave_idle(terminal, 181)

    response = terminal.get(ME)
    assert response.status_code == 303
    assert response.headers["Location"] == "/terminal/ended?reason=idle&next=/r/NASAKER/me"
    html = page(terminal, response.headers["Location"])
    assert 'data-reason="idle"' in html
    assert 'href="/r/NASAKER/me"' in html  # the next person can go where they clicked
    assert terminal.get(ME).headers["Location"] == ROUND


def test_a_visit_within_the_idle_time_goes_on(terminal):
    join(terminal)
    leave_idle(terminal, 170)
    assert terminal.get(ME).status_code == 200
    leave_idle(terminal, 170)  # each request counts as activity again
    assert terminal.get(ME).status_code == 200


def test_the_idle_time_is_configurable(app, terminal):
    app.config["TERMINAL_IDLE_SECONDS"] = 2
    join(terminal)
    leave_idle(terminal, 3)
    assert terminal.get(ME).status_code == 303


def test_an_idle_staff_login_is_cleared(app, terminal):
    user = create_staff(app, "admin")
    assert log_in(terminal, user["email"]).status_code == 302
    leave_idle(terminal, 1000)
    assert terminal.get("/account").status_code == 303
    assert terminal.get("/account").headers["Location"].startswith("/login")


def test_a_form_the_previous_person_left_does_nothing_for_the_next(app, terminal, demo):
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        round_.voting_open = True
        need_id = db.session.scalar(db.select(Need.id).where(
            Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE).limit(1))
        db.session.commit()
    join(terminal)
    token = csrf_token(terminal, f"{ROUND}/needs")  # the page the previous person left open
    leave_idle(terminal, 1000)

    response = terminal.post(f"{ROUND}/needs/{need_id}/support",
                             data={"csrf_token": token, "next": f"{ROUND}/needs"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/terminal/ended?reason=idle"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Vote.id))) == 0


def test_the_pages_own_timer_ends_the_visit(terminal):
    """What the refresh (without JavaScript) or the countdown script (with it) opens."""
    join(terminal)
    html = page(terminal, "/terminal/ended?reason=idle")
    assert 'data-reason="idle"' in html
    assert terminal.get(ME).status_code == 302


def test_the_countdown_script_can_keep_an_active_visit_alive(terminal):
    join(terminal)
    leave_idle(terminal, 170)
    assert terminal.get("/terminal/alive").get_json() == {"ended": False, "idle_seconds": 180}
    leave_idle(terminal, 170)
    assert terminal.get(ME).status_code == 200
    leave_idle(terminal, 181)
    assert terminal.get("/terminal/alive").get_json() == {"ended": True}
    assert terminal.get(ME).status_code == 302


def test_the_idle_warning_is_in_the_page_for_the_script(terminal):
    html = page(terminal, ROUND)
    warning = re.search(r'<div[^>]*id="terminal-warning"[^>]*>', html).group(0)
    assert 'role="alert"' in warning and "hidden" in warning
    assert 'id="terminal-continue"' in html and "data-terminal-countdown" in html


def test_an_ordinary_browser_is_never_reset(client, demo):
    join(client)
    leave_idle(client, 100000)
    assert client.get(ME).status_code == 200
    assert client.get("/terminal/ended?reason=idle").headers["Location"] == "/"
    assert client.get(ME).status_code == 200


# -- leaving terminal mode -------------------------------------------------------------------

def test_staff_leave_terminal_mode_with_a_form(terminal):
    join(terminal)
    response = submit(terminal, "/terminal/off", {})
    assert response.status_code == 303
    assert any(c.startswith("terminal=;") for c in response.headers.getlist("Set-Cookie"))
    html = page(terminal, "/")
    assert 'class="terminal"' not in html and 'id="end-visit"' not in html
    assert terminal.get(ME).status_code == 302  # the visit ended with the mode


def test_leaving_terminal_mode_needs_the_forms_token(terminal):
    assert terminal.post("/terminal/off").status_code == 400
    assert 'id="end-visit"' in page(terminal, "/")


@pytest.mark.parametrize("url", ["/terminal", "/terminal/ended?reason=done",
                                 "/terminal/ended?reason=idle", "/terminal/off",
                                 "/terminal/ended?reason=idle&next=https://evil.example/"])
@pytest.mark.parametrize("language", ["sv", "en", "fi"])
def test_terminal_pages_answer_in_every_language(terminal, url, language):
    terminal.get(f"/language/{language}")
    response = terminal.get(url)
    assert response.status_code == 200
    start = re.search(r'<a[^>]*id="terminal-start"[^>]*>', response.get_data(as_text=True))
    assert start is None or 'href="/' in start.group(0) and "evil" not in start.group(0)


# -- a form of an ended visit is never rendered back ------------------------------------------

ADDRESS = "gunnel.privat@example.se"


def _failing_email_form(terminal):
    """The previous person's e-mail form, sent without the consent box: it comes back with
    an error and the address filled in; the browser keeps the POST in its history."""
    join(terminal, name="Gunnel")
    data = {"email": ADDRESS, "csrf_token": csrf_token(terminal, ME)}
    first = terminal.post(f"{ME}/email", data=data)
    assert first.status_code == 400 and ADDRESS in first.get_data(as_text=True)
    return data


@pytest.mark.parametrize("how", ["done", "idle"])
def test_reloading_the_previous_persons_failed_form_never_shows_their_values(terminal, how):
    data = _failing_email_form(terminal)
    if how == "done":
        terminal.post("/terminal/end")
    else:
        leave_idle(terminal, 10_000)
        terminal.get("/terminal/ended?reason=idle")
    join(terminal, name="Nästa")  # the next person starts a visit of their own
    again = terminal.post(f"{ME}/email", data=data)  # back, reload: the POST is sent again
    assert ADDRESS not in again.get_data(as_text=True)
    assert again.status_code == 303
    followed = terminal.get(again.headers["Location"]).get_data(as_text=True)
    assert ADDRESS not in followed and "Gunnel" not in followed


def test_a_form_of_an_ended_visit_is_not_acted_on_either(terminal):
    data = _failing_email_form(terminal)
    terminal.post("/terminal/end")
    join(terminal, name="Nästa")
    again = terminal.post(f"{ME}/email", data={**data, "consent": "y"})
    assert again.status_code == 303
    assert "@" not in page(terminal, ME).split('id="email-heading"')[1].split("</section>")[0]
