"""Commitments (åtaganden) made in a response, and the dated reports of how they go.

In a draft, a commitment is part of what is signed: adding or removing one clears the
signatures. Once the response is public, only a signer of the commitment's organisation
may add one (it becomes public at once, as that organisation's word). Progress updates
and status changes are posted by the politicians and officials of the commitment's
organisation; "not carried out" needs the reason, which the update's text gives.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.core.signals import commitment_updated
from samskapande.extensions import db
from samskapande.responses import permissions
from samskapande.responses.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Response,
    ResponseStatus,
)
from samskapande.responses.services import (
    OPEN_STATUSES,
    ResponseError,
    _audit,
    _clear_signatures,
    is_overdue,
)

__all__ = ["add_commitment", "remove_commitment", "post_update", "is_overdue",
           "OPEN_STATUSES"]


def add_commitment(response: Response, actor, *, organisation_id: int, text: str,
                   due_on: date | None, submission_key: str | None = None) -> Commitment:
    if submission_key:
        existing = db.session.scalar(select(Commitment).where(
            Commitment.submission_key == submission_key))
        if existing is not None and existing.response_id == response.id:
            return existing  # a double click or a resent form adds one commitment
    if not permissions.can_add_commitment(actor, response, organisation_id):
        raise ResponseError(_l("You cannot make commitments for this organisation here."))
    commitment = Commitment(organisation_id=organisation_id, text=text, due_on=due_on,
                            status=CommitmentStatus.PLANNED,
                            submission_key=submission_key or None)
    response.commitments.append(commitment)
    db.session.flush()
    cleared = response.status == ResponseStatus.DRAFT and bool(
        _clear_signatures(response, actor, {"commitments"}))
    db.session.flush()
    _audit("commitment.added", commitment, actor, response, organisation_id=organisation_id,
           due_on=str(due_on) if due_on else None, signatures_cleared=cleared)
    return commitment


def remove_commitment(commitment: Commitment, actor) -> None:
    """Take a commitment out of a draft (a public promise is never removed, only reported on)."""
    response = commitment.response
    if response.status != ResponseStatus.DRAFT or not permissions.can_add_commitment(
            actor, response, commitment.organisation_id):
        raise ResponseError(_l("This commitment cannot be removed."))
    _audit("commitment.removed", commitment, actor, response)
    response.commitments.remove(commitment)
    db.session.flush()
    _clear_signatures(response, actor, {"commitments"})
    db.session.flush()


def post_update(commitment: Commitment, actor, *, text: str, status: str,
                submission_key: str | None = None) -> CommitmentUpdate:
    """Report progress, with the status after it; residents are told after the commit."""
    if submission_key:
        existing = db.session.scalar(select(CommitmentUpdate).where(
            CommitmentUpdate.submission_key == submission_key))
        if existing is not None and existing.commitment_id == commitment.id:
            return existing
    if not permissions.can_report_on(actor, commitment):
        raise ResponseError(_l("You cannot report on this commitment."))
    status = CommitmentStatus(status)
    if not text:
        raise ResponseError(_l("Write what happened."))
    previous = commitment.status
    update = CommitmentUpdate(text=text, status=status, author_id=actor.id,
                              author_name=actor.name, submission_key=submission_key or None)
    commitment.updates.append(update)
    commitment.status = status
    commitment.status_reason = text if status == CommitmentStatus.NOT_DONE else None
    db.session.flush()
    _audit("commitment.update_posted", update, actor, commitment.response,
           commitment_id=commitment.id)
    if status != previous:
        _audit("commitment.status_changed", commitment, actor, commitment.response,
               old=str(previous), new=str(status))
    db.session.flush()
    commitment_updated.send(commitment)  # the residents' mails, in this transaction
    return update
