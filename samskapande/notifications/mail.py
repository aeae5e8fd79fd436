"""Sending the outbox over SMTP, with the settings from the environment (see config.py).

Nothing here raises because a mail server is down: a mail that could not be sent stays in
the outbox with its attempt counted, and the next run (`samskapande send-mail`, or the
thread started after the next notification) tries again. With no MAIL_SERVER nothing is
queued or sent at all.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app
from sqlalchemy import delete, or_, select, update

from samskapande.core.models import utcnow
from samskapande.core.transaction import after_commit, unit_of_work
from samskapande.extensions import db
from samskapande.notifications.models import OutboxMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
CLAIM_TIMEOUT = timedelta(minutes=10)
# Sent mails hold an address and are kept only this long (to answer "did you mail me?"),
# the residents' and the staff's alike.
KEEP_SENT = timedelta(days=30)
BATCH = 200


def mail_configured(app: Flask | None = None) -> bool:
    return bool((app or current_app).config.get("MAIL_SERVER"))


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """The plain-text message; a resident's with one-click unsubscribe headers (RFC 2369,
    RFC 8058). A staff member's mail is about their work: its settings are on the account
    page the mail links to, behind the login, so it claims no one-click unsubscribe."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    if mail.participant_id is not None:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    return message


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def _claim(mail_id: int) -> OutboxMail | None:
    """Take one mail for sending, unless another sender holds it (or it is sent).

    The claim is its own unit of work: another sender must see it before we talk SMTP.
    """
    now = utcnow()
    with unit_of_work():
        result = db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None),
                   or_(OutboxMail.claimed_at.is_(None),
                       OutboxMail.claimed_at < now - CLAIM_TIMEOUT))
            .values(claimed_at=now),
            execution_options={"synchronize_session": False},
        )
    return db.session.get(OutboxMail, mail_id) if result.rowcount == 1 else None


def _forget_old_mails() -> None:
    with unit_of_work():
        db.session.execute(delete(OutboxMail).where(OutboxMail.sent_at < utcnow() - KEEP_SENT))


def send_pending() -> tuple[int, int]:
    """Send every mail still waiting; return (sent, failed). Safe to run concurrently.

    Each mail is its own unit of work (claim, then sent or failed), so one mail server
    error never loses what was sent before it.
    """
    if not mail_configured():
        return 0, 0
    config = current_app.config
    _forget_old_mails()
    ids = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMail.id).limit(BATCH)
    ).all()
    sent = failed = 0
    smtp = None
    try:
        for mail_id in ids:
            mail = _claim(mail_id)
            if mail is None:
                continue
            try:
                if smtp is None:
                    smtp = _connect(config)
            except Exception as error:  # noqa: BLE001  the server is unreachable: stop here
                _failed(mail, error)
                failed += 1
                break
            try:
                smtp.send_message(build_message(mail, config["MAIL_FROM"]))
            except Exception as error:  # noqa: BLE001  (counted, logged, tried again later)
                _failed(mail, error)
                failed += 1
                _quit(smtp)  # start afresh: the connection may be broken
                smtp = None
                continue
            _sent(mail)
            sent += 1
    finally:
        if smtp is not None:
            _quit(smtp)
    return sent, failed


def _sent(mail: OutboxMail) -> None:
    with unit_of_work():
        mail.attempts += 1
        mail.sent_at = utcnow()
        mail.last_error = None


def _failed(mail: OutboxMail, error: Exception) -> None:
    """Count the attempt and free the mail for the next run; log the kind of error only."""
    with unit_of_work():
        mail.attempts += 1
        mail.claimed_at = None
        mail.last_error = type(error).__name__[:120]
    log.warning("Could not send notification mail %s: %s", mail.id, type(error).__name__)


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def send_soon() -> None:
    """Send the outbox now: in a background thread, so no request waits on SMTP.

    Registered with `after_commit` by whoever queued mail. The thread has a session of
    its own: the caller's has just committed and can emit no more SQL in this hook.
    MAIL_BACKGROUND=False (tests) waits for the thread to finish.
    """
    if not mail_configured():
        return
    app = current_app._get_current_object()
    thread = threading.Thread(target=_send_in_thread, args=(app,), daemon=True,
                              name="samskapande-mail")
    thread.start()
    if not app.config["MAIL_BACKGROUND"]:
        thread.join()


def _send_in_thread(app: Flask) -> None:
    with app.app_context():
        try:
            send_pending()
        except Exception:  # the outbox keeps the mail; cron retries
            log.exception("Sending the notification outbox failed")
        finally:
            db.session.remove()


def queue(mails: list[OutboxMail]) -> int:
    """Add the mails to the outbox in the caller's transaction; they are sent once it has
    committed (a rollback takes them back with the change that caused them)."""
    if not mails:
        return 0
    db.session.add_all(mails)
    db.session.flush()
    after_commit(send_soon)
    return len(mails)
