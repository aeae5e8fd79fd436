"""Mail to staff about the hand-offs of a round: the next person hears that it is their turn.

Three kinds, each of which an account can turn off on its account page:
- a signature is requested from my organisation (core.signals.signature_requested): to
  the active accounts of each requested organisation that may sign for it;
- my signature was cleared by a change (signatures_cleared): to each signer whose
  signature went, saying who changed what;
- a question is directed to me (question_directed): to the person it names, or, when it
  names only an organisation, to that organisation's politicians and officials.
Nobody is mailed about their own action, and nobody twice about one response in one
action: a signer whose signature was cleared is not also asked to sign by a second mail.

As for the residents' mails (notifications.services), each mail is added to the outbox
in the transaction of the change that causes it and sent after the commit; a mail that
cannot be made fails the change with it. Nothing is queued without a mail server; the
"Att göra" inbox shows the same hand-offs either way. Staff accounts keep no language,
so their mails are in the site's default language (Swedish).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.accounts.models import Role, User
from samskapande.areas.models import Organisation
from samskapande.core.signals import question_directed, signature_requested, signatures_cleared
from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.notifications.links import external_url, header_text
from samskapande.notifications.mail import mail_configured, queue
from samskapande.notifications.models import OutboxMail
from samskapande.responses import permissions as response_permissions
from samskapande.responses.models import Response

SIGNATURE_REQUESTED = "signature_requested"
SIGNATURE_CLEARED = "signature_cleared"
QUESTION_DIRECTED = "question_directed"
# The account's setting for each kind (User.mail_<kind>).
KINDS = (SIGNATURE_REQUESTED, SIGNATURE_CLEARED, QUESTION_DIRECTED)

_TOLD = "samskapande.staff_told"  # session.info: who was mailed about what, this transaction


def connect_signals() -> None:
    signatures_cleared.connect(notify_signatures_cleared)  # before the requests that follow
    signature_requested.connect(notify_signature_requested)
    question_directed.connect(notify_question_directed)


# -- the receivers -------------------------------------------------------------------------

def notify_signature_requested(response: Response, *, organisation_ids, actor,
                               **_signal) -> int:
    """Queue 'your organisation's signature is requested'; returns how many were queued."""
    if not mail_configured():
        return 0
    told = _told()
    mails = []
    for organisation_id in organisation_ids:
        organisation = db.session.get(Organisation, organisation_id)
        for user in _signers(organisation_id):
            if user.id != actor.id and (response.id, user.id) not in told:
                mails.append(_render_signature(user, SIGNATURE_REQUESTED, response, actor,
                                               organisation))
                told.add((response.id, user.id))
    return queue(mails)


def notify_signatures_cleared(response: Response, *, actor, change, cleared,
                              **_signal) -> int:
    """Queue 'your signature was removed by a change' to each signer it was removed from."""
    if not mail_configured():
        return 0
    told = _told()
    mails = []
    for organisation_id, signer_id in cleared:
        # The request to sign again that follows is this news too: a signer hears it as
        # "your signature was removed", or, with that kind turned off, not at all.
        told.add((response.id, signer_id))
        user = db.session.get(User, signer_id)
        if user is None or user.id == actor.id or not _wants(user, SIGNATURE_CLEARED):
            continue
        organisation = db.session.get(Organisation, organisation_id)
        mails.append(_render_signature(user, SIGNATURE_CLEARED, response, actor, organisation,
                                       change=change))
    return queue(mails)


def notify_question_directed(message: Message, **_signal) -> int:
    """Queue 'a question is directed to you (or your organisation)'."""
    if not mail_configured():
        return 0
    meeting = message.meeting
    organisation = (db.session.get(Organisation, message.directed_organisation_id)
                    if message.directed_organisation_id is not None else None)
    if message.directed_user_id is not None:
        user = db.session.get(User, message.directed_user_id)
        users = [user] if user is not None and _wants(user, QUESTION_DIRECTED) else []
        organisation = None  # it is theirs to answer, whatever organisation was named too
    elif organisation is not None and organisation in meeting.round.model_area.organisations:
        users = [user for user in _staff_of(organisation.id, Role.POLITICIAN, Role.OFFICIAL)
                 if _wants(user, QUESTION_DIRECTED)]
    else:
        users = []
    return queue([_render_question(user, message, organisation) for user in users
                   if user.id != message.user_id])


# -- who -----------------------------------------------------------------------------------

def _wants(user: User, kind: str) -> bool:
    """An active account with an address that has not turned this kind of mail off."""
    return bool(user.active and user.email and getattr(user, f"mail_{kind}"))


def _staff_of(organisation_id: int, *roles: str) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.role.in_(roles),
                           User.active.is_(True)).order_by(User.id)))


def _signers(organisation_id: int) -> list[User]:
    """Who may sign for the organisation and wants to hear that a signature is requested."""
    return [user for user in _staff_of(organisation_id, Role.POLITICIAN, Role.OFFICIAL)
            if response_permissions.may_sign_for_organisation(user, organisation_id)
            and _wants(user, SIGNATURE_REQUESTED)]


def _told() -> set[tuple[int, int]]:
    """(response id, user id) mailed in this transaction, forgotten with it."""
    session = db.session()
    transaction = session.get_transaction()
    kept = session.info.get(_TOLD)
    if kept is None or kept[0] is not transaction:
        kept = session.info[_TOLD] = (transaction, set())
    return kept[1]


# -- what ----------------------------------------------------------------------------------

def _locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _account_url() -> str:
    return external_url("accounts.account") + "#mail"


def _about(response: Response) -> str:
    if response.theme is not None:
        return response.theme.title
    text = response.need.text
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def _who(user) -> str:
    """'Anna Andersson (Region Västernorrland)', as the mails name the one who acted."""
    if user.organisation is not None:
        return f"{user.name} ({user.organisation.name})"
    return user.name


CHANGE_ORDER = ("stance", "text", "limits", "who_decides", "organisations", "commitments")


def describe_change(change) -> str:
    """What a change touched, as words: 'the text and the commitments'."""
    words = {"stance": _("the stance"), "text": _("the text"), "limits": _("the limits"),
             "who_decides": _("who decides"),
             "organisations": _("the organisations"), "commitments": _("the commitments")}
    parts = [words[code] for code in CHANGE_ORDER if code in change]
    if not parts:
        return _("the response")
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1])


def _render_signature(user: User, kind: str, response: Response, actor,
                      organisation: Organisation, change=()) -> OutboxMail:
    round_ = response_permissions.round_of(response)
    waits = response_permissions.awaits_signatures(response)
    with force_locale(_locale()):
        about = _about(response)
        if kind == SIGNATURE_REQUESTED:
            subject = _("Your signature is requested: %(about)s", about=about)
        else:
            subject = _("Your signature was removed: %(about)s", about=about)
        link = external_url("responses.sign" if waits else "responses.detail",
                            response_id=response.id)
        body = render_template(
            "notifications/staff_mail.txt", kind=kind, user=user, response=response,
            round=round_, about=about, actor=_who(actor), organisation=organisation,
            change=describe_change(change), awaits=waits, link=link,
            account_url=_account_url())
        return OutboxMail(user_id=user.id, to_address=user.email,
                          subject=header_text(subject), body=body,
                          unsubscribe_url=_account_url())


def _render_question(user: User, message: Message, organisation: Organisation | None
                     ) -> OutboxMail:
    meeting = message.meeting
    with force_locale(_locale()):
        if organisation is None:
            subject = _("A question for you: %(meeting)s", meeting=meeting.title)
        else:
            subject = _("A question for %(organisation)s: %(meeting)s",
                        organisation=organisation.name, meeting=meeting.title)
        body = render_template(
            "notifications/staff_mail.txt", kind=QUESTION_DIRECTED, user=user,
            message=message, meeting=meeting, round=meeting.round, organisation=organisation,
            link=external_url("live.answer", code=meeting.round.code, meeting_id=meeting.id,
                              message_id=message.id),
            account_url=_account_url())
        return OutboxMail(user_id=user.id, to_address=user.email,
                          subject=header_text(subject), body=body,
                          unsubscribe_url=_account_url())
