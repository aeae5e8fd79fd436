"""Questions asked in a round's meetings, made needs once the meetings are over.

A facilitator does it from the meeting's transcript or moderation page, or as the first
step of theme suggestions (themes.services); each question becomes a need once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core import swedish
from samskapande.extensions import db
from samskapande.live.common import LiveError
from samskapande.live.models import Meeting, Message, MessageKind, MessageStatus
from samskapande.manage.permissions import can_manage_round
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Round


def _open_questions(round_: Round):
    converted = select(Need.source_message_id).where(Need.source_message_id.is_not(None))
    return (select(Message).join(Meeting, Meeting.id == Message.meeting_id)
            .where(Meeting.round_id == round_.id, Message.kind == MessageKind.QUESTION,
                   Message.status == MessageStatus.VISIBLE, Message.id.not_in(converted)))


def has_open_questions(round_: Round) -> bool:
    """Whether the round's meetings have questions not yet made into needs."""
    return db.session.scalar(_open_questions(round_).with_only_columns(Message.id)
                             .limit(1)) is not None


def questions_to_needs(round_: Round, actor) -> int:
    """Make a need of every visible question asked in the round's meetings (once each)."""
    if not can_manage_round(actor, round_):
        raise LiveError(_l("You do not have access to this page"))
    questions = db.session.scalars(_open_questions(round_).order_by(Message.id)).all()
    for question in questions:
        need = Need(round_id=round_.id, participant_id=question.participant_id,
                    text=question.text, status=NeedStatus.VISIBLE,
                    search_terms=swedish.search_terms(question.text),
                    source_message_id=question.id)
        db.session.add(need)
        db.session.flush()
        record("need.from_question", need, actor=actor, round_id=round_.id,
               message=question.id)
    return len(questions)
