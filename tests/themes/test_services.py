"""Suggesting and curating themes: the facilitator stays in charge of what she sorted."""

import random

import pytest
from sqlalchemy import select

from samskapande.areas.models import Goal, GoalStatus
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.themes import services
from samskapande.themes.models import RunStatus, Theme, ThemeNeed, ThemeStatus


def placement(round_) -> dict[int, int]:
    """need id -> theme id."""
    return dict(db.session.execute(
        select(ThemeNeed.need_id, ThemeNeed.theme_id).join(Theme)
        .where(Theme.round_id == round_.id)).all())


def test_suggestions_place_every_need_once(round_, maria):
    run = services.start_suggestions(round_, maria)
    assert run.status == RunStatus.DONE and run.progress == 100
    themes = services.themes_of(round_)
    assert 2 <= len(themes) <= 12
    assert set(placement(round_)) == {n.id for n in services.eligible_needs(round_)}
    assert all(t.status == ThemeStatus.SUGGESTED and t.title for t in themes)
    assert all(len(t.representative_ids) >= 1 for t in themes)


def test_a_chosen_number_of_themes_is_respected(round_, maria):
    services.start_suggestions(round_, maria, k=4)
    assert len(services.themes_of(round_)) == 4


def test_suggesting_again_keeps_curated_themes_and_their_needs(round_, maria):
    services.start_suggestions(round_, maria)
    kept = services.themes_of(round_)[0]
    services.rename(kept, maria, "Resor till vården", "Bussar och färdtjänst")
    kept_needs = {link.need_id for link in kept.needs}
    outside = services.themes_of(round_)[1].needs[0].need
    services.mark_out_of_scope(outside, maria, "Gäller tandvården, som inte ingår")

    services.start_suggestions(round_, maria)
    again = db.session.get(Theme, kept.id)
    assert again.title == "Resor till vården" and again.status == ThemeStatus.CHANGED
    assert {link.need_id for link in again.needs} == kept_needs
    assert outside.id not in placement(round_)
    assert db.session.get(Need, outside.id).out_of_scope_reason


def test_any_sequence_of_curation_keeps_every_need_in_one_place(round_, maria):
    services.start_suggestions(round_, maria, k=5)
    rng = random.Random(3)
    for step in range(60):
        themes = services.themes_of(round_)
        needs = services.eligible_needs(round_) + services.out_of_scope_needs(round_)
        op = rng.choice(["move", "merge", "split", "scope", "rename", "create"])
        try:
            with unit_of_work():  # each action is one unit, as a request is
                if op == "move":
                    services.move_need(rng.choice(needs), rng.choice(themes), maria)
                elif op == "merge" and len(themes) > 2:
                    a, b = rng.sample(themes, 2)
                    services.merge(a, b, maria)
                elif op == "split":
                    theme = rng.choice(themes)
                    ids = [link.need_id for link in theme.needs][:2]
                    services.split(theme, ids, maria, f"Del {step}")
                elif op == "scope":
                    services.mark_out_of_scope(rng.choice(needs), maria, "Utanför")
                elif op == "rename":
                    services.rename(rng.choice(themes), maria, f"Tema {step}", "")
                else:
                    services.create_theme(round_, maria, f"Nytt {step}")
        except services.ThemeError:
            pass  # refused before anything changed
        assert services.check_invariant(round_) == []
        placed = placement(round_)
        out = {n.id for n in services.out_of_scope_needs(round_)}
        assert not set(placed) & out
        assert set(placed) | out == {n.id for n in services.eligible_needs(round_)} | out


def test_large_rounds_run_in_the_background_with_progress(app, round_, maria, monkeypatch):
    monkeypatch.setattr(services, "BACKGROUND_FROM", 5)
    with unit_of_work():  # the worker starts once the run is committed
        run = services.start_suggestions(round_, maria)
    run_id = run.id
    import time

    deadline = time.monotonic() + 30
    while True:
        db.session.expire_all()
        run = services.latest_run(round_)
        if run.status != RunStatus.RUNNING or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert run.id == run_id and run.status == RunStatus.DONE and run.progress == 100
    assert services.themes_of(round_)


def test_goals_link_with_a_rationale_and_new_ones_are_proposals(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    goal = round_.model_area.goals[0]
    services.link_goal(theme, goal, maria, "Kortare resor ger närhet")
    links = [(g.goal_id, g.rationale) for g in theme.goals]
    assert links == [(goal.id, "Kortare resor ger närhet")]
    proposed = services.propose_goal(round_, maria, "Trygg digital vård", "Uppkoppling i byarna")
    assert db.session.get(Goal, proposed.id).status == GoalStatus.PROPOSED


def test_publishing_shows_only_accepted_themes(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    with pytest.raises(services.ThemeError):
        services.publish(round_, maria)
    first = services.themes_of(round_)[0]
    services.accept(first, maria)
    services.publish(round_, maria, machine_titles_confirmed=[first.id])
    assert services.published_themes(round_) == [first]


def test_support_counts_votes_supporters_and_breadth(round_, maria):
    from samskapande.rounds.services import join_round
    from samskapande.voting.services import toggle_support

    services.start_suggestions(round_, maria, k=3)
    round_.voting_open = True
    db.session.commit()
    theme = services.themes_of(round_)[0]
    need = theme.needs[0].need
    people = [join_round(round_, None, {"village": v}) for v in ("Ramsele", "Junsele")]
    for person in people:
        toggle_support(need, person)
    support = services.support_by_theme(round_)[theme.id]
    assert support.votes == 2 and support.supporters == 2
    assert support.breadth["village"] == {"Ramsele": 1, "Junsele": 1}


def test_a_meetings_questions_can_join_the_suggestions_once(round_, maria):
    from samskapande.live.models import Meeting, Message

    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))
    participant = round_.model_area and db.session.scalar(
        select(Need.participant_id).where(Need.round_id == round_.id).limit(1))
    for text in ("Varför går bussen till vårdcentralen så sällan?",
                 "Kan hemtjänsten skicka samma personal varje dag?"):
        db.session.add(Message(meeting_id=meeting.id, participant_id=participant,
                               kind="question", text=text))
    db.session.add(Message(meeting_id=meeting.id, participant_id=participant,
                           kind="message", text="Tack för kaffet!"))
    db.session.commit()
    before = len(services.eligible_needs(round_))
    assert services.has_open_questions(round_)
    services.start_suggestions(round_, maria, include_questions=True)
    services.start_suggestions(round_, maria, include_questions=True)
    assert len(services.eligible_needs(round_)) == before + 2
    assert not services.has_open_questions(round_)
    from_questions = db.session.scalars(
        select(Need).where(Need.source_message_id.is_not(None))).all()
    assert all(n.id in placement(round_) for n in from_questions)
