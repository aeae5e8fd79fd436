"""The rules for needs, called directly: submitting, similar needs, browsing."""

from __future__ import annotations

import uuid

import pytest

from samskapande.extensions import db
from samskapande.needs import services
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.services import join_round
from tests.manage.conftest import facilitator
from tests.needs.helpers import BUS_NEED, demo_round


@pytest.fixture
def round_(rctx, demo):
    return demo_round()


@pytest.fixture
def resident(round_):
    return join_round(round_, "Gunnel")


def test_the_same_submission_key_twice_stores_one_need(round_, resident):
    key = uuid.uuid4().hex
    first = services.submit_need(round_, resident, "Fler bussturer", submission_key=key)
    second = services.submit_need(round_, resident, "Fler bussturer", submission_key=key)
    assert first.id == second.id
    assert db.session.query(Need).filter_by(submission_key=key).count() == 1


def test_pre_moderation_keeps_a_need_out_of_the_list_until_approved(round_, resident):
    round_.moderation = "pre"
    db.session.commit()
    need = services.submit_need(round_, resident, "Ett äldreboende i byn")
    assert need.status == NeedStatus.PENDING
    listed = {n.id for n, _ in services.list_needs(round_, per_page=100).items}
    assert need.id not in listed
    services.approve_need(need, actor=facilitator())
    listed = {n.id for n, _ in services.list_needs(round_, per_page=100).items}
    assert need.id in listed


def test_a_need_cannot_be_submitted_outside_the_collect_phase(round_, resident):
    round_.phase = "vote"
    db.session.commit()
    with pytest.raises(services.NeedError):
        services.submit_need(round_, resident, "Något")


def test_similar_needs_find_the_bus_to_the_health_centre(round_):
    similar = services.similar_needs(round_, BUS_NEED)
    assert 1 <= len(similar) <= 5
    texts = [n.text for n in similar[:2]]
    assert any(t.startswith("Bussen till vårdcentralen") for t in texts)
    assert any(t.startswith("Jag har ingen bil längre") for t in texts)


def test_similar_needs_are_empty_for_unrelated_words(round_):
    assert services.similar_needs(round_, "xyzzy qwerty") == []


@pytest.mark.parametrize("query, word", [("vårdcentral", "vårdcentralen"),
                                         ("vårdcentralen", "vårdcentral")])
def test_search_understands_swedish_word_forms(round_, resident, query, word):
    need = services.submit_need(round_, resident, f"Öppna {word} på lördagar")
    found = {n.id for n, _ in services.list_needs(round_, query=query, per_page=100).items}
    assert need.id in found
    other = services.list_needs(round_, query="tandvårdsbuss", per_page=100)
    assert need.id not in {n.id for n, _ in other.items}


def test_random_order_is_stable_for_one_participant_and_differs_between_two(round_):
    gunnel, ahmed = join_round(round_, "Gunnel"), join_round(round_, "Ahmed")

    def order(who):
        return [n.id for n, _ in services.list_needs(round_, sort="random", participant=who,
                                                    per_page=100).items]

    assert order(gunnel) == order(gunnel)
    assert sorted(order(gunnel)) == sorted(order(ahmed))
    assert order(gunnel) != order(ahmed)


def test_pages_cover_every_need_once(round_):
    first = services.list_needs(round_, sort="newest", per_page=12, page=1)
    rest = [services.list_needs(round_, sort="newest", per_page=12, page=p) for p in (2, 3)]
    ids = [n.id for page in [first, *rest] for n, _ in page.items]
    assert first.total == 30 and first.pages == 3
    assert len(ids) == len(set(ids)) == 30
    assert services.list_needs(round_, per_page=12, page=99).page == 3  # past the end: last


def test_filters_by_category_and_goal(round_):
    transport = next(c for c in round_.model_area.categories if c.key == "transport")
    needs = services.list_needs(round_, category_id=transport.id, per_page=100).items
    assert needs and all(n.category_id == transport.id for n, _ in needs)
    goal = round_.model_area.goals[0]
    needs = services.list_needs(round_, goal_id=goal.id, per_page=100).items
    assert needs and all(n.goal_id == goal.id for n, _ in needs)
