"""Phases that cannot be got wrong: voting follows the voting phase unless the facilitator
keeps it as it is, the workspace shows one timeline, and the round page the real dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.manage import services
from samskapande.rounds.models import PhaseChange, Round
from tests.conftest import submit
from tests.manage.conftest import facilitator
from tests.needs.helpers import set_round
from tests.test_bad_input import CORPUS, SCRIPT


def _round(demo) -> Round:
    return db.session.get(Round, demo["round_id"])


def _actions() -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
            if e.action.startswith("round.")]


def _url(demo, target: str) -> str:
    return f"/manage/rounds/{demo['round_id']}/phase/{target}"


def _in_phase(app, demo, phase: str, voting_open: bool = False) -> None:
    with app.app_context():
        round_ = _round(demo)
        round_.phase, round_.voting_open = phase, voting_open
        if voting_open:
            round_.voting_first_opened_at = datetime.now(UTC)
        db.session.commit()


def _text(page: str, element_id: str, end: str = "</") -> str:
    return page.split(f'id="{element_id}"', 1)[1].split(">", 1)[1].split(end, 1)[0]


# -- voting follows the phase ----------------------------------------------------------------

def test_entering_the_voting_phase_opens_voting_and_both_are_audited(app, facilitator_client,
                                                                      demo):
    page = facilitator_client.get(_url(demo, "vote")).get_data(as_text=True)
    assert "Stödröstningen öppnas när det här skedet börjar." in page
    # Residents already support while needs are collected: for them nothing opens.
    assert "Invånarna kan rösta." not in _text(page, "effects", "</ul>")
    set_round(app, support_while_collecting=False)
    page = facilitator_client.get(_url(demo, "vote")).get_data(as_text=True)
    assert "Invånarna kan rösta." in _text(page, "effects", "</ul>")

    assert submit(facilitator_client, _url(demo, "vote"), {}).status_code == 302
    with app.app_context():
        round_ = _round(demo)
        assert (round_.phase, round_.voting_open) == ("vote", True)
        assert _actions() == ["round.phase_changed", "round.voting_opened"]
    flashed = facilitator_client.get(f"/manage/rounds/{demo['round_id']}/phase").get_data(
        as_text=True)
    assert "Stödröstningen är öppen." in flashed


def test_leaving_the_voting_phase_closes_voting_and_both_are_audited(app, facilitator_client,
                                                                      demo):
    _in_phase(app, demo, "vote", voting_open=True)
    page = facilitator_client.get(_url(demo, "meet")).get_data(as_text=True)
    assert "Stödröstningen stängs när skedet byts." in page
    assert "Invånarna kan inte längre rösta." in _text(page, "effects", "</ul>")

    assert submit(facilitator_client, _url(demo, "meet"), {}).status_code == 302
    with app.app_context():
        round_ = _round(demo)
        assert (round_.phase, round_.voting_open) == ("meet", False)
        assert _actions() == ["round.phase_changed", "round.voting_closed"]


def test_the_facilitator_can_keep_voting_closed_when_entering(app, facilitator_client, demo):
    page = facilitator_client.get(_url(demo, "vote")).get_data(as_text=True)
    keep = 'href="/manage/rounds/{}/phase/vote?voting=keep"'.format(demo["round_id"])
    assert keep in page

    kept = facilitator_client.get(_url(demo, "vote") + "?voting=keep").get_data(as_text=True)
    assert "Stödröstningen förblir stängd, som du valde." in kept
    assert 'name="voting" value="keep"' in kept
    assert "Invånarna kan rösta." not in _text(kept, "effects", "</ul>")  # the list stays true

    response = submit(facilitator_client, _url(demo, "vote") + "?voting=keep",
                      {"voting": "keep"}, action=_url(demo, "vote"))
    assert response.status_code == 302
    with app.app_context():
        round_ = _round(demo)
        assert (round_.phase, round_.voting_open) == ("vote", False)
        assert _actions() == ["round.phase_changed"]
        event = db.session.scalar(db.select(AuditEvent).where(
            AuditEvent.action == "round.phase_changed"))
        assert event.details == {"before": "collect", "after": "vote", "voting_kept": "closed"}


def test_the_facilitator_can_keep_voting_open_when_leaving(app, facilitator_client, demo):
    _in_phase(app, demo, "vote", voting_open=True)
    kept = facilitator_client.get(_url(demo, "meet") + "?voting=keep").get_data(as_text=True)
    assert "Stödröstningen förblir öppen, som du valde." in kept
    assert "Invånarna kan inte längre rösta." not in kept

    submit(facilitator_client, _url(demo, "meet") + "?voting=keep", {"voting": "keep"},
           action=_url(demo, "meet"))
    with app.app_context():
        round_ = _round(demo)
        assert (round_.phase, round_.voting_open) == ("meet", True)
        assert _actions() == ["round.phase_changed"]


def test_voting_opened_early_stays_open_into_the_voting_phase(app, demo, ctx):
    round_ = _round(demo)
    services.set_voting_open(round_, True, facilitator())
    services.change_phase(round_, "vote", facilitator())
    assert round_.voting_open is True
    assert _actions() == ["round.voting_opened", "round.phase_changed"]


def test_moving_between_other_phases_leaves_voting_alone(app, demo, ctx):
    round_ = _round(demo)
    services.set_voting_open(round_, True, facilitator())  # opened while collecting
    services.change_phase(round_, "meet", facilitator())
    assert round_.voting_open is True
    services.change_phase(round_, "synthesise", facilitator())
    assert round_.voting_open is True


@pytest.mark.parametrize("target", ["draft", "closed"])
def test_voting_cannot_be_kept_open_outside_the_running_phases(app, facilitator_client, demo,
                                                               target):
    _in_phase(app, demo, "vote", voting_open=True)
    page = facilitator_client.get(_url(demo, target)).get_data(as_text=True)
    assert "?voting=keep" not in page
    submit(facilitator_client, _url(demo, target) + "?voting=keep", {"voting": "keep"},
           action=_url(demo, target))
    with app.app_context():
        assert _round(demo).voting_open is False


@pytest.mark.parametrize("value", [*CORPUS, "KEEP", "1"])
def test_anything_else_in_the_voting_field_lets_voting_follow(app, facilitator_client, demo,
                                                             value):
    page = facilitator_client.get(_url(demo, "vote"), query_string={"voting": value})
    assert page.status_code == 200 and SCRIPT not in page.get_data(as_text=True)
    response = submit(facilitator_client, _url(demo, "vote"), {"voting": value})
    assert response.status_code == 302
    with app.app_context():
        assert _round(demo).voting_open is True


def test_a_double_submit_moves_once_and_a_stale_form_not_at_all(app, facilitator_client, demo):
    stale = facilitator_client.post(_url(demo, "vote"), data={"csrf_token": "stale"})
    assert stale.status_code == 400
    with app.app_context():
        assert (_round(demo).phase, _round(demo).voting_open) == ("collect", False)
    submit(facilitator_client, _url(demo, "vote"), {})
    submit(facilitator_client, _url(demo, "vote"), {})
    with app.app_context():
        assert _actions() == ["round.phase_changed", "round.voting_opened"]
        assert [c.phase for c in _round(demo).phase_changes] == ["draft", "collect", "vote"]


# -- the workspace timeline and the switch's state ----------------------------------------------

def test_the_workspace_shows_done_now_next_and_what_next_changes(facilitator_client, demo):
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    timeline = _text(page, "timeline", "</ol>\n  </section>")
    assert 'class="step done" id="step-draft"' in timeline
    assert 'class="step now" id="step-collect" aria-current="step"' in timeline
    assert 'class="step next" id="step-vote"' in timeline
    assert 'class="step later" id="step-meet"' in timeline
    upcoming = _text(page, "next-effects", "</ul>")
    assert "Stödröstningen öppnas när det här skedet börjar." in upcoming
    assert "Invånarna kan inte längre skriva nya behov." in upcoming
    assert "Prioritering" in _text(page, "step-vote", "</strong>")


def test_voting_that_never_opened_is_not_called_closed(app, facilitator_client, demo):
    workspace = f"/manage/rounds/{demo['round_id']}"
    page = facilitator_client.get(workspace).get_data(as_text=True)
    assert _text(page, "voting") == "Har inte öppnats än"
    summary = page.split('<dl class="summary">')[1].split("</dl>")[0]
    assert "Avslutad" not in summary and "Stängd" not in summary
    phase_page = facilitator_client.get(f"{workspace}/phase").get_data(as_text=True)
    assert _text(phase_page, "voting-state") == "Stödröstningen har inte öppnats än."

    submit(facilitator_client, _url(demo, "voting-open"), {})
    assert _text(facilitator_client.get(workspace).get_data(as_text=True), "voting") == "Öppen"
    submit(facilitator_client, _url(demo, "voting-closed"), {})
    assert _text(facilitator_client.get(workspace).get_data(as_text=True),
                 "voting") == "Stängd igen"


def test_in_english_too(app, facilitator_client, demo):
    facilitator_client.set_cookie("lang", "en")
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    assert _text(page, "voting") == "Not opened yet"
    assert "Closed" not in _text(page, "voting")
    assert "Support voting opens with this phase." in page
    assert "Prioritising" in page


def test_the_three_names_differ_in_swedish(app, facilitator_client, demo):
    with app.app_context():
        round_ = _round(demo)
        round_.voting_mode = "dots"
        db.session.commit()
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}/phase").get_data(
        as_text=True)
    assert "Prioritering" in page and "Prickröstning" in page
    assert "mröstning" not in page  # neither "Omröstning" nor "omröstningen"
    meetings = facilitator_client.get(f"/manage/rounds/{demo['round_id']}").get_data(
        as_text=True)
    assert "snabbfrågor" in meetings and "mröstning" not in meetings


# -- the public timeline -------------------------------------------------------------------

def test_the_round_page_shows_the_dates_on_which_phases_changed(app, client, demo):
    with app.app_context():
        round_ = _round(demo)
        round_.phase = "meet"
        round_.phase_changes = [
            PhaseChange(phase="collect", changed_at=datetime(2026, 10, 1, 9, tzinfo=UTC)),
            PhaseChange(phase="vote", changed_at=datetime(2026, 10, 20, 9, tzinfo=UTC)),
            PhaseChange(phase="meet", changed_at=datetime(2026, 11, 3, 9, tzinfo=UTC)),
        ]
        planned = {step.phase: step for step in round_.schedule}
        planned_vote = planned["vote"].starts_on
        planned_respond = planned["respond"].starts_on
        db.session.commit()
    page = client.get(f"/r/{demo['round_code']}").get_data(as_text=True)
    timeline = _text(page, "timeline", "</ol>")
    assert "1 oktober 2026 – 20 oktober 2026" in timeline
    assert "20 oktober 2026 – 3 november 2026" in timeline
    assert "sedan 3 november 2026" in timeline
    assert _long_sv(planned_vote) not in timeline  # reached: the real dates only
    assert "planerat: " + _long_sv(planned_respond) in timeline  # not reached: the plan


def test_a_phase_moved_past_says_so_instead_of_its_plan(app, client, demo, ctx):
    round_ = _round(demo)
    planned_vote = next(s for s in round_.schedule if s.phase == "vote").starts_on
    services.change_phase(round_, "meet", facilitator())
    db.session.commit()
    timeline = _text(client.get(f"/r/{demo['round_code']}").get_data(as_text=True),
                     "timeline", "</ol>")
    assert "hoppades över" in timeline
    assert _long_sv(planned_vote) not in timeline


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


def _long_sv(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def test_a_round_without_stored_phase_changes_still_shows_its_timeline(app, client,
                                                                       facilitator_client, demo):
    """Rounds from before the changes were stored (and new test rounds) have none."""
    with app.app_context():
        _round(demo).phase_changes = []
        db.session.commit()
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}")
    assert page.status_code == 200
    assert 'class="step now" id="step-collect"' in page.get_data(as_text=True)
    public = client.get(f"/r/{demo['round_code']}")
    assert public.status_code == 200 and 'id="timeline"' in public.get_data(as_text=True)
