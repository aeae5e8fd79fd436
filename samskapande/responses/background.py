"""What a politician reads before answering: the subject's needs, their support and breadth,
and the meeting questions that became needs.

Breadth is the project's own (themes.services.support_by_theme): the distinct residents
who supported one of the theme's needs, counted per answer of the round's anonymous
profile questions (village, age band...). Counts only, never a person's answers; the
same figures the facilitator's workspace shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, QuestionVote
from samskapande.needs.models import Need, NeedStatus
from samskapande.needs.services import support_of
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme
from samskapande.themes.services import ThemeSupport, support_by_theme


@dataclass(frozen=True)
class Question:
    """A live question of a meeting that the facilitator made into a need."""

    need_id: int
    text: str
    meeting_title: str
    upvotes: int
    answered: bool


@dataclass
class Background:
    needs: list[tuple[Need, int]] = field(default_factory=list)  # (need, support), most first
    support: ThemeSupport | None = None  # the theme's votes, supporters and breadth
    questions: list[Question] = field(default_factory=list)
    question_labels: dict[str, str] = field(default_factory=dict)  # profile key -> label
    dots: bool = False  # support is counted in dots

    def question_of(self, need_id: int) -> Question | None:
        return next((q for q in self.questions if q.need_id == need_id), None)


def of(round_: Round, *, theme: Theme | None = None, need: Need | None = None) -> Background:
    """The background of a theme (all its visible needs) or of one need."""
    if theme is not None:
        needs = [link.need for link in theme.needs if link.need.status == NeedStatus.VISIBLE]
    else:
        needs = [need]
    support = support_of(n.id for n in needs)
    rows = sorted(((n, support.get(n.id, 0)) for n in needs), key=lambda r: (-r[1], r[0].id))
    return Background(
        needs=rows,
        support=support_by_theme(round_).get(theme.id, ThemeSupport()) if theme else None,
        questions=_questions(needs),
        question_labels={q.key: q.label for q in round_.profile_questions},
        dots=round_.voting_mode == "dots",
    )


def _questions(needs: list[Need]) -> list[Question]:
    by_message = {n.source_message_id: n for n in needs if n.source_message_id is not None}
    if not by_message:
        return []
    upvotes = dict(db.session.execute(
        select(QuestionVote.message_id, func.count(QuestionVote.id))
        .where(QuestionVote.message_id.in_(by_message)).group_by(QuestionVote.message_id)).all())
    rows = db.session.execute(
        select(Message, Meeting.title).join(Meeting, Meeting.id == Message.meeting_id)
        .where(Message.id.in_(by_message)).order_by(Meeting.id, Message.id)).all()
    return [Question(need_id=by_message[message.id].id, text=by_message[message.id].text,
                     meeting_title=title, upvotes=upvotes.get(message.id, 0),
                     answered=message.answered_at is not None)
            for message, title in rows]
