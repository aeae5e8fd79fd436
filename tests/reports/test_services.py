"""The rules behind the report and the open data, called directly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import db
from samskapande.needs.models import NeedStatus
from samskapande.reports import opendata, services
from samskapande.rounds.models import Participant
from samskapande.themes import services as themes
from tests.conftest import create_staff
from tests.reports import helpers


@pytest.fixture
def round_(app, ctx, demo):
    return helpers.demo_round()


def test_a_draft_is_for_the_rounds_staff_and_publishing_opens_it_to_all(app, round_):
    helpers.curate(round_, publish=False)
    users = {role: db.session.get(User, create_staff(app, role)["id"])
             for role in ("admin", "facilitator", "official", "politician")}
    maria = helpers.facilitator()
    assert services.access(round_, None) is None
    assert services.access(round_, maria) == services.DRAFT
    assert services.access(round_, users["admin"]) == services.DRAFT
    # a facilitator of no model area, an official and a politician run no rounds here
    for role in ("facilitator", "official", "politician"):
        assert services.access(round_, users[role]) is None

    themes.publish(round_, maria, themes.publish_plan(round_).machine_titled_ids)
    db.session.commit()
    assert services.access(round_, None) == services.PUBLISHED
    assert all(services.access(round_, user) == services.PUBLISHED for user in users.values())


def test_only_accepted_themes_are_reported_in_priority_order(round_):
    helpers.vote(round_)
    ids = helpers.curate(round_)
    ranked = services.prioritised(round_)
    assert [t.id for t, _ in ranked] != [] and ids["unaccepted"] not in {t.id for t, _ in ranked}
    assert {t.id for t, _ in ranked} == set(ids["accepted"])
    keys = [(-s.votes, -s.supporters) for _, s in ranked]
    assert keys == sorted(keys)
    assert sum(s.votes for _, s in ranked) > 0


def test_the_report_counts_who_took_part(round_):
    helpers.vote(round_)
    helpers.curate(round_)
    report = services.build_report(round_)
    people = db.session.scalars(select(Participant).where(Participant.round_id == round_.id))
    people = list(people)
    counts = report.participation
    assert counts.participants == len(people) == 16
    assert counts.needs == 30 and counts.supporters == 16 and counts.votes > 0
    village = next(q for q in counts.breadth if q.key == "village")
    assert dict(village.answers)["Näsåker"] == 6
    assert sum(n for _, n in village.answers) + village.unanswered == 16
    assert [a for a, _ in village.answers][:2] == ["Näsåker", "Ramsele"]  # the options' order


def test_an_erased_participant_is_no_longer_counted(round_):
    helpers.curate(round_)
    person = db.session.scalar(select(Participant).where(Participant.round_id == round_.id))
    person.erased_at = person.created_at
    db.session.commit()
    counts = services.participation(round_)
    assert counts.participants == 15
    assert all(sum(n for _, n in q.answers) + q.unanswered == 15 for q in counts.breadth)


def test_the_report_has_each_themes_goals_needs_and_breadth(round_):
    helpers.vote(round_)
    ids = helpers.curate(round_)
    report = services.build_report(round_)
    assert not report.draft and report.first_day <= report.last_day
    by_id = {entry.theme.id: entry for entry in report.themes}
    for theme_id, goal_ids in ids["links"].items():
        assert [link.goal.id for link in by_id[theme_id].goals] == goal_ids
    proposal = next(link for e in report.themes for link in e.goals if link.proposed)
    assert proposal.goal.id == ids["proposal"]
    for entry in report.themes:
        assert all(item.need.status == NeedStatus.VISIBLE for item in entry.needs)
        supports = [item.support.votes for item in entry.needs]
        assert supports == sorted(supports, reverse=True)
        if entry.support.supporters:
            assert all(sum(n for _, n in q.answers) <= entry.support.supporters
                       for q in entry.breadth)
    assert [n.id for n in report.outside_scope] == [ids["outside"]]
    assert report.outside_scope[0].out_of_scope_reason == helpers.OUT_OF_SCOPE_REASON


def test_a_hidden_need_outside_the_scope_is_not_reported(round_):
    ids = helpers.curate(round_)
    need = db.session.get(themes.Need, ids["outside"])
    need.status = NeedStatus.HIDDEN
    db.session.commit()
    assert services.outside_scope(round_) == []
    exported = opendata.export_data(round_, "needs")["needs"]
    assert ids["outside"] not in {row["id"] for row in exported}


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+46 70", "'+46 70"), ("-Bussen", "'-Bussen"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Bussen = bra", "Bussen = bra"), ("", ""),
    (None, ""), (3, 3), (0, 0), ("'=1", "'=1"), ("ٱلسلام", "ٱلسلام"), ("🙂=", "🙂="),
])
def test_a_cell_a_spreadsheet_would_run_is_made_text(value, cell):
    assert opendata.safe_cell(value) == cell


def test_the_file_name_says_the_round_and_whether_it_is_a_draft(round_):
    assert opendata.filename(round_, "needs", "csv") == "nasaker-needs-draft.csv"
    helpers.curate(round_)
    assert opendata.filename(round_, "themes", "json") == "nasaker-themes.json"


def test_each_dataset_has_a_valid_schema():
    from jsonschema import Draft202012Validator

    for dataset in opendata.DATASETS:
        Draft202012Validator.check_schema(opendata.schema(dataset))
