"""Who hears about a response or a follow-up, and the mail they get.

Reacts to the signals of samskapande.responses (core.signals: response_published,
response_updated, commitment_updated; connected by `connect_signals`, which create_app
calls). The recipients are the participants of the round who wrote or supported a need
the response is about (a need of its theme, or the need itself), gave an e-mail address
and consented, and have not erased their participation. Each mail is rendered in the
participant's language and added to the outbox in the transaction of the change that
caused it, so a signature and its mails are stored together or not at all; they are
sent once that transaction has committed (see notifications.mail). Nothing is queued
when no mail server is configured.

The staff's mails about the hand-offs (a signature requested, a signature cleared, a
question directed to someone) are in notifications.staff; `connect_signals` connects both.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, union

from samskapande.core.signals import commitment_updated, response_published, response_updated
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.notifications import staff
from samskapande.notifications.links import external_url
from samskapande.notifications.links import header_text as _header_text
from samskapande.notifications.mail import mail_configured, queue
from samskapande.notifications.models import OutboxMail
from samskapande.responses.models import Commitment, Response, ResponseStatus
from samskapande.responses.public_queries import response_url_values
from samskapande.rounds.models import Participant
from samskapande.themes.models import ThemeNeed
from samskapande.voting.models import Vote

PUBLISHED = "published"
UPDATED = "updated"
COMMITMENT = "commitment"


# -- public API: receivers of the responses' signals ---------------------------------------

def notify_response_published(response: Response, **_signal) -> int:
    """Queue 'your need got a response'; returns how many mails were queued."""
    return _notify(response, PUBLISHED)


def notify_response_updated(response: Response, **_signal) -> int:
    """Queue 'a response to your need was changed'."""
    return _notify(response, UPDATED)


def notify_commitment_updated(commitment: Commitment, **_signal) -> int:
    """Queue 'a commitment made to your need has news' (status or progress)."""
    return _notify(commitment.response, COMMITMENT, commitment)


def connect_signals() -> None:
    """Listen for the responses' signals (called once by create_app; connecting is
    idempotent, so the many apps of a test run share one set of receivers)."""
    response_published.connect(notify_response_published)
    response_updated.connect(notify_response_updated)
    commitment_updated.connect(notify_commitment_updated)
    staff.connect_signals()


# -- who ---------------------------------------------------------------------------------

def subject_need_ids(response: Response):
    """A select of the needs a response is about: its need, or every need of its theme."""
    if response.need_id is not None:
        return select(Need.id).where(Need.id == response.need_id)
    return select(ThemeNeed.need_id).where(ThemeNeed.theme_id == response.theme_id)


def interested_participant_ids(need_ids):
    """A select of who wrote or supported any of the given needs."""
    return union(
        select(Need.participant_id).where(Need.id.in_(need_ids),
                                          Need.participant_id.is_not(None)),
        select(Vote.participant_id).where(Vote.need_id.in_(need_ids)),
    )


def recipients(response: Response) -> list[Participant]:
    ids = interested_participant_ids(subject_need_ids(response)).subquery()
    return list(db.session.scalars(
        select(Participant)
        .where(Participant.id.in_(select(ids.c[0])),
               Participant.erased_at.is_(None),
               Participant.email_consent.is_(True),
               Participant.email.is_not(None), Participant.email != "")
        .order_by(Participant.id)
    ))


# -- links and tokens -----------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="samskapande-unsubscribe")


def unsubscribe_token(participant: Participant) -> str:
    return _serializer().dumps(participant.id)


def participant_for_token(token: str) -> Participant | None:
    """The participant a signed unsubscribe token names, or None if it is not ours."""
    try:
        participant_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(participant_id, int):
        return None
    return db.session.get(Participant, participant_id)


def subscribe(participant: Participant, email: str, locale: str) -> None:
    """The participant asks for mail about her needs, in her language, at this address."""
    participant.email = email
    participant.email_consent = True
    participant.locale = locale
    db.session.flush()


def unsubscribe(participant: Participant) -> None:
    """Stop all mail: the consent is withdrawn and the address forgotten."""
    participant.email_consent = False
    participant.email = None
    db.session.execute(
        OutboxMail.__table__.delete().where(OutboxMail.participant_id == participant.id,
                                            OutboxMail.sent_at.is_(None))
    )


# -- what --------------------------------------------------------------------------------

def _subject(kind: str, response: Response) -> str:
    about = response.theme.title if response.theme is not None else _("a need you took part in")
    if kind == PUBLISHED:
        return _("New response: %(about)s", about=about)
    if kind == UPDATED:
        return _("Changed response: %(about)s", about=about)
    return _("Follow-up on a commitment: %(about)s", about=about)


def _render(participant: Participant, kind: str, response: Response,
            commitment: Commitment | None) -> OutboxMail:
    endpoint, values = response_url_values(response)
    locale = participant.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    unsubscribe_url = external_url("notifications.unsubscribe",
                                   token=unsubscribe_token(participant))
    with force_locale(locale):
        subject = _header_text(_subject(kind, response))
        body = render_template(
            "notifications/mail.txt", kind=kind, response=response, commitment=commitment,
            round=participant.round,
            link=external_url(endpoint, **values),
            my_page=external_url("residents.my_page", code=participant.round.code),
            unsubscribe_url=unsubscribe_url,
        )
    return OutboxMail(participant_id=participant.id, to_address=participant.email,
                      subject=subject, body=body, unsubscribe_url=unsubscribe_url)


def _notify(response: Response, kind: str, commitment: Commitment | None = None) -> int:
    """Add the mails to the outbox in the caller's transaction; send them after its commit.

    A mail that cannot be made raises, and the change that caused it fails with it: a
    published word and the news of it are stored together.
    """
    if not mail_configured() or response.status != ResponseStatus.PUBLISHED:
        return 0
    return queue([_render(p, kind, response, commitment) for p in recipients(response)])
