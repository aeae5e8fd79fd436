"""The moderation queue: approve, hide with a reason, merge duplicates with their votes."""

from __future__ import annotations

import pytest

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.manage import services
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.services import new_resume_code
from samskapande.voting import services as voting
from samskapande.voting.models import Vote
from tests.conftest import submit
from tests.manage.conftest import facilitator


def _needs(demo, count=3) -> list[Need]:
    return list(db.session.scalars(db.select(Need).where(Need.round_id == demo["round_id"])
                                   .order_by(Need.id).limit(count)))


def _people(round_: Round, count: int) -> list[Participant]:
    people = [Participant(round_id=round_.id, resume_code=new_resume_code())
              for _ in range(count)]
    db.session.add_all(people)
    db.session.commit()
    return people


def _support(need_id: int) -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.sum(Vote.dots), 0))
                             .where(Vote.need_id == need_id))


def _votes_per_person(need_id: int) -> list[int]:
    return list(db.session.scalars(db.select(Vote.participant_id).where(Vote.need_id == need_id)))


# -- merging moves votes; nobody is counted twice ------------------------------------------

def test_merge_in_support_mode_counts_each_supporter_once(app, demo, ctx):
    round_ = db.session.get(Round, demo["round_id"])
    round_.voting_open = True
    db.session.commit()
    duplicate, target, _ = _needs(demo)
    both, only_duplicate, only_target = _people(round_, 3)
    for need, person in [(duplicate, both), (target, both), (duplicate, only_duplicate),
                         (target, only_target)]:
        voting.toggle_support(need, person)
    assert (_support(duplicate.id), _support(target.id)) == (2, 2)

    services.merge(duplicate, target, actor=facilitator())

    db.session.expire_all()
    assert _support(target.id) == 3
    assert sorted(_votes_per_person(target.id)) == sorted(
        [both.id, only_duplicate.id, only_target.id])
    assert _support(duplicate.id) == 0
    assert db.session.get(Participant, both.id).dots_used == 1
    merged = db.session.get(Need, duplicate.id)
    assert (merged.status, merged.merged_into_id) == (NeedStatus.MERGED, target.id)
    assert db.session.scalar(db.select(AuditEvent.action).where(
        AuditEvent.object_id == duplicate.id)) == "need.merged"


def test_merge_in_dot_mode_keeps_the_per_need_limit_and_gives_dots_back(app, demo, ctx):
    round_ = db.session.get(Round, demo["round_id"])
    round_.voting_mode, round_.dots_per_participant, round_.max_dots_per_need = "dots", 5, 2
    round_.voting_open = True
    db.session.commit()
    duplicate, target, _ = _needs(demo)
    both, only_duplicate, only_target = _people(round_, 3)
    for need, person, dots in [(duplicate, both, 2), (target, both, 1),
                               (duplicate, only_duplicate, 1), (target, only_target, 2)]:
        for _ in range(dots):
            voting.add_dot(need, person)
    assert (_support(duplicate.id), _support(target.id)) == (3, 3)

    services.merge(duplicate, target, actor=facilitator())

    db.session.expire_all()
    # "both" keeps 2 dots (the limit), gets 1 back; the others' dots move or stay
    assert _support(target.id) == 2 + 1 + 2
    assert len(_votes_per_person(target.id)) == 3  # one vote row per person
    assert db.session.get(Participant, both.id).dots_used == 2
    assert db.session.get(Participant, only_duplicate.id).dots_used == 1
    # the dot given back can be used again
    voting.add_dot(_needs(demo)[2], db.session.get(Participant, both.id))


def test_merge_refuses_itself_a_hidden_target_and_a_merged_duplicate(app, demo, ctx):
    first, second, third = _needs(demo)
    with pytest.raises(services.ManageError):
        services.merge(first, first, actor=facilitator())
    with pytest.raises(services.ManageError):
        services.merge(first, None, actor=facilitator())
    services.hide(third, facilitator(), "Dubblett")
    with pytest.raises(services.ManageError):
        services.merge(first, third, actor=facilitator())
    services.merge(first, second, actor=facilitator())
    with pytest.raises(services.ManageError):
        services.merge(first, second, actor=facilitator())


def test_approve_and_hide(app, demo, ctx):
    need = _needs(demo, 1)[0]
    need.status = NeedStatus.PENDING
    db.session.commit()
    with pytest.raises(services.ManageError):
        services.hide(need, facilitator(), "")
    assert services.approve(need, facilitator()) is True
    assert services.approve(need, facilitator()) is False  # a double click
    services.hide(need, facilitator(), "Nämner en person som kan kännas igen.")
    assert (need.status, need.hidden_reason) == (NeedStatus.HIDDEN,
                                                 "Nämner en person som kan kännas igen.")
    assert services.approve(need, facilitator()) is True and need.hidden_reason is None


# -- through the pages ---------------------------------------------------------------------

def test_the_queue_shows_pending_first_with_support(app, facilitator_client, demo):
    with app.app_context():
        last = db.session.scalar(db.select(Need).where(Need.round_id == demo["round_id"])
                                 .order_by(Need.id.desc()))
        oldest = _needs(demo, 1)[0]
        oldest.status = NeedStatus.PENDING
        hidden_id, pending_id = last.id, oldest.id
        services.hide(last, facilitator(), "<b>Personligt</b>")
        db.session.commit()
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}/needs").get_data(
        as_text=True)
    items = page.split('class="card queue-item')
    assert f'id="need-{pending_id}"' in items[1]
    assert "status-pending" in items[1]
    assert page.count('class="support"') == len(items) - 1
    assert "&lt;b&gt;Personligt&lt;/b&gt;" in page  # the reason, escaped
    assert f'action="/manage/rounds/{demo["round_id"]}/needs/{pending_id}/approve"' in page
    assert f'action="/manage/rounds/{demo["round_id"]}/needs/{hidden_id}/approve"' in page
    hidden_only = facilitator_client.get(
        f"/manage/rounds/{demo['round_id']}/needs?status=hidden").get_data(as_text=True)
    assert hidden_only.count('class="card queue-item') == 1


def test_approving_from_the_queue(app, facilitator_client, demo):
    with app.app_context():
        need = _needs(demo, 1)[0]
        need.status = NeedStatus.PENDING
        db.session.commit()
        need_id = need.id
    queue = f"/manage/rounds/{demo['round_id']}/needs"
    response = submit(facilitator_client, queue, {},
                      action=f"{queue}/{need_id}/approve")
    assert response.status_code == 302 and response.location.endswith(f"#need-{need_id}")
    with app.app_context():
        assert db.session.get(Need, need_id).status == NeedStatus.VISIBLE
        assert db.session.scalar(db.select(AuditEvent.action)) == "need.approved"


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001, "bad\x00reason"])
def test_hiding_needs_a_reason_and_keeps_what_was_typed(app, facilitator_client, demo, reason):
    need_id = _first_id(app, demo)
    url = f"/manage/rounds/{demo['round_id']}/needs/{need_id}"
    response = submit(facilitator_client, url, {"reason": reason}, action=f"{url}/hide")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="reason-error"' in page and 'aria-invalid="true"' in page
    if reason.strip() and len(reason) < 1001:
        assert "bad" in page
    with app.app_context():
        assert db.session.get(Need, need_id).status == NeedStatus.VISIBLE


def test_hiding_with_a_reason(app, facilitator_client, demo):
    need_id = _first_id(app, demo)
    url = f"/manage/rounds/{demo['round_id']}/needs/{need_id}"
    reason = "Skriver om en namngiven patient 🙁 <i>"
    response = submit(facilitator_client, url, {"reason": reason}, action=f"{url}/hide")
    assert response.status_code == 302
    with app.app_context():
        need = db.session.get(Need, need_id)
        assert (need.status, need.hidden_reason) == (NeedStatus.HIDDEN, reason)
        event = db.session.scalar(db.select(AuditEvent))
        assert (event.action, event.reason or event.details.get("reason")) == (
            "need.hidden", reason)


def _first_id(app, demo) -> int:
    with app.app_context():
        return _needs(demo, 1)[0].id


def test_merging_shows_both_texts_before_confirming(app, facilitator_client, demo):
    with app.app_context():
        duplicate, target, _ = _needs(demo)
        ids, texts = (duplicate.id, target.id), (duplicate.text, target.text)
    url = f"/manage/rounds/{demo['round_id']}/needs/{ids[0]}"
    chooser = facilitator_client.get(url).get_data(as_text=True)
    assert f'<option value="{ids[1]}">' in chooser and 'id="merge-preview"' not in chooser

    for query in (f"?target={ids[1]}", f"?number=%23{ids[1]}", f"?target=&number={ids[1]}"):
        preview = facilitator_client.get(url + query).get_data(as_text=True)
        assert 'id="merge-preview"' in preview
        assert all(_escaped(text) in preview for text in texts)
    with app.app_context():
        assert db.session.get(Need, ids[0]).status == NeedStatus.VISIBLE  # looking changes nothing

    response = submit(facilitator_client, url + f"?target={ids[1]}", {"into": ids[1]},
                      action=f"{url}/merge")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Need, ids[0]).merged_into_id == ids[1]
    # the duplicate's page now says where it went, and offers no more actions
    page = facilitator_client.get(url).get_data(as_text=True)
    assert f'/needs/{ids[1]}"' in page and f"{url}/merge" not in page


@pytest.mark.parametrize("number", ["", "abc", "99999", "-1", "🙂", "1 OR 1=1", "x" * 50])
def test_choosing_a_wrong_number_is_explained(app, facilitator_client, demo, number):
    url = f"/manage/rounds/{demo['round_id']}/needs/{_first_id(app, demo)}"
    response = facilitator_client.get(url, query_string={"number": number})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="number-error"' in page and 'id="merge-preview"' not in page


def test_merging_into_itself_or_nonsense_changes_nothing(app, facilitator_client, demo):
    need_id = _first_id(app, demo)
    url = f"/manage/rounds/{demo['round_id']}/needs/{need_id}"
    for into in (need_id, "", "abc", 99999):
        response = submit(facilitator_client, url, {"into": into}, action=f"{url}/merge")
        assert response.status_code == 302 and response.location.endswith(url)
    with app.app_context():
        assert db.session.get(Need, need_id).status == NeedStatus.VISIBLE


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
