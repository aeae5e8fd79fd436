"""Merging needs is one change: its votes move and it is marked merged, or neither.

And merging never publishes a text that was not public: a hidden or pending duplicate
stays out of the need pages and the open-data export after it is merged.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.manage import services as manage
from samskapande.needs import services
from samskapande.needs.models import Need, NeedStatus
from samskapande.reports.opendata import export_data
from samskapande.rounds.services import join_round
from samskapande.voting import services as voting
from samskapande.voting.models import Vote
from tests.manage.conftest import facilitator
from tests.needs.helpers import ROUND, demo_round, join

SECRET = "Min granne på Storgatan 3 dricker för mycket"


def _needs_with_a_vote(app):
    """Two visible needs of the demo round; a resident supports the first. Their ids."""
    with app.app_context():
        round_ = demo_round()
        round_.voting_open = True
        duplicate, into = db.session.scalars(select(Need).where(
            Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE)
            .order_by(Need.id).limit(2)).all()
        with unit_of_work():
            voting.toggle_support(duplicate, join_round(round_, "Väljare"))
        return duplicate.id, into.id


def _fail(*_args, **_kwargs):
    raise RuntimeError("the second step failed")


@pytest.mark.parametrize("merge", [
    lambda duplicate, into: services.merge_needs(duplicate, into, facilitator()),
    lambda duplicate, into: manage.merge(duplicate, into, facilitator()),
], ids=["needs.merge_needs", "manage.merge"])
def test_a_merge_that_fails_in_its_second_step_moves_no_vote(app, demo, monkeypatch, merge):
    duplicate_id, into_id = _needs_with_a_vote(app)
    monkeypatch.setattr("samskapande.needs.services.record", _fail)  # after the votes moved
    with app.test_request_context(), pytest.raises(RuntimeError), unit_of_work():
        merge(db.session.get(Need, duplicate_id), db.session.get(Need, into_id))
    with app.app_context():
        votes = set(db.session.scalars(select(Vote.need_id).where(
            Vote.need_id.in_([duplicate_id, into_id]))))
        assert votes == {duplicate_id}
        assert db.session.get(Need, duplicate_id).status == NeedStatus.VISIBLE


def _merge_unpublished(app, status: str) -> tuple[int, int]:
    """A resident's need in `status` (hidden or pending), merged into a visible need."""
    with app.test_request_context():
        round_ = demo_round()
        into = db.session.scalar(select(Need).where(
            Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE).order_by(Need.id))
        with unit_of_work():
            author = join_round(round_, "Skribent")
            duplicate = services.submit_need(round_, author, SECRET)
            duplicate.status = status
            duplicate.hidden_reason = "Pekar ut en person" if status == NeedStatus.HIDDEN else None
        with unit_of_work():
            manage.merge(duplicate, into, facilitator())
        return duplicate.id, into.id


@pytest.mark.parametrize("status", [NeedStatus.HIDDEN, NeedStatus.PENDING])
def test_merging_a_need_that_was_not_public_keeps_its_text_unpublished(
        app, client, demo, status):
    duplicate_id, into_id = _merge_unpublished(app, status)
    join(client)
    page = client.get(f"{ROUND}/needs/{duplicate_id}")
    assert page.status_code == 404 and SECRET not in page.get_data(as_text=True)
    assert SECRET not in client.get(f"{ROUND}/needs").get_data(as_text=True)
    with app.test_request_context():
        needs = export_data(demo_round(), "needs")["needs"]
        assert SECRET not in str(needs)
        assert duplicate_id not in {row["id"] for row in needs}
        stored = db.session.get(Need, duplicate_id)
        assert (stored.status, stored.merged_into_id) == (NeedStatus.MERGED_HIDDEN, into_id)


def test_a_visible_duplicate_stays_public_as_merged(app, client, demo):
    duplicate_id, into_id = _needs_with_a_vote(app)
    with app.test_request_context(), unit_of_work():
        manage.merge(db.session.get(Need, duplicate_id), db.session.get(Need, into_id),
                     facilitator())
    assert client.get(f"{ROUND}/needs/{duplicate_id}").status_code == 200
    with app.test_request_context():
        rows = {row["id"]: row for row in export_data(demo_round(), "needs")["needs"]}
        assert rows[duplicate_id]["merged_into"] == into_id
