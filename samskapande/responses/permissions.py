"""Who may draft, sign, see and follow up responses: plain predicates, tested as a grid.

- Politicians and officials draft and edit for their own organisation only, and only in
  rounds of a model area that organisation belongs to, while the round is responding or
  following up.
- Signing is for a politician, or an official authorised to sign (`User.may_sign`), of a
  named organisation that has not signed the current text yet.
- Facilitators (of the model area) and admins see drafts, nothing more: they never draft,
  sign or publish on anyone's behalf.
- Progress on a commitment is reported by the politicians and officials of the
  commitment's organisation, once the response is public.
"""

from __future__ import annotations

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import is_staff
from samskapande.extensions import db
from samskapande.responses.models import Commitment, Response, ResponseStatus
from samskapande.rounds.models import Round
from samskapande.rounds.phases import can_respond, is_closed

ANSWERING_ROLES = {Role.POLITICIAN, Role.OFFICIAL}



def _area_organisation_ids(round_) -> set[int]:
    return {organisation.id for organisation in round_.model_area.organisations}


def round_of(response: Response) -> Round:
    subject = response.theme if response.theme_id is not None else response.need
    return db.session.get(Round, subject.round_id)


def named_organisation_ids(response: Response) -> set[int]:
    return {link.organisation_id for link in response.organisations}


# -- seeing --------------------------------------------------------------------------------

def can_see_round_responses(user, round_) -> bool:
    """May the user open the round's responses page (drafts included)?"""
    if not is_staff(user) or round_ is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.FACILITATOR:
        return any(area.id == round_.model_area_id for area in user.model_areas)
    if user.role in ANSWERING_ROLES:
        return user.organisation_id in _area_organisation_ids(round_)
    return False


def can_see_response(user, response: Response) -> bool:
    """Published responses are public; a draft is seen by the staff of its round."""
    if response.status == ResponseStatus.PUBLISHED:
        return True
    return can_see_round_responses(user, round_of(response))


# -- drafting ------------------------------------------------------------------------------

def can_answer_in(user, round_) -> bool:
    """May the user draft new responses in this round (for their own organisation)?"""
    return (
        is_staff(user)
        and user.role in ANSWERING_ROLES
        and user.organisation_id is not None
        and round_ is not None
        and can_respond(round_)
        and user.organisation_id in _area_organisation_ids(round_)
    )


def can_draft_for(user, organisation_id: int, round_) -> bool:
    """May the user speak for this organisation in this round (draft, edit, commit)?"""
    return can_answer_in(user, round_) and user.organisation_id == organisation_id


def can_edit(user, response: Response) -> bool:
    """May the user change the text, the stance (and, in a draft, the organisations)?"""
    round_ = round_of(response)
    return any(can_draft_for(user, org_id, round_) for org_id in named_organisation_ids(response))


# -- signing -------------------------------------------------------------------------------

def may_sign_for_organisation(user, organisation_id: int) -> bool:
    """A politician, or an official authorised to sign, of that organisation."""
    if not is_staff(user) or user.organisation_id != organisation_id:
        return False
    return user.role == Role.POLITICIAN or (user.role == Role.OFFICIAL and bool(user.may_sign))


def awaits_signatures(response: Response) -> bool:
    """Is there a text to sign: a draft, or a proposed change of a published response?"""
    return response.status == ResponseStatus.DRAFT or response.draft_text is not None


def can_sign(user, response: Response) -> bool:
    """May the user sign the text as it stands now, for their organisation?"""
    if not awaits_signatures(response) or not can_respond(round_of(response)):
        return False
    link = next((link for link in response.organisations
                 if link.organisation_id == getattr(user, "organisation_id", None)), None)
    return (link is not None and link.signed_by_id is None
            and may_sign_for_organisation(user, link.organisation_id))


# -- each organisation's frame for a round ("Våra ramar", responses.mandates) ----------------

def can_write_mandate(user, round_, organisation_id: int) -> bool:
    """Politicians and officials write their own organisation's frame, in a round of a
    model area it belongs to, until the round is closed (before collection included)."""
    return (
        is_staff(user)
        and user.role in ANSWERING_ROLES
        and round_ is not None
        and not is_closed(round_)
        and user.organisation_id == organisation_id
        and organisation_id in _area_organisation_ids(round_)
    )


def can_sign_mandate(user, mandate) -> bool:
    """A signer of the organisation signs its frame while it waits for a signature."""
    return (
        mandate is not None
        and mandate.signed_by_id is None
        and bool(mandate.can_decide or mandate.cannot_decide)
        and can_write_mandate(user, mandate.round, mandate.organisation_id)
        and may_sign_for_organisation(user, mandate.organisation_id)
    )


# -- commitments ---------------------------------------------------------------------------

def can_add_commitment(user, response: Response, organisation_id: int) -> bool:
    """In a draft, whoever drafts for the organisation; once public, only its signers
    (a promise made in public is the organisation's word, so it needs its signature)."""
    if organisation_id not in named_organisation_ids(response):
        return False
    if not can_draft_for(user, organisation_id, round_of(response)):
        return False
    if response.status == ResponseStatus.DRAFT:
        return True
    return may_sign_for_organisation(user, organisation_id)


def can_report_on(user, commitment: Commitment) -> bool:
    """May the user post a progress update (and change the status) of the commitment?"""
    return (
        is_staff(user)
        and user.role in ANSWERING_ROLES
        and commitment.response.status == ResponseStatus.PUBLISHED
        and user.organisation_id == commitment.organisation_id
    )


def can_see_commitment_overview(user) -> bool:
    """The staff page of commitments: for the politicians and officials of an organisation."""
    return (is_staff(user) and user.role in ANSWERING_ROLES
            and user.organisation_id is not None)
