"""Finding rounds by code, joining them, and remembering who is taking part on this device."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from samskapande.accounts.models import Role, User
from samskapande.areas.models import ModelArea, model_area_organisation
from samskapande.core.identity import forget_participation, identity, remember_participation
from samskapande.core.models import utcnow
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


class JoinError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def join_round(round_: Round, display_name: str | None,
               profile: dict[str, str] | None = None,
               ticket_code: str | None = None) -> Participant:
    """Create a pseudonymous participant of the round, with a fresh personal resume code.

    In ticket mode a valid, unused one-time ticket code is needed, and it is used up.
    """
    answers = profile or {}
    ticket = None
    if round_.ticket_mode:
        ticket = _find_ticket(round_, ticket_code or "")
        if ticket is None:
            raise JoinError(_l("That ticket code is not valid for this round."))
        if ticket.used_at is not None:
            raise JoinError(_l("That ticket code has already been used."))
    for _attempt in range(5):
        participant = Participant(
            round_id=round_.id,
            display_name=display_name or None,
            resume_code=new_resume_code(),
            last_seen_at=utcnow(),
            locale=current_locale(),
        )
        for question in round_.profile_questions:
            value = answers.get(question.key)
            if value and value in question.options:
                participant.profile_answers.append(ProfileAnswer(question=question, value=value))
        db.session.add(participant)
        try:
            db.session.flush()
        except IntegrityError:  # a resume code collided; draw another
            db.session.rollback()
            continue
        if ticket is not None and not _use_ticket(ticket.id, participant.id):
            db.session.rollback()
            raise JoinError(_l("That ticket code has already been used."))
        db.session.commit()
        return participant
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
    db.session.commit()
    return participant.previous_seen_at or participant.created_at


def _find_ticket(round_: Round, code: str) -> Ticket | None:
    raw = normalise_code(code)
    if len(raw) != RESUME_CODE_LENGTH:
        return None
    return db.session.scalar(
        select(Ticket).where(Ticket.round_id == round_.id, Ticket.code == format_resume_code(raw))
    )


def _use_ticket(ticket_id: int, participant_id: int) -> bool:
    """Mark the ticket used by this participant, unless another request was first."""
    result = db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.used_at.is_(None))
        .values(used_at=utcnow(), participant_id=participant_id),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def create_tickets(round_: Round, count: int) -> list[Ticket]:
    """Draw `count` new one-time ticket codes for the round's printed sheet."""
    tickets = []
    while len(tickets) < count:
        code = new_resume_code()
        if db.session.scalar(select(Ticket.id).where(Ticket.code == code)) is None:
            ticket = Ticket(round_id=round_.id, code=code)
            db.session.add(ticket)
            tickets.append(ticket)
    db.session.commit()
    return tickets


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
    db.session.commit()


def erase_participation(participant: Participant) -> None:
    """Erase a participant at their request: votes, profile answers, name and e-mail go;
    their needs are anonymised or deleted as the round's erasure policy says.

    Deleted needs take their votes with them, and whoever had given those votes gets
    their dots back. The participant row stays (erased) so nothing dangles, but its
    personal code is replaced and no longer works.
    """
    from samskapande.audit.services import record
    from samskapande.live.models import Message
    from samskapande.needs.models import Need
    from samskapande.notifications.models import OutboxMail
    from samskapande.realtime.journal import forget_author_names
    from samskapande.rounds.models import ErasurePolicy
    from samskapande.voting.models import Vote

    round_ = participant.round
    # The mails to them (sent or waiting) hold their address: they go too.
    db.session.execute(delete(OutboxMail).where(OutboxMail.participant_id == participant.id))
    db.session.execute(delete(Vote).where(Vote.participant_id == participant.id))
    db.session.execute(delete(ProfileAnswer).where(ProfileAnswer.participant_id == participant.id))
    own_needs = select(Need.id).where(Need.participant_id == participant.id)
    if round_.erasure_policy == ErasurePolicy.DELETE:
        refunds = db.session.execute(
            select(Vote.participant_id, func.sum(Vote.dots))
            .where(Vote.need_id.in_(own_needs)).group_by(Vote.participant_id)).all()
        for voter_id, dots in refunds:
            db.session.execute(
                update(Participant).where(Participant.id == voter_id)
                .values(dots_used=Participant.dots_used - dots),
                execution_options={"synchronize_session": False})
        db.session.execute(delete(Vote).where(Vote.need_id.in_(own_needs)))
        db.session.execute(
            update(Need).where(Need.merged_into_id.in_(own_needs)).values(merged_into_id=None),
            execution_options={"synchronize_session": False})
        db.session.execute(delete(Need).where(Need.id.in_(own_needs)),
                           execution_options={"synchronize_session": False})
    else:
        db.session.execute(
            update(Need).where(Need.participant_id == participant.id).values(participant_id=None),
            execution_options={"synchronize_session": False})
    own_messages = set(db.session.scalars(
        select(Message.id).where(Message.participant_id == participant.id)))
    forget_author_names(own_messages)
    participant.dots_used = 0
    participant.display_name = None
    participant.email = None
    participant.email_consent = False
    participant.erased_at = utcnow()
    participant.resume_code = new_resume_code()  # the old code must stop working
    record("participant.erased", participant, round_id=round_.id,
           policy=round_.erasure_policy)
    db.session.commit()
    db.session.expire_all()
