"""The permission grid for voting: who may vote (voter × action), and a refusal stores nothing.

Only a participant of the round, not erased, votes, and only while voting is open.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.areas.models import ModelArea
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.services import join_round
from samskapande.voting import services
from samskapande.voting.models import Vote
from tests.needs.helpers import demo_round

ACTIONS = {
    "support": ("support", lambda need, who: services.set_support(need, who, True)),
    "add_dot": ("dots", services.add_dot),
}
VOTERS = {"participant": True, "elsewhere": False, "erased": False, "voting_closed": False}


def _voter(round_: Round, kind: str) -> Participant:
    if kind == "elsewhere":
        other = Round(model_area=ModelArea(name="Ånge", slug="ange-rost"), code="ANGEROST",
                      title="Ånge", phase="collect", voting_open=True)
        db.session.add(other)
        db.session.commit()
        return join_round(other, "Främling")
    voter = join_round(round_, "Väljare")
    if kind == "erased":
        voter.erased_at = voter.created_at
    if kind == "voting_closed":  # and not open while needs are collected either
        round_.voting_open = round_.support_while_collecting = False
    db.session.commit()
    return voter


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(("kind", "allowed"), sorted(VOTERS.items()))
def test_voting_grid(rctx, demo, action, kind, allowed):
    mode, vote = ACTIONS[action]
    round_ = demo_round()
    round_.voting_open, round_.voting_mode = True, mode
    db.session.commit()
    need = db.session.scalar(select(Need).where(
        Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE).order_by(Need.id))
    voter = _voter(round_, kind)
    votes = db.session.scalar(select(func.count(Vote.id)))
    if allowed:
        assert vote(need, voter).my_dots == 1
    else:
        with pytest.raises(services.VoteError):
            vote(need, voter)
        assert not (db.session.new or db.session.dirty or db.session.deleted)
        db.session.expire_all()
        assert db.session.scalar(select(func.count(Vote.id))) == votes
        assert db.session.get(Participant, voter.id).dots_used == 0
