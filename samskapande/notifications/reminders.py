"""Reminders about commitments (`samskapande remind`, daily from cron).

A public commitment that is neither done nor given up is reminded of by mail:
- `soon`: in the 14 days before its date (on the 14th day before, or the first run after);
- `due`: on its date, or the first run after it, while it is still open;
- `quiet`: once QUIET_DAYS have passed without an update (the to-do list's rule), and
  again after each further QUIET_DAYS of silence.
Each is sent once per commitment, reason and key (the due date, or the day of the last
update for `quiet`), remembered in `commitment_reminder`; a run missed (cron down) is made
up by the next one, and a second run on the same day sends nothing.

The mail goes to the person who holds the commitment's role, or, when no active person
does, to those who may sign for its organisation; each only if their account wants
reminders (the account page). Like the hand-off mails (notifications.staff), it is queued
in the outbox in this transaction and sent after the commit, in the site's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.accounts.models import Role, User
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.notifications.links import external_url, header_text
from samskapande.notifications.mail import queue
from samskapande.notifications.models import CommitmentReminder, OutboxMail
from samskapande.responses import permissions as response_permissions
from samskapande.responses.commitments import last_updates
from samskapande.responses.models import Commitment, Response, ResponseStatus
from samskapande.responses.services import OPEN_STATUSES, QUIET_DAYS, quiet_since

SOON, DUE, QUIET = "soon", "due", "quiet"
REASONS = (SOON, DUE, QUIET)
SOON_DAYS = 14


@dataclass
class Reminder:
    commitment: Commitment
    reason: str
    key: str  # the due date, or the day of the last update (ISO)
    recipients: list[User] = field(default_factory=list)
    to_holder: bool = False


def _wants(user: User) -> bool:
    return bool(user.active and user.email and user.mail_reminders)


def recipients(commitment: Commitment) -> tuple[list[User], bool]:
    """Who is reminded, and whether it is the holder: the holder if active, else the
    organisation's signers; only those whose accounts want reminders."""
    holder = commitment.holder
    if holder is not None and holder.active:
        return ([holder] if _wants(holder) else []), True
    signers = db.session.scalars(
        select(User).where(User.organisation_id == commitment.organisation_id,
                           User.role.in_((Role.POLITICIAN, Role.OFFICIAL)),
                           User.active.is_(True)).order_by(User.id))
    return [user for user in signers
            if response_permissions.may_sign_for_organisation(user, commitment.organisation_id)
            and _wants(user)], False


def _occasions(commitment: Commitment, last_update, today: date) -> list[tuple[str, str]]:
    found = []
    due = commitment.due_on
    if due is not None:
        if due - timedelta(days=SOON_DAYS) <= today < due:
            found.append((SOON, due.isoformat()))
        elif today >= due:
            found.append((DUE, due.isoformat()))
    quiet = quiet_since(commitment, last_update, today)
    if quiet is not None:
        found.append((QUIET, quiet.isoformat()))
    return found


def due_reminders(today: date) -> list[Reminder]:
    """The reminders today calls for that have not been sent yet."""
    rows = db.session.execute(
        select(Commitment, last_updates()).join(Response).where(
            Response.status == ResponseStatus.PUBLISHED,
            Commitment.status.in_(OPEN_STATUSES))
        .order_by(Commitment.id))
    sent = {tuple(row) for row in db.session.execute(select(
        CommitmentReminder.commitment_id, CommitmentReminder.reason,
        CommitmentReminder.period_key))}
    found = []
    for commitment, updated in rows:
        for reason, key in _occasions(commitment, updated, today):
            if (commitment.id, reason, key) in sent:
                continue
            users, to_holder = recipients(commitment)
            found.append(Reminder(commitment, reason, key, users, to_holder))
    return found


def remind(today: date, *, send: bool = True) -> list[Reminder]:
    """Find today's reminders and, if `send`, queue their mails and remember them (in the
    caller's transaction). A reminder nobody wants is remembered too: its moment passed."""
    reminders = due_reminders(today)
    if not send:
        return reminders
    now = utcnow()
    mails = []
    for reminder in reminders:
        mails.extend(_render(user, reminder, today) for user in reminder.recipients)
        db.session.add(CommitmentReminder(commitment_id=reminder.commitment.id,
                                          reason=reminder.reason, period_key=reminder.key,
                                          sent_at=now))
    db.session.flush()
    queue(mails)
    return reminders


# -- the mail ------------------------------------------------------------------------------

def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def subject_of(reminder: Reminder) -> str:
    what = _short(reminder.commitment.text)
    if reminder.reason == SOON:
        return _("A commitment is due on %(date)s: %(what)s",
                 date=format_date(reminder.commitment.due_on, "long"), what=what)
    if reminder.reason == DUE:
        return _("A commitment's date has come: %(what)s", what=what)
    return _("No update for %(days)d days: %(what)s", days=QUIET_DAYS, what=what)


def _render(user: User, reminder: Reminder, today: date) -> OutboxMail:
    commitment = reminder.commitment
    account_url = external_url("accounts.account") + "#mail"
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(
            "notifications/reminder_mail.txt", user=user, reminder=reminder,
            commitment=commitment, round=response_permissions.round_of(commitment.response),
            due=format_date(commitment.due_on, "long") if commitment.due_on else "",
            since=format_date(date.fromisoformat(reminder.key), "long"),
            link=external_url("responses.update", commitment_id=commitment.id),
            account_url=account_url)
        subject = subject_of(reminder)
    return OutboxMail(user_id=user.id, to_address=user.email, subject=header_text(subject),
                      body=body, unsubscribe_url=account_url)
