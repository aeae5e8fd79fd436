"""Support and dot voting, called directly: toggles, budgets, limits, closed voting."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.services import join_round
from samskapande.voting import services
from samskapande.voting.models import Vote
from tests.needs.helpers import demo_round


@pytest.fixture
def round_(rctx, demo):
    round_ = demo_round()
    round_.voting_open = True
    db.session.commit()
    return round_


@pytest.fixture
def needs(round_):
    return list(db.session.scalars(select(Need).where(Need.round_id == round_.id)
                                   .order_by(Need.id).limit(4)))


@pytest.fixture
def resident(round_):
    return join_round(round_, "Ahmed")


def dots_mode(round_, budget=5, per_need=2):
    round_.voting_mode = "dots"
    round_.dots_per_participant = budget
    round_.max_dots_per_need = per_need
    db.session.commit()


def test_support_toggles_on_and_off(round_, needs, resident):
    first = services.toggle_support(needs[0], resident)
    assert (first.my_dots, first.support, first.dots_left) == (1, 1, None)
    second = services.toggle_support(needs[0], resident)
    assert (second.my_dots, second.support) == (0, 0)
    assert services.my_votes(resident) == {}


def test_dots_stay_within_the_budget(round_, needs, resident):
    dots_mode(round_, budget=3, per_need=2)
    services.add_dot(needs[0], resident)
    services.add_dot(needs[0], resident)
    result = services.add_dot(needs[1], resident)
    assert result.dots_left == 0
    with pytest.raises(services.VoteError):
        services.add_dot(needs[2], resident)
    assert services.my_votes(resident) == {needs[0].id: 2, needs[1].id: 1}
    assert services.remove_dot(needs[0], resident).dots_left == 1


def test_at_most_the_rounds_limit_of_dots_on_one_need(round_, needs, resident):
    dots_mode(round_, budget=5, per_need=2)
    services.add_dot(needs[0], resident)
    services.add_dot(needs[0], resident)
    with pytest.raises(services.VoteError):
        services.add_dot(needs[0], resident)
    db.session.refresh(resident)
    assert resident.dots_used == 2


def test_removing_a_dot_that_was_never_given_changes_nothing(round_, needs, resident):
    dots_mode(round_)
    result = services.remove_dot(needs[0], resident)
    assert (result.my_dots, result.dots_left) == (0, 5)


def test_nobody_votes_while_voting_is_closed(round_, needs, resident):
    round_.voting_open = round_.support_while_collecting = False
    db.session.commit()
    with pytest.raises(services.VoteError) as refused:
        services.toggle_support(needs[0], resident)
    assert str(refused.value.message)
    assert db.session.scalar(select(func.count(Vote.id))) == 0


def test_the_wrong_kind_of_vote_is_refused(round_, needs, resident):
    with pytest.raises(services.VoteError):
        services.add_dot(needs[0], resident)
    dots_mode(round_)
    with pytest.raises(services.VoteError):
        services.toggle_support(needs[0], resident)
