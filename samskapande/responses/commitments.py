"""Commitments (åtaganden) made in a response, and the dated reports of how they go.

In a draft, a commitment is part of what is signed: adding or removing one clears the
signatures. Once the response is public, only a signer of the commitment's organisation
may add one (it becomes public at once, as that organisation's word). Progress updates
and status changes are posted by the politicians and officials of the commitment's
organisation; "not carried out" needs the reason, which the update's text gives.

Each new commitment names the role that answers for it ("verksamhetschef primärvård,
Region Västernorrland"), which residents see, and optionally the staff member of the
organisation who holds that role, whom only staff see. The role is part of what is
signed (a change in a draft clears the signatures, like any change of a commitment); once
public, only a signer of the organisation may change role or holder, as for adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from samskapande.accounts.models import Role, User
from samskapande.core.signals import commitment_updated
from samskapande.extensions import db
from samskapande.responses import permissions
from samskapande.responses.models import (
    ROLE_MAX,
    Commitment,
    CommitmentHolder,
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
    display_status,
    is_due_soon,
    is_overdue,
    last_activity,
    quiet_since,
    round_of,
)

__all__ = ["add_commitment", "remove_commitment", "set_owner", "post_update", "is_overdue",
           "OPEN_STATUSES", "OwnerError", "possible_holders", "overview", "OVERVIEW_FILTERS"]

HOLDER_ROLES = (Role.POLITICIAN, Role.OFFICIAL)


class OwnerError(ResponseError):
    """The responsible role or its holder was refused (shown at those fields)."""


def possible_holders(organisation_id: int) -> list[User]:
    """Who can hold a commitment's role: the organisation's active politicians and officials."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.role.in_(HOLDER_ROLES),
                           User.active.is_(True)).order_by(User.name, User.id)))


def _checked_owner(organisation_id: int, role: str | None, holder_id: int | None
                   ) -> tuple[str, User | None]:
    role = (role or "").strip()
    if not role:
        raise OwnerError(_l("Name the role responsible for the commitment."))
    if len(role) > ROLE_MAX:
        raise OwnerError(_l("Keep the role under %(max)d characters.", max=ROLE_MAX))
    holder = None
    if holder_id is not None:
        holder = db.session.get(User, holder_id)
        if holder is None or holder not in possible_holders(organisation_id):
            raise OwnerError(_l("The person must be an active politician or official of "
                                   "the organisation that commits."))
    return role, holder


def add_commitment(response: Response, actor, *, organisation_id: int, text: str,
                   due_on: date | None, responsible_role: str | None,
                   holder_id: int | None = None,
                   submission_key: str | None = None) -> Commitment:
    if submission_key:
        existing = db.session.scalar(select(Commitment).where(
            Commitment.submission_key == submission_key))
        if existing is not None and existing.response_id == response.id:
            return existing  # a double click or a resent form adds one commitment
    if not permissions.can_add_commitment(actor, response, organisation_id):
        raise ResponseError(_l("You cannot make commitments for this organisation here."))
    role, holder = _checked_owner(organisation_id, responsible_role, holder_id)
    commitment = Commitment(organisation_id=organisation_id, text=text, due_on=due_on,
                            status=CommitmentStatus.PLANNED, responsible_role=role,
                            submission_key=submission_key or None)
    if holder is not None:
        commitment.holding = CommitmentHolder(user_id=holder.id)
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


def set_owner(commitment: Commitment, actor, *, responsible_role: str | None,
              holder_id: int | None) -> bool:
    """Name (or change) the responsible role and its holder; True if anything changed."""
    response = commitment.response
    if not permissions.can_add_commitment(actor, response, commitment.organisation_id):
        raise ResponseError(_l("You cannot change who is responsible for this commitment."))
    role, holder = _checked_owner(commitment.organisation_id, responsible_role, holder_id)
    old_holder = commitment.holder
    if role == commitment.responsible_role and holder == old_holder:
        return False
    role_changed = role != commitment.responsible_role
    commitment.responsible_role = role
    if holder != old_holder:
        commitment.holding = CommitmentHolder(user_id=holder.id) if holder else None
    db.session.flush()
    cleared = role_changed and response.status == ResponseStatus.DRAFT and bool(
        _clear_signatures(response, actor, {"commitments"}))
    db.session.flush()
    _audit("commitment.owner_changed", commitment, actor, response, role=role,
           holder_id=holder.id if holder else None,
           old_holder_id=old_holder.id if old_holder else None, signatures_cleared=cleared)
    return True


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


# -- the staff's overview ------------------------------------------------------------------

OVERVIEW_FILTERS = ("all", "overdue", "soon", "quiet")


@dataclass
class OverviewRow:
    commitment: Commitment
    status: str  # a display status: "overdue" before the stored one
    last_activity: datetime | None
    quiet: bool
    mine: bool  # held by the user
    round_title: str


def last_updates():
    """The time of each commitment's latest update, as a correlated subquery."""
    return (select(func.max(CommitmentUpdate.created_at))
            .where(CommitmentUpdate.commitment_id == Commitment.id)
            .correlate(Commitment).scalar_subquery())


def overview(user, show: str, today: date) -> list[OverviewRow]:
    """The public commitments of the user's organisation and those the user holds, across
    every round, soonest due first; `show` narrows them to the overdue, the due within
    DUE_SOON_DAYS, or those quiet for QUIET_DAYS (the same rules as the to-do list)."""
    if not permissions.can_see_commitment_overview(user):
        return []
    held = select(CommitmentHolder.commitment_id).where(CommitmentHolder.user_id == user.id)
    rows = db.session.execute(
        select(Commitment, last_updates()).join(Response).where(
            Response.status == ResponseStatus.PUBLISHED,
            or_(Commitment.organisation_id == user.organisation_id, Commitment.id.in_(held)))
        .order_by(Commitment.due_on.is_(None), Commitment.due_on, Commitment.id))
    found = []
    for commitment, updated in rows:
        quiet = quiet_since(commitment, updated, today) is not None
        if show == "overdue" and not is_overdue(commitment, today):
            continue
        if show == "soon" and not is_due_soon(commitment, today):
            continue
        if show == "quiet" and not quiet:
            continue
        found.append(OverviewRow(commitment, display_status(commitment, today),
                                 last_activity(commitment, updated), quiet,
                                 commitment.holding is not None
                                 and commitment.holding.user_id == user.id,
                                 round_of(commitment.response).title))
    return found
