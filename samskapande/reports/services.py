"""What a round gives back: its printable report and the model area's page (the open
data is in reports.opendata).

Everything here is either public text (needs, themes, goals) or counts. Nothing carries a
name, an e-mail address, a resume code, a participant id or one person's profile answers:
breadth is only ever a count of people per answer, and each count also comes in its
public form (core.small_numbers: "fewer than 5", and nothing a total could give back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from samskapande.areas.models import Goal, GoalStatus, ModelArea
from samskapande.core.small_numbers import Count, protect
from samskapande.extensions import db
from samskapande.manage.permissions import can_manage_round
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.aggregates import add_retained_breadth
from samskapande.rounds.models import Participant, ProfileAnswer, ProfileQuestion, Round
from samskapande.themes.models import Theme, ThemeStatus
from samskapande.themes.services import (
    ThemeSupport,
    published_themes,
    support_by_theme,
    themes_of,
)
from samskapande.voting.models import Vote

PUBLISHED = "published"
DRAFT = "draft"


# -- who may see what ----------------------------------------------------------------------

def access(round_: Round, user) -> str | None:
    """PUBLISHED for everyone once the themes are out; DRAFT for the round's staff before."""
    if round_.themes_published_at is not None:
        return PUBLISHED
    if can_manage_round(user, round_):
        return DRAFT
    return None


def reported_themes(round_: Round) -> list[Theme]:
    """The published themes; before publishing, the accepted ones publishing would show."""
    if round_.themes_published_at is not None:
        return published_themes(round_)
    return [t for t in themes_of(round_) if t.status == ThemeStatus.ACCEPTED]


# -- counts --------------------------------------------------------------------------------

@dataclass
class QuestionBreadth:
    """How many people gave each answer to one profile question."""

    key: str
    label: str
    answers: list[tuple[str, int]]
    unanswered: int = 0
    # The public form of the counts, in the same order as `answers` (set by _protect).
    cells: list[Count] = field(default_factory=list)
    unanswered_cell: Count = Count(0)

    @property
    def public_answers(self) -> list[tuple[str, Count]]:
        return [(answer, cell) for (answer, _n), cell in zip(self.answers, self.cells,
                                                             strict=True)]

    @property
    def withheld(self) -> bool:
        return any(not c.shown for c in self.cells) or not self.unanswered_cell.shown


def _protect(question: QuestionBreadth, total: int) -> Count:
    """Set the question's public counts; returns the total's public form."""
    cells, total_cell = protect([n for _a, n in question.answers] + [question.unanswered],
                                total)
    question.cells, question.unanswered_cell = cells[:-1], cells[-1]
    return total_cell


@dataclass
class Participation:
    participants: int
    needs: int
    supporters: int
    votes: int
    breadth: list[QuestionBreadth]
    participants_cell: Count = Count(0)

    @property
    def withheld(self) -> bool:
        return not self.participants_cell.shown or any(q.withheld for q in self.breadth)


@dataclass
class NeedSupport:
    votes: int = 0  # supports, or dots in dot voting
    supporters: int = 0  # distinct participants


def need_support(round_: Round) -> dict[int, NeedSupport]:
    rows = db.session.execute(
        select(Vote.need_id, func.sum(Vote.dots), func.count(func.distinct(Vote.participant_id)))
        .where(Vote.round_id == round_.id).group_by(Vote.need_id))
    return {need_id: NeedSupport(int(votes), int(people)) for need_id, votes, people in rows}


def _ordered_answers(question: ProfileQuestion, counts: dict[str, int],
                     with_zeros: bool) -> list[tuple[str, int]]:
    """The question's options in their order, then answers no longer among its options."""
    answers = [(option, counts.get(option, 0)) for option in question.options]
    answers += [(value, n) for value, n in sorted(counts.items())
                if value not in question.options]
    return [(value, n) for value, n in answers if with_zeros or n]


def participation(round_: Round) -> Participation:
    """Who took part, as counts: people, needs, supporters, and answers per profile question."""
    present = (Participant.round_id == round_.id, Participant.erased_at.is_(None))
    participants = db.session.scalar(select(func.count(Participant.id)).where(*present)) or 0
    needs = db.session.scalar(select(func.count(Need.id)).where(
        Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE)) or 0
    votes, supporters = db.session.execute(
        select(func.coalesce(func.sum(Vote.dots), 0),
               func.count(func.distinct(Vote.participant_id)))
        .where(Vote.round_id == round_.id)).one()
    per_question: dict[int, dict[str, int]] = {q.id: {} for q in round_.profile_questions}
    for question_id, value, n in db.session.execute(
        select(ProfileAnswer.question_id, ProfileAnswer.value, func.count(ProfileAnswer.id))
        .join(Participant).where(*present).group_by(ProfileAnswer.question_id, ProfileAnswer.value)
    ):
        if question_id in per_question:
            per_question[question_id][value] = n
    add_retained_breadth(round_.id, per_question)  # answers purged after closing still count
    breadth = []
    for question in round_.profile_questions:
        counts = per_question[question.id]
        breadth.append(QuestionBreadth(
            question.key, question.label, _ordered_answers(question, counts, with_zeros=True),
            unanswered=max(0, participants - sum(counts.values()))))
    # Every question splits the same participants: the total is withheld if any needs it.
    total_cells = [_protect(question, participants) for question in breadth]
    participants_cell = next((c for c in total_cells if not c.shown), Count(participants))
    return Participation(participants, needs, int(supporters), int(votes), breadth,
                         participants_cell)


def theme_breadth(round_: Round, support: ThemeSupport) -> tuple[list[QuestionBreadth], Count]:
    """Who supported the theme per question, protected against its supporters' total."""
    questions = []
    for q in round_.profile_questions:
        counts = support.breadth.get(q.key)
        if counts:
            questions.append(QuestionBreadth(
                q.key, q.label, _ordered_answers(q, counts, with_zeros=False),
                unanswered=max(0, support.supporters - sum(counts.values()))))
    total_cells = [_protect(question, support.supporters) for question in questions]
    return questions, next((c for c in total_cells if not c.shown), Count(support.supporters))


# -- the report ----------------------------------------------------------------------------

@dataclass
class NeedEntry:
    need: Need
    support: NeedSupport


@dataclass
class GoalLink:
    goal: Goal
    rationale: str

    @property
    def proposed(self) -> bool:
        return self.goal.status == GoalStatus.PROPOSED


@dataclass
class ThemeEntry:
    theme: Theme
    rank: int
    support: ThemeSupport
    breadth: list[QuestionBreadth]
    goals: list[GoalLink]
    needs: list[NeedEntry]
    supporters_cell: Count = Count(0)


@dataclass
class Report:
    round: Round
    draft: bool
    participation: Participation
    themes: list[ThemeEntry]
    outside_scope: list[Need]
    first_day: date | None = None
    last_day: date | None = None
    voting_mode: str = ""

    @property
    def withheld(self) -> bool:
        """Whether the public sees any count withheld (the staff's exact view is marked)."""
        return self.participation.withheld or any(
            not e.supporters_cell.shown or any(q.withheld for q in e.breadth)
            for e in self.themes)


def goal_order(goal: Goal) -> tuple:
    return (goal.status != GoalStatus.ADOPTED, goal.position, goal.id)


def prioritised(round_: Round) -> list[tuple[Theme, ThemeSupport]]:
    """The reported themes by votes, then distinct supporters, then the facilitator's order."""
    support = support_by_theme(round_)
    pairs = [(t, support.get(t.id, ThemeSupport())) for t in reported_themes(round_)]
    return sorted(pairs, key=lambda p: (-p[1].votes, -p[1].supporters, p[0].position, p[0].id))


def prefetch_needs(round_: Round) -> None:
    """Load the round's needs in one query, so that each theme's needs come from the session
    instead of one query per need (rounds may have thousands)."""
    db.session.scalars(select(Need).where(Need.round_id == round_.id)).all()


def build_report(round_: Round) -> Report:
    prefetch_needs(round_)
    by_need = need_support(round_)
    entries = []
    for rank, (theme, support) in enumerate(prioritised(round_), start=1):
        needs = [NeedEntry(link.need, by_need.get(link.need_id, NeedSupport()))
                 for link in theme.needs if link.need.status == NeedStatus.VISIBLE]
        needs.sort(key=lambda e: (-e.support.votes, -e.support.supporters, e.need.id))
        goals = sorted((GoalLink(link.goal, link.rationale) for link in theme.goals),
                       key=lambda g: goal_order(g.goal))
        breadth, supporters_cell = theme_breadth(round_, support)
        entries.append(ThemeEntry(theme, rank, support, breadth, goals, needs, supporters_cell))
    days = [d for step in round_.schedule for d in (step.starts_on, step.ends_on) if d]
    return Report(
        round=round_, draft=round_.themes_published_at is None,
        participation=participation(round_), themes=entries,
        outside_scope=outside_scope(round_),
        first_day=min(days) if days else None, last_day=max(days) if days else None,
        voting_mode=round_.voting_mode,
    )


def outside_scope(round_: Round) -> list[Need]:
    """Public needs the facilitator marked outside the round's scope, with her reason."""
    return list(db.session.scalars(
        select(Need).where(Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE,
                           Need.out_of_scope_reason.is_not(None)).order_by(Need.id)))


# -- the model area's page -----------------------------------------------------------------

@dataclass
class FedTheme:
    theme: Theme
    round: Round
    rationale: str


@dataclass
class GoalEntry:
    goal: Goal
    themes: list[FedTheme]

    @property
    def proposed(self) -> bool:
        return self.goal.status == GoalStatus.PROPOSED


@dataclass
class AreaOverview:
    area: ModelArea
    goals: list[GoalEntry]
    rounds: list[Round]

    @property
    def adopted(self) -> list[GoalEntry]:
        return [g for g in self.goals if not g.proposed]

    @property
    def proposals(self) -> list[GoalEntry]:
        return [g for g in self.goals if g.proposed]


def find_area(slug: str) -> ModelArea | None:
    return db.session.scalar(select(ModelArea).where(ModelArea.slug == slug))


def area_overview(area: ModelArea) -> AreaOverview:
    """Each goal of the målbild (adopted first) with the published themes that feed it."""
    rounds = list(db.session.scalars(
        select(Round).where(Round.model_area_id == area.id,
                            Round.themes_published_at.is_not(None))
        .order_by(Round.themes_published_at.desc(), Round.id.desc())))
    fed: dict[int, list[FedTheme]] = {}
    for round_ in rounds:
        for theme, _support in prioritised(round_):
            for link in theme.goals:
                fed.setdefault(link.goal_id, []).append(FedTheme(theme, round_, link.rationale))
    goals = sorted(area.goals, key=goal_order)
    return AreaOverview(area, [GoalEntry(g, fed.get(g.id, [])) for g in goals], rounds)
