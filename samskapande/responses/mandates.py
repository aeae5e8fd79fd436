"""Each organisation's frame for a round ("Våra ramar"), signed like a response.

Before residents say what they need, each organisation of the model area (the region and
the municipalities) can state what it can decide in the round's subject, what it cannot
decide, and any budget frame. Its politicians and officials write the frame; a signer of
the organisation (a politician, or an official with `may_sign`) signs it, and the signed
text is public at once on the round page. A change after signing clears the signature:
the public text stays as it was signed until the change is signed too, so residents never
read an unsigned frame. The signing form carries a fingerprint of the text shown, so a
text changed in between is never signed unseen. Frames can be written in every phase but
a closed round's. Every action is audited; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from samskapande.areas.models import Organisation
from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.responses import permissions
from samskapande.responses.mandate_models import RoundMandate
from samskapande.rounds.models import Round

TEXT_MAX = 3000
BUDGET_MAX = 500


class MandateError(Refusal):
    """A rule of the frames said no; `message` is shown to the user."""


class MandateChangedMeanwhile(MandateError):
    """Someone saved the frame after this form was opened (nothing was changed)."""


def area_organisations(round_: Round) -> list[Organisation]:
    """The organisations of the round's model area, the region first."""
    return sorted(round_.model_area.organisations, key=lambda o: (o.kind != "region", o.name))


def organisation_of_round(round_: Round, organisation_id: int | None) -> Organisation | None:
    return next((o for o in round_.model_area.organisations if o.id == organisation_id), None)


def mandate_of(round_: Round, organisation_id: int) -> RoundMandate | None:
    return db.session.scalar(select(RoundMandate).where(
        RoundMandate.round_id == round_.id, RoundMandate.organisation_id == organisation_id))


def mandates_for_staff(round_: Round) -> list[tuple[Organisation, RoundMandate | None]]:
    """Every organisation of the area with its frame, if it has started one."""
    return [(organisation, mandate_of(round_, organisation.id))
            for organisation in area_organisations(round_)]


def published_mandates(round_: Round) -> list[RoundMandate]:
    """The signed, public frames of the round, the region first (for residents)."""
    order = {o.id: i for i, o in enumerate(area_organisations(round_))}
    found = db.session.scalars(select(RoundMandate).where(
        RoundMandate.round_id == round_.id, RoundMandate.published_at.is_not(None)))
    return sorted(found, key=lambda m: order.get(m.organisation_id, len(order)))


def awaits_signature(mandate: RoundMandate | None) -> bool:
    """Is there a text that no signer has signed yet?"""
    return (mandate is not None and mandate.signed_by_id is None
            and bool(mandate.can_decide or mandate.cannot_decide))


def differs_from_public(mandate: RoundMandate) -> bool:
    return (mandate.can_decide, mandate.cannot_decide, mandate.budget) != (
        mandate.public_can_decide, mandate.public_cannot_decide, mandate.public_budget)


def fingerprint(mandate: RoundMandate | None) -> str:
    """A short digest of the text a signer is shown (empty when there is no frame yet)."""
    if mandate is None:
        return ""
    content = [mandate.id, mandate.can_decide, mandate.cannot_decide, mandate.budget]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:32]


def _audit(action: str, mandate: RoundMandate, actor, **details) -> None:
    record(action, mandate, actor=actor, round_id=mandate.round_id,
           model_area_id=mandate.round.model_area_id,
           organisation_id=mandate.organisation_id, **details)


def _locked(round_: Round, organisation_id: int) -> RoundMandate | None:
    db.session.flush()
    db.session.expire_all()  # what this request loaded before may be stale by now
    return db.session.scalar(select(RoundMandate).where(
        RoundMandate.round_id == round_.id, RoundMandate.organisation_id == organisation_id)
        .with_for_update())


def save(round_: Round, actor, organisation_id: int, *, can_decide: str, cannot_decide: str,
         budget: str, based_on: str = "") -> tuple[RoundMandate, bool]:
    """Write or change the organisation's frame; (the frame, whether anything changed).

    `based_on` is the fingerprint the form was opened on ("" for a frame not started):
    when the frame has changed since, MandateChangedMeanwhile is raised and nothing is
    changed. A change clears the signature given so far (it signed the previous text).
    """
    if not permissions.can_write_mandate(actor, round_, organisation_id):
        raise MandateError(_l("You cannot write this organisation's frame."))
    can_decide, cannot_decide, budget = can_decide or "", cannot_decide or "", budget or ""
    if not (can_decide or cannot_decide):
        raise MandateError(_l("Write what you can decide, what you cannot decide, or both."))
    mandate = _locked(round_, organisation_id)
    if based_on != fingerprint(mandate):
        raise MandateChangedMeanwhile(_l(
            "Someone changed the frame after you opened this form. Compare with the text "
            "now saved, then save again."))
    if mandate is None:
        mandate = RoundMandate(round_id=round_.id, organisation_id=organisation_id,
                               can_decide=can_decide, cannot_decide=cannot_decide,
                               budget=budget, updated_at=utcnow(), updated_by_id=actor.id)
        try:
            with db.session.begin_nested():  # two first saves at once: the second is stale
                db.session.add(mandate)
        except IntegrityError:
            raise MandateChangedMeanwhile(_l(
                "Someone changed the frame after you opened this form. Compare with the "
                "text now saved, then save again.")) from None
        _audit("mandate.drafted", mandate, actor)
        db.session.flush()
        return mandate, True
    if (mandate.can_decide, mandate.cannot_decide, mandate.budget) == (
            can_decide, cannot_decide, budget):
        return mandate, False
    cleared = mandate.signed_by_id is not None
    mandate.can_decide, mandate.cannot_decide, mandate.budget = can_decide, cannot_decide, budget
    mandate.updated_at, mandate.updated_by_id = utcnow(), actor.id
    mandate.signed_by_id = mandate.signed_at = None
    _audit("mandate.edited", mandate, actor, signature_cleared=cleared)
    db.session.flush()
    return mandate, True


def sign(mandate: RoundMandate, actor, shown_fingerprint: str) -> None:
    """Sign the frame for the actor's organisation; the signed text is public at once."""
    db.session.flush()
    db.session.expire_all()
    db.session.refresh(mandate, with_for_update=True)
    if not permissions.can_sign_mandate(actor, mandate):
        raise MandateError(_l("You cannot sign this frame (or it is signed already)."))
    if shown_fingerprint != fingerprint(mandate):
        raise MandateError(_l("The frame changed after you opened it. Read it again before "
                              "you sign."))
    now = utcnow()
    mandate.signed_by_id, mandate.signed_at = actor.id, now
    mandate.public_can_decide = mandate.can_decide
    mandate.public_cannot_decide = mandate.cannot_decide
    mandate.public_budget = mandate.budget
    mandate.signer_name, mandate.signer_title = actor.name, actor.title or ""
    mandate.signer_party = actor.party or ""
    first = mandate.published_at is None
    mandate.published_at = now
    _audit("mandate.signed", mandate, actor)
    _audit("mandate.published", mandate, actor, first=first)
    db.session.flush()


def awaiting_signature_of(user) -> list[RoundMandate]:
    """The frames of the user's organisation that wait for the user's signature."""
    if getattr(user, "organisation_id", None) is None:
        return []
    found = db.session.scalars(select(RoundMandate).where(
        RoundMandate.organisation_id == user.organisation_id,
        RoundMandate.signed_by_id.is_(None)).order_by(RoundMandate.id))
    return [m for m in found if permissions.can_sign_mandate(user, m)]
