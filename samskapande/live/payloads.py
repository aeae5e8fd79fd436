"""The public shape of posts, polls and meeting settings, for pages and real-time events.

Only public fields: never a participant id, e-mail or resume code (see docs/realtime.md).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.areas.models import Organisation
from samskapande.extensions import db
from samskapande.live.models import (
    Meeting,
    Message,
    Poll,
    PollAnswer,
    PollBallot,
    QuestionAnswer,
    QuestionVote,
)
from samskapande.rounds.models import Participant


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_author(user: User | None) -> dict:
    if user is None:
        return {"role": "official", "name": None, "title": "", "organisation": "", "party": ""}
    return {"role": user.role, "name": user.name, "title": user.title or "",
            "organisation": user.organisation.name if user.organisation else "",
            "party": user.party or ""}


def author_of(message: Message) -> dict:
    if message.user_id is not None:
        return user_author(db.session.get(User, message.user_id))
    participant = db.session.get(Participant, message.participant_id or 0)
    name = participant.display_name if participant is not None else None
    return {"role": "resident", "name": name or None, "title": "", "organisation": "",
            "party": ""}


def directed_to(message: Message) -> str | None:
    """To whom a question is put, as shown: a person with title and organisation, or a body."""
    if message.directed_user_id is not None:
        user = db.session.get(User, message.directed_user_id)
        if user is not None:
            details = ", ".join(x for x in (user.title, user.organisation.name
                                            if user.organisation else "") if x)
            return f"{user.name} ({details})" if details else user.name
    if message.directed_organisation_id is not None:
        organisation = db.session.get(Organisation, message.directed_organisation_id)
        if organisation is not None:
            return organisation.name
    return None


def vote_counts(message_ids) -> dict[int, int]:
    ids = list(message_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(QuestionVote.message_id, func.count(QuestionVote.id))
        .where(QuestionVote.message_id.in_(ids)).group_by(QuestionVote.message_id))
    return {message_id: int(count) for message_id, count in rows}


def answer_payload(answer: QuestionAnswer) -> dict:
    return {"id": answer.id, "text": answer.text,
            "author": user_author(db.session.get(User, answer.user_id or 0)),
            "created_at": _iso(answer.created_at)}


def answers_of(message_ids) -> dict[int, list[QuestionAnswer]]:
    """The written answers of many questions in one query, oldest first."""
    ids = list(message_ids)
    answers: dict[int, list[QuestionAnswer]] = {}
    if ids:
        for answer in db.session.scalars(
                select(QuestionAnswer).where(QuestionAnswer.message_id.in_(ids))
                .order_by(QuestionAnswer.created_at, QuestionAnswer.id)):
            answers.setdefault(answer.message_id, []).append(answer)
    return answers


def message_payload(message: Message, votes: int | None = None,
                    answers: list[QuestionAnswer] | None = None) -> dict:
    """A post as everyone sees it; a question with every written answer, oldest first
    (`answered` may be true with no written answer: it was answered aloud)."""
    if votes is None:
        votes = vote_counts([message.id]).get(message.id, 0)
    if answers is None:
        answers = message.answers
    return {
        "id": message.id, "kind": message.kind, "text": message.text,
        "created_at": _iso(message.created_at), "author": author_of(message),
        "directed_to": directed_to(message), "votes": votes, "pinned": bool(message.pinned),
        "spotlight": bool(message.spotlight), "answered": message.answered_at is not None,
        "answers": [answer_payload(a) for a in answers], "status": message.status,
    }


def poll_payload(poll: Poll) -> dict:
    counts = dict(db.session.execute(
        select(PollAnswer.option_id, func.count(PollAnswer.id))
        .where(PollAnswer.poll_id == poll.id).group_by(PollAnswer.option_id)).all())
    total = db.session.scalar(select(func.count(PollBallot.id))
                              .where(PollBallot.poll_id == poll.id)) or 0
    return {
        "id": poll.id, "question": poll.question, "kind": poll.kind, "status": poll.status,
        "options": [{"id": o.id, "label": o.label, "count": int(counts.get(o.id, 0))}
                    for o in poll.options],
        "total": int(total),
    }


def meeting_payload(meeting: Meeting) -> dict:
    return {"chat_open": bool(meeting.chat_open),
            "slow_mode_seconds": int(meeting.slow_mode_seconds),
            "moderation": str(meeting.moderation)}


ROLE_LABELS = {
    "resident": lambda: _("Resident"),
    "official": lambda: _("Official"),
    "politician": lambda: _("Politician"),
    "facilitator": lambda: _("Facilitator"),
    "admin": lambda: _("Facilitator"),
}


def speaker_parts(author: dict) -> tuple[str, str]:
    """(role label, details): "Politiker", "Karin Fjällström, C, Region Västernorrland"."""
    role = author.get("role", "resident")
    label = ROLE_LABELS.get(role, ROLE_LABELS["official"])()
    parts = [author.get("name") or ""]
    if role == "politician":
        parts += [author.get("party") or "", author.get("organisation") or ""]
    elif role == "official":
        parts += [author.get("title") or "", author.get("organisation") or ""]
    return label, ", ".join(p for p in parts if p)


def speaker(author: dict) -> str:
    """Who speaks, in one line: "Invånare: Gunnel", "Politiker: Karin Fjällström, C, …"."""
    label, details = speaker_parts(author)
    return f"{label}: {details}" if details else label
