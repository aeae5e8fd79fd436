"""Moving a round between phases and opening voting: confirmed, audited, explained."""

from __future__ import annotations

import pytest

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.manage import services
from samskapande.rounds.models import Phase, Round
from tests.conftest import submit
from tests.manage.conftest import facilitator


def _round(app, demo) -> Round:
    return db.session.get(Round, demo["round_id"])


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_phase_page_links_to_a_confirmation_for_every_other_phase(facilitator_client, demo):
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}/phase").get_data(
        as_text=True)
    for phase in Phase:
        link = f'href="/manage/rounds/{demo["round_id"]}/phase/{phase}"'
        assert (link in page) is (phase != Phase.COLLECT), phase
    assert f'/manage/rounds/{demo["round_id"]}/phase/voting-open' in page


def test_moving_to_voting_is_confirmed_then_done_and_audited(app, facilitator_client, demo):
    url = f"/manage/rounds/{demo['round_id']}/phase/vote"
    confirm = facilitator_client.get(url).get_data(as_text=True)
    assert 'id="effects"' in confirm and 'method="post"' in confirm
    with app.app_context():
        assert _round(app, demo).phase == "collect"  # looking changes nothing

    response = submit(facilitator_client, url, {})
    assert response.status_code == 302
    with app.app_context():
        assert _round(app, demo).phase == "vote"
        [event] = _events("round.phase_changed")
        assert event.details == {"before": "collect", "after": "vote"}
        assert event.round_id == demo["round_id"] and event.actor_user_id is not None

    submit(facilitator_client, url, {})  # a second click changes nothing more
    with app.app_context():
        assert len(_events("round.phase_changed")) == 1


def test_opening_and_closing_voting_is_audited(app, facilitator_client, demo):
    base = f"/manage/rounds/{demo['round_id']}/phase"
    assert submit(facilitator_client, f"{base}/voting-open", {}).status_code == 302
    with app.app_context():
        assert _round(app, demo).voting_open is True
    assert submit(facilitator_client, f"{base}/voting-closed", {}).status_code == 302
    with app.app_context():
        assert _round(app, demo).voting_open is False
        assert [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(
            AuditEvent.id))] == ["round.voting_opened", "round.voting_closed"]


def test_a_stale_form_changes_nothing(app, facilitator_client, demo):
    response = facilitator_client.post(f"/manage/rounds/{demo['round_id']}/phase/closed",
                                       data={"csrf_token": "stale"})
    assert response.status_code == 400
    with app.app_context():
        assert _round(app, demo).phase == "collect"


def test_changes_say_what_residents_will_notice(app, demo, ctx):
    round_ = _round(app, demo)
    # Support from the first day: residents already support, opening voting adds nothing.
    assert services.resident_changes(round_, voting_open=True) == {"change": False}
    assert services.resident_changes(round_, phase="meet") == {"submit": False,
                                                                "change": False,
                                                                "vote": False}
    round_.support_while_collecting = False
    assert services.resident_changes(round_, phase="vote") == {"submit": False,
                                                                "change": False}
    assert services.resident_changes(round_, voting_open=True) == {"vote": True,
                                                                   "change": False}
    assert services.resident_changes(round_, phase="draft") == {"join": False, "submit": False,
                                                                "change": False}
    assert services.resident_changes(round_, phase="collect") == {}
    round_.results_live = False
    round_.voting_open = True
    assert services.resident_changes(round_, voting_open=False) == {"vote": False,
                                                                    "change": True,
                                                                    "results": True}


def test_the_confirmation_lists_one_line_per_change(facilitator_client, demo):
    page = facilitator_client.get(
        f"/manage/rounds/{demo['round_id']}/phase/draft").get_data(as_text=True)
    effects = page.split('id="effects"')[1].split("</ul>")[0]
    # The phase shown, and four things residents lose (support while needs are collected)
    assert effects.count("<li>") == 5


def test_voting_cannot_open_in_a_draft(app, demo, ctx):
    round_ = _round(app, demo)
    services.change_phase(round_, "draft", actor=facilitator())
    with pytest.raises(services.ManageError):
        services.set_voting_open(round_, True, actor=facilitator())
    assert services.set_voting_open(round_, False, actor=facilitator()) is False


def test_unknown_phase_is_refused(app, demo, ctx):
    with pytest.raises(services.ManageError):
        services.change_phase(_round(app, demo), "party", actor=facilitator())
