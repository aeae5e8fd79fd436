"""Finding rounds by code, joining them, and remembering who is taking part on this device."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from samskapande.accounts.models import Role, User
from samskapande.areas.models import ModelArea, model_area_organisation
from samskapande.core.database import insert_ignoring_conflict
from samskapande.core.identity import forget_participation, identity, remember_participation
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.rounds.models import Participant, ProfileAnswer, Round, Ticket

# No 0/O, 1/I/L: codes are read aloud, printed and typed on small screens.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RESUME_CODE_LENGTH = 8


def normalise_code(text: str) -> str:
    """Upper-case a typed code and drop accents, spaces and dashes: "Näsåker" -> "NASAKER"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]", "", ascii_only).upper()


def format_resume_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def new_resume_code() -> str:
    return format_resume_code(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    )


def find_round(code: str) -> Round | None:
    normalised = normalise_code(code)
    if not normalised:
        return None
    return db.session.scalar(select(Round).where(Round.code == normalised))


class JoinError(Refusal):
    """Joining was refused (in ticket mode: no valid, unused ticket); the message is translated."""


def join_round(round_: Round, display_name: str | None,
               profile: dict[str, str] | None = None,
               ticket_code: str | None = None) -> Participant:
    """Create a pseudonymous participant of the round, with a fresh personal resume code.

    In ticket mode a valid, unused one-time ticket code is needed, and it is used up: it
    is claimed first, so a ticket two people type at once lets one of them in and refuses
    the other before anything of theirs is stored.
    """
    ticket = _claim_ticket(round_, ticket_code or "") if round_.ticket_mode else None
    participant = Participant(
        round_id=round_.id,
        display_name=display_name or None,
        resume_code=unused_resume_code(),
        last_seen_at=utcnow(),
        locale=current_locale(),
    )
    _add_profile_answers(participant, round_, profile or {})
    db.session.add(participant)
    db.session.flush()
    if ticket is not None:
        _give_ticket(ticket.id, participant.id)
    return participant


def _add_profile_answers(participant: Participant, round_: Round, answers: dict) -> None:
    """Keep the answers that are one of their question's options; ignore anything else."""
    for question in round_.profile_questions:
        value = answers.get(question.key)
        if value and value in question.options:
            participant.profile_answers.append(ProfileAnswer(question=question, value=value))


def unused_resume_code() -> str:
    """A fresh personal code that no participant has (checked before it is used)."""
    for _attempt in range(5):
        code = new_resume_code()
        if db.session.scalar(select(Participant.id).where(Participant.resume_code == code)) \
                is None:
            return code
    raise RuntimeError("could not draw a unique resume code")


def current_locale() -> str:
    """The visitor's interface language, kept for the e-mail we may send them later."""
    if has_request_context():
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# A visit ends after this long without a look at one's own page.
VISIT_GAP = timedelta(minutes=30)


def note_visit(participant: Participant) -> datetime:
    """Record a look at one's page; return when the previous visit ended.

    A look more than VISIT_GAP after the last one starts a new visit, and the end of the
    old one becomes `previous_seen_at`. Looks within a visit keep it, so reloading the
    page does not hide what was new when the visit began.
    """
    now = utcnow()
    last = participant.last_seen_at
    if last is None or now - last > VISIT_GAP:
        participant.previous_seen_at = last
    participant.last_seen_at = now
    db.session.flush()
    return participant.previous_seen_at or participant.created_at


def _find_ticket(round_: Round, code: str) -> Ticket | None:
    raw = normalise_code(code)
    if len(raw) != RESUME_CODE_LENGTH:
        return None
    return db.session.scalar(
        select(Ticket).where(Ticket.round_id == round_.id, Ticket.code == format_resume_code(raw))
    )


def _claim_ticket(round_: Round, code: str) -> Ticket:
    """Use up the round's ticket with this code, or refuse: unknown, or already used.

    The conditional UPDATE is the check: of two requests with the same ticket only one
    changes the row, and the other is refused without having changed anything.
    """
    ticket = _find_ticket(round_, code)
    if ticket is None:
        raise JoinError(_l("That ticket code is not valid for this round."))
    result = db.session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.used_at.is_(None))
        .values(used_at=utcnow()),
    )
    if result.rowcount != 1:
        raise JoinError(_l("That ticket code has already been used."))
    return ticket


def _give_ticket(ticket_id: int, participant_id: int) -> None:
    """Note who joined with the ticket just claimed."""
    db.session.execute(
        update(Ticket).where(Ticket.id == ticket_id).values(participant_id=participant_id))


def create_tickets(round_: Round, count: int) -> list[Ticket]:
    """Draw `count` new one-time ticket codes for the round's printed sheet.

    A code that exists already (drawn by another round, or another request at the same
    moment) is skipped without an error, and another one drawn.
    """
    codes: list[str] = []
    while len(codes) < count:
        code = new_resume_code()
        if insert_ignoring_conflict(db.session, Ticket.__table__, round_id=round_.id, code=code):
            codes.append(code)
    tickets = {t.code: t for t in db.session.scalars(select(Ticket).where(Ticket.code.in_(codes)))}
    return [tickets[code] for code in codes]


def find_participant_by_resume_code(code: str) -> Participant | None:
    raw = normalise_code(code)
    if len(raw) != RESUME_CODE_LENGTH:
        return None
    return db.session.scalar(
        select(Participant).where(
            Participant.resume_code == format_resume_code(raw),
            Participant.erased_at.is_(None),
        )
    )


def remember(participant: Participant) -> None:
    """Remember on this device that the visitor takes part in the participant's round."""
    remember_participation(participant.round_id, participant.id)


def forget(round_: Round) -> None:
    """Forget on this device the visitor's participation in the round."""
    forget_participation(round_.id)


def current_participant(round_: Round) -> Participant | None:
    """The participant this visitor is in the round (read via `core.identity`), if any.

    A remembered participant that was erased, or belongs to another round, is forgotten.
    """
    participant_id = identity().participant_id(round_.id)
    if participant_id is None:
        return None
    participant = db.session.get(Participant, participant_id)
    if (participant is None or participant.erased_at is not None
            or participant.round_id != round_.id):
        forget(round_)
        return None
    return participant


def rounds_for_staff(user: User) -> list[Round]:
    """The rounds a staff member works with: all for admins, their model areas' otherwise.

    Facilitators see only the model areas they are assigned to; officials and
    politicians also those their organisation takes part in.
    """
    query = select(Round).order_by(Round.created_at.desc())
    if user.role != Role.ADMIN:
        area_ids = {area.id for area in user.model_areas}
        conditions = [Round.model_area_id.in_(area_ids)] if area_ids else []
        if user.organisation_id is not None and user.role != Role.FACILITATOR:
            conditions.append(
                Round.model_area_id.in_(
                    select(model_area_organisation.c.model_area_id).where(
                        model_area_organisation.c.organisation_id == user.organisation_id
                    )
                )
            )
        if not conditions:
            return []
        query = query.join(ModelArea).where(or_(*conditions))
    return list(db.session.scalars(query))


# -- the participant's own page ------------------------------------------------------------

def set_display_name(participant: Participant, display_name: str | None) -> None:
    """Change (or clear, for anonymity) the name shown with what the participant writes."""
    participant.display_name = display_name or None
    db.session.flush()
