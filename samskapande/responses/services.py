"""The rules for responses: drafting, signing, publishing, versions and the public queries.

How a response becomes public
-----------------------------
A politician or official drafts a response for their organisation, naming every
organisation it speaks for (two or more make it *joint*). Each named organisation must
sign it — a politician, or an official authorised to sign (`User.may_sign`). The text
is published automatically, as version 1, when the last signature arrives; the signing
page says so before anyone signs. A signature is a signature of one text: changing the
stance, the text ("Det här gör vi"), the limits, who decides, the organisations or the
commitments of a draft clears every signature.

Limits
------
A response names what stands in the way of a full yes as limits, each of a category
(`LimitCategory`) with its text, and says who decides, and when. A stance other than a
full yes needs at least one limit (`check_limits`): residents should never read "no"
without the reason in a form they can compare across responses and rounds.
The signing form carries a fingerprint of what was shown, so a text changed in between
is never signed unseen.

Changes after publishing (decision)
-----------------------------------
Every change of a published response — joint or single-organisation alike — is a
*proposed change* (`draft_stance`/`draft_text`) that needs the signatures of all named
organisations again, exactly like a draft. Until then the previous version stays public
unchanged; when the last signature arrives the change becomes the next version
(a ResponseVersion row with who edited and who signed). We chose one rule for all
responses over letting a single organisation's edit go public at once: a published word
is the organisation's word, so it changes only through the same confirmed signing step,
and a politician can never publish by mistake from an edit form. The organisations of a
published response are fixed (commitments and the public record refer to them).

Every action is written to the audit log in the same transaction. Publishing sends a
signal (core.signals.response_published / response_updated); samskapande.notifications
queues the residents' mails in the same transaction and sends them after the commit.
The hand-offs between staff are signalled the same way: `signature_requested` when a joint
draft needs other organisations' signatures (or needs them again), `signatures_cleared`
when a change removed signatures; a cleared link keeps what it signed and who cleared it.
The caller owns the transaction: these functions flush, never commit.

One response per subject and organisation
-----------------------------------------
An organisation named in a response to a theme (or need) answers that subject through it:
a second response naming it is refused (DuplicateResponse, which carries the existing
one, so the view can take the politician there). The rule, and why, is written in
responses.duplicates.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.core.signals import (
    response_published,
    response_updated,
    signature_requested,
    signatures_cleared,
)
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.responses import duplicates, permissions
from samskapande.responses.models import (
    Commitment,
    CommitmentStatus,
    LimitCategory,
    Response,
    ResponseOrganisation,
    ResponseStatus,
    ResponseVersion,
    Stance,
)
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme
from samskapande.themes.services import published_themes

# The words for stances and commitment statuses, the same on every page, mail and feed.
STANCE_LABELS = {
    Stance.YES: _l("Yes, we will do it"),
    Stance.PARTLY: _l("Partly"),
    Stance.INVESTIGATING: _l("We are looking into it"),
    Stance.NOT_NOW: _l("No, not now"),
}
COMMITMENT_STATUS_LABELS = {
    CommitmentStatus.PLANNED: _l("Planned"),
    CommitmentStatus.IN_PROGRESS: _l("In progress"),
    CommitmentStatus.DONE: _l("Done"),
    CommitmentStatus.NOT_DONE: _l("Not carried out"),
}
OPEN_STATUSES = {CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS}
LIMIT_CATEGORY_LABELS = {
    LimitCategory.LAW: _l("Law or regulation"),
    LimitCategory.MONEY: _l("Money"),
    LimitCategory.STAFF: _l("Staff and competence"),
    LimitCategory.OTHER_PRINCIPAL: _l("The other principal's responsibility"),
    LimitCategory.NATIONAL: _l("A national decision"),
    LimitCategory.INVESTIGATE: _l("Needs investigation"),
}
LIMIT_MAX = 1000  # characters of one limit's text
LIMITS_MAX = 10  # limits on one response
WHO_DECIDES_MAX = 1000


def stance_label(stance: str) -> str:
    return str(STANCE_LABELS.get(stance, stance))


def commitment_status_label(status: str) -> str:
    return str(COMMITMENT_STATUS_LABELS.get(status, status))


def limit_category_label(category: str) -> str:
    return str(LIMIT_CATEGORY_LABELS.get(category, category))


class ResponseError(Refusal):
    """A rule of responses said no; `message` is shown to the user."""


class LimitError(ResponseError):
    """The limits (or who decides) are refused; shown next to the limits."""


class ChangedMeanwhile(ResponseError):
    """Someone else saved the response after this form was opened (nothing was changed)."""


class DuplicateResponse(ResponseError):
    """An organisation the new response would name is named in `existing` already."""

    def __init__(self, message, existing: Response):
        super().__init__(message)
        self.existing = existing


round_of = permissions.round_of


def subject_of(response: Response) -> Theme | Need:
    return response.theme if response.theme_id is not None else response.need


def _audit(action: str, obj, actor, response: Response, **details) -> None:
    round_ = round_of(response)
    record(action, obj, actor=actor, round_id=round_.id, model_area_id=round_.model_area_id,
           response_id=response.id, **details)


# -- what can be answered ------------------------------------------------------------------

def answerable_themes(round_: Round) -> list[Theme]:
    """The round's published themes (only they, and their needs, can be answered)."""
    return published_themes(round_)


def answerable_need(round_: Round, need: Need) -> bool:
    theme_need_ids = {link.need_id for theme in answerable_themes(round_) for link in theme.needs}
    return need.round_id == round_.id and need.status == NeedStatus.VISIBLE and (
        need.id in theme_need_ids)


def awaiting_response(round_: Round) -> list[Theme]:
    """The round's published themes with no published response to the theme itself."""
    answered = set(db.session.scalars(
        select(Response.theme_id).where(Response.status == ResponseStatus.PUBLISHED,
                                        Response.theme_id.is_not(None))))
    return [theme for theme in answerable_themes(round_) if theme.id not in answered]


def responses_in_round(round_: Round) -> list[Response]:
    """Every response of the round, drafts included (for staff)."""
    return list(db.session.scalars(_of_round(select(Response), round_)
                                   .order_by(Response.created_at, Response.id)))


def _of_round(query, round_: Round):
    return (query.outerjoin(Theme, Theme.id == Response.theme_id)
            .outerjoin(Need, Need.id == Response.need_id)
            .where(or_(Theme.round_id == round_.id, Need.round_id == round_.id)))


# -- drafting ------------------------------------------------------------------------------

def _snapshot_author(response: Response, user) -> None:
    response.author_id = user.id
    response.author_name = user.name
    response.author_title = user.title or ""
    response.author_party = user.party or ""
    response.author_organisation = user.organisation.name if user.organisation else ""


def _check_organisations(round_: Round, actor, organisation_ids: set[int]) -> None:
    area_ids = {organisation.id for organisation in round_.model_area.organisations}
    if not organisation_ids:
        raise ResponseError(_l("Choose at least one organisation."))
    if not organisation_ids <= area_ids:
        raise ResponseError(_l("Choose organisations of the round's model area."))
    if actor.organisation_id not in organisation_ids:
        raise ResponseError(_l("A response you write must name your own organisation."))


def clean_limits(limits) -> list[dict]:
    """The limits as stored: [{"category", "text"}], rows with neither left out.

    Refuses a limit without a category or without a text, an unknown category and too
    many or too long limits (the form says so first; this is the rule).
    """
    cleaned = []
    for limit in limits or ():
        category = str(limit.get("category") or "").strip()
        text = str(limit.get("text") or "").strip()
        if not category and not text:
            continue
        if category not in set(LimitCategory):
            raise LimitError(_l("Choose what kind of limit it is."))
        if not text:
            raise LimitError(_l("Write what the limit is."))
        if len(text) > LIMIT_MAX:
            raise LimitError(_l("At most %(max)d characters.", max=LIMIT_MAX))
        cleaned.append({"category": category, "text": text})
    if len(cleaned) > LIMITS_MAX:
        raise LimitError(_l("At most %(max)d limits.", max=LIMITS_MAX))
    return cleaned


def check_limits(stance: str, limits: list[dict]) -> None:
    """A stance other than a full yes needs at least one limit."""
    if stance != Stance.YES and not limits:
        raise LimitError(_l("An answer other than a full yes needs at least one limit: "
                               "say what stands in the way, and choose its kind."))


def _clean_who_decides(who_decides: str | None) -> str:
    who_decides = (who_decides or "").strip()
    if len(who_decides) > WHO_DECIDES_MAX:
        raise LimitError(_l("At most %(max)d characters.", max=WHO_DECIDES_MAX))
    return who_decides


def text_with_limits(text: str, limits: list[dict], who_decides: str) -> str:
    """The text, then each limit as "Kind: text" and who decides, one to a line: what a
    signer compares with what they signed before."""
    lines = [text or ""]
    lines += [f"{limit_category_label(limit.get('category', ''))}: {limit.get('text', '')}"
              for limit in limits]
    if who_decides:
        lines.append(f"{_l('Who decides, and when:')} {who_decides}")
    return "\n".join(lines)


def limits_for_audit(limits: list[dict]) -> list[dict]:
    """The limits as the audit log keeps them: each kind and its first words."""
    return [{"limit_category": limit["category"], "limit_text": limit["text"][:200]}
            for limit in limits]


def create_draft(round_: Round, actor, *, stance: str, text: str, organisation_ids,
                 theme: Theme | None = None, need: Need | None = None,
                 submission_key: str | None = None, limits=(),
                 who_decides: str = "") -> Response:
    """Draft a response to a published theme or one of its needs (not public yet).

    Refused with DuplicateResponse when a response to the same subject names one of the
    organisations already (see responses.duplicates); two drafts started at the same
    moment are serialised by the subject's lock, so the second is refused too.
    """
    if submission_key:
        existing = _resent(actor, submission_key)
        if existing is not None:  # a double click or a resent form drafts once
            return existing
    if not permissions.can_answer_in(actor, round_):
        raise ResponseError(_l("You cannot write responses in this round."))
    if (theme is None) == (need is None):
        raise ResponseError(_l("Answer either a theme or a need."))
    if theme is not None and theme not in answerable_themes(round_):
        raise ResponseError(_l("Only published themes can be answered."))
    if need is not None and not answerable_need(round_, need):
        raise ResponseError(_l("Only needs in published themes can be answered."))
    organisation_ids = set(organisation_ids)
    _check_organisations(round_, actor, organisation_ids)
    limits, who_decides = clean_limits(limits), _clean_who_decides(who_decides)
    check_limits(Stance(stance), limits)
    duplicates.lock_subject(theme, need)
    if submission_key:
        existing = _resent(actor, submission_key)  # the same form, sent twice at once
        if existing is not None:
            return existing
    _refuse_duplicates(actor, organisation_ids, theme=theme, need=need)
    response = Response(theme_id=getattr(theme, "id", None), need_id=getattr(need, "id", None),
                        stance=Stance(stance), text=text, limits=limits,
                        who_decides=who_decides, status=ResponseStatus.DRAFT,
                        version=0, submission_key=submission_key or None)
    _snapshot_author(response, actor)
    response.organisations = [ResponseOrganisation(organisation_id=org_id)
                              for org_id in sorted(organisation_ids)]
    db.session.add(response)
    db.session.flush()
    _audit("response.drafted", response, actor, response, stance=str(stance),
           organisations=sorted(organisation_ids), limits=limits_for_audit(limits),
           who_decides=who_decides[:200])
    _request_signatures(response, actor, organisation_ids)
    return response


def _resent(actor, submission_key: str) -> Response | None:
    return db.session.scalar(select(Response).where(
        Response.submission_key == submission_key, Response.author_id == actor.id))


def _refuse_duplicates(actor, organisation_ids: set[int], *, theme: Theme | None,
                       need: Need | None, besides: Response | None = None) -> None:
    """Refuse a response that would name an organisation already named on the subject."""
    existing = [r for r in duplicates.responses_naming(organisation_ids, theme=theme,
                                                       need=need) if r is not besides]
    if not existing:
        return
    own = next((r for r in existing if actor.organisation_id
                in permissions.named_organisation_ids(r)), None)
    if own is not None:
        raise DuplicateResponse(_l("Your organisation already has a response here. "
                                   "Continue that one instead of starting a second."), own)
    named = sorted({link.organisation.name for r in existing for link in r.organisations
                    if link.organisation_id in organisation_ids})
    raise DuplicateResponse(
        _l("%(organisations)s already answers here in another response. Leave them out, "
           "or ask them to name your organisation in theirs.",
           organisations=", ".join(named)), existing[0])


def _clear_signatures(response: Response, actor, change: set[str]) -> list[tuple[int, int]]:
    """Remove every signature given so far (they signed what was there before the change).

    Each cleared link keeps what it signed and records who cleared it, when and what the
    change touched (`change`: "stance", "text", "limits", "who_decides", "organisations",
    "commitments"). Returns
    [(organisation_id, signer_user_id)] of the signatures removed; empty when none were.
    Sends `signatures_cleared` and, while something awaits signatures, asks the cleared
    organisations (not the actor's own) to sign again.
    """
    cleared: list[tuple[int, int]] = []
    now = utcnow()
    for link in response.organisations:
        if link.signed_by_id is not None:
            cleared.append((link.organisation_id, link.signed_by_id))
            link.cleared_at, link.cleared_by_id = now, actor.id
            link.cleared_by_name = actor.name
            link.cleared_change = ",".join(sorted(change))
        link.signed_by_id = link.signed_at = None
        link.signer_name = link.signer_title = link.signer_party = ""
    if cleared:
        db.session.flush()
        signatures_cleared.send(response, actor=actor, change=set(change), cleared=cleared)
        _request_signatures(response, actor, {org_id for org_id, _ in cleared})
    return cleared


def _request_signatures(response: Response, actor, organisation_ids: set[int]) -> None:
    """Tell the named, unsigned organisations (never the actor's own) that they must sign."""
    if not permissions.awaits_signatures(response):
        return
    unsigned = {link.organisation_id for link in missing_signatures(response)}
    wanted = sorted((set(organisation_ids) & unsigned) - {actor.organisation_id})
    if wanted:
        signature_requested.send(response, organisation_ids=wanted, actor=actor)


def text_to_sign(response: Response) -> tuple[str, str]:
    """(stance, text) that signatures are collected for now."""
    if response.status == ResponseStatus.PUBLISHED and response.draft_text is not None:
        return response.draft_stance, response.draft_text
    return response.stance, response.text


def limits_to_sign(response: Response) -> tuple[list[dict], str]:
    """(limits, who decides) that signatures are collected for now."""
    if response.status == ResponseStatus.PUBLISHED and response.draft_text is not None:
        return list(response.draft_limits or []), response.draft_who_decides or ""
    return list(response.limits or []), response.who_decides or ""


def _lock_afresh(response: Response) -> None:
    """Take the response's write lock and read it again, as it is now.

    A no-op UPDATE locks the row until the commit on PostgreSQL, and takes the database's
    write lock on SQLite; a second editor waits here, then reads what the first saved.
    """
    table = Response.__table__
    db.session.flush()
    db.session.execute(update(table).where(table.c.id == response.id)
                       .values(version=table.c.version))
    db.session.expire_all()  # what this request loaded before may be stale by now
    db.session.refresh(response)


def edit(response: Response, actor, *, stance: str, text: str,
         organisation_ids=None, based_on: str | None = None, limits=None,
         who_decides: str | None = None) -> bool:
    """Change a draft, or propose a change of a published response; False if nothing changed.

    `based_on` is the fingerprint the edit form was opened on: when the response has
    changed since (two editors saving at once included), ChangedMeanwhile is raised and
    nothing is changed. Any change clears the signatures given so far (they signed the
    previous text). `limits`/`who_decides` left out (None) stay as they are.
    """
    _lock_afresh(response)
    if based_on is not None and based_on != fingerprint(response):
        raise ChangedMeanwhile(_l("Someone changed the response after you opened this form. "
                                  "Compare with the text now saved, then save again."))
    if not permissions.can_edit(actor, response):
        raise ResponseError(_l("You cannot change this response."))
    stance = Stance(stance)
    round_ = round_of(response)
    published = response.status == ResponseStatus.PUBLISHED
    new_ids = set(organisation_ids) if organisation_ids is not None else None
    if published and new_ids is not None and new_ids != permissions.named_organisation_ids(
            response):
        raise ResponseError(_l("The organisations of a published response cannot change."))
    if new_ids is not None and not published:
        _check_organisations(round_, actor, new_ids)
        _refuse_duplicates(actor, new_ids - permissions.named_organisation_ids(response),
                           theme=response.theme, need=response.need, besides=response)
        orphaned = [c for c in response.commitments if c.organisation_id not in new_ids]
        if orphaned:
            raise ResponseError(_l("Remove the commitments of an organisation before "
                                   "removing the organisation."))
    old_ids = permissions.named_organisation_ids(response)
    old_stance, old_text = text_to_sign(response)
    old_limits, old_who = limits_to_sign(response)
    limits = old_limits if limits is None else clean_limits(limits)
    who_decides = old_who if who_decides is None else _clean_who_decides(who_decides)
    check_limits(stance, limits)
    change = {code for code, changed in (
        ("stance", stance != old_stance), ("text", text != old_text),
        ("limits", limits != old_limits), ("who_decides", who_decides != old_who),
        ("organisations", new_ids is not None and new_ids != old_ids)) if changed}
    if not change:
        return False
    if published:
        if (stance, text, limits, who_decides) == (
                response.stance, response.text, list(response.limits or []),
                response.who_decides or ""):  # back to the public text
            response.draft_stance = response.draft_text = None
            response.draft_limits = response.draft_who_decides = None
        else:
            response.draft_stance, response.draft_text = stance, text
            response.draft_limits, response.draft_who_decides = limits, who_decides
        action = "response.change_proposed"
    else:
        response.stance, response.text = stance, text
        response.limits, response.who_decides = limits, who_decides
        if new_ids is not None and new_ids != old_ids:
            response.organisations = (
                [link for link in response.organisations if link.organisation_id in new_ids]
                + [ResponseOrganisation(organisation_id=org_id)
                   for org_id in sorted(new_ids - old_ids)])
        action = "response.edited"
    db.session.flush()
    cleared = _clear_signatures(response, actor, change)
    _audit(action, response, actor, response, stance=str(stance),
           organisations=sorted(permissions.named_organisation_ids(response)),
           limits=limits_for_audit(limits), who_decides=who_decides[:200],
           signatures_cleared=bool(cleared))
    added = (new_ids - old_ids) - {org_id for org_id, _ in cleared} if new_ids else set()
    _request_signatures(response, actor, added)
    db.session.flush()
    return True


def discard_change(response: Response, actor) -> None:
    """Drop the proposed change of a published response; the public version stays."""
    if not permissions.can_edit(actor, response) or response.draft_text is None:
        raise ResponseError(_l("There is no proposed change to discard."))
    change = {code for code, changed in (
        ("stance", response.draft_stance != response.stance),
        ("text", response.draft_text != response.text),
        ("limits", list(response.draft_limits or []) != list(response.limits or [])),
        ("who_decides", (response.draft_who_decides or "") != (response.who_decides or "")),
    ) if changed}
    response.draft_stance = response.draft_text = None
    response.draft_limits = response.draft_who_decides = None
    _clear_signatures(response, actor, change)  # nothing awaits them now: none requested
    _audit("response.change_discarded", response, actor, response)
    db.session.flush()


# -- signing and publishing ----------------------------------------------------------------

def fingerprint(response: Response) -> str:
    """A short digest of everything a signer is shown: stance, text, limits, who decides,
    organisations and commitments. The signing form carries it; a different digest means
    the text changed."""
    stance, text = text_to_sign(response)
    limits, who_decides = limits_to_sign(response)
    content = {
        "stance": stance, "text": text, "limits": limits, "who_decides": who_decides,
        "organisations": sorted(permissions.named_organisation_ids(response)),
        "commitments": [[c.id, c.organisation_id, c.text, str(c.due_on),
                         c.responsible_role or ""] for c in response.commitments],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:32]


def missing_signatures(response: Response) -> list[ResponseOrganisation]:
    return [link for link in response.organisations if link.signed_by_id is None]


def sign(response: Response, actor, shown_fingerprint: str) -> str:
    """Sign the text for the actor's organisation; publish when it was the last signature.

    Returns "signed", "published" (first version public) or "updated" (a new version
    public). Two signatures at once still publish exactly once: everything is read afresh,
    the response row is locked (PostgreSQL), and the count of missing signatures is read
    from the database after our own is written (SQLite serialises the writes).
    """
    db.session.expire_all()  # what this request loaded before may be stale by now
    db.session.refresh(response, with_for_update=True)
    if not permissions.can_sign(actor, response):
        raise ResponseError(_l("You cannot sign this response (or it is signed already)."))
    if shown_fingerprint != fingerprint(response):
        raise ResponseError(_l("The response changed after you opened it. Read it again "
                               "before you sign."))
    link = next(link for link in response.organisations
                if link.organisation_id == actor.organisation_id)
    link.signed_by_id, link.signed_at = actor.id, utcnow()
    link.signer_name, link.signer_title = actor.name, actor.title or ""
    link.signer_party = actor.party or ""
    link.signed_stance, link.signed_text = text_to_sign(response)
    link.signed_limits, link.signed_who_decides = limits_to_sign(response)
    link.cleared_at = link.cleared_by_id = None
    link.cleared_by_name = link.cleared_change = ""
    _audit("response.signed", response, actor, response, organisation_id=link.organisation_id)
    db.session.flush()
    unsigned = db.session.scalar(
        select(func.count()).select_from(ResponseOrganisation).where(
            ResponseOrganisation.response_id == response.id,
            ResponseOrganisation.signed_by_id.is_(None)))
    outcome = "signed"
    if unsigned == 0:
        for other in response.organisations:
            db.session.refresh(other)
        outcome = _publish(response, actor)
        db.session.flush()
        # The residents' mails are queued now, in this transaction: a failure to queue
        # them fails the signature too, and they are sent only once it is committed.
        signal = response_published if outcome == "published" else response_updated
        signal.send(response)
    return outcome


def _publish(response: Response, actor) -> str:
    now = utcnow()
    first = response.status == ResponseStatus.DRAFT
    if first:
        response.status, response.published_at, response.version = (
            ResponseStatus.PUBLISHED, now, 1)
    else:
        response.stance, response.text = response.draft_stance, response.draft_text
        response.limits = list(response.draft_limits or [])
        response.who_decides = response.draft_who_decides or ""
        response.draft_stance = response.draft_text = None
        response.draft_limits = response.draft_who_decides = None
        response.version += 1
        response.updated_at = now
    signatures = [{"organisation": link.organisation.name, "name": link.signer_name,
                   "title": link.signer_title, "party": link.signer_party,
                   "signed_at": link.signed_at.isoformat()} for link in response.organisations]
    response.versions.append(ResponseVersion(
        version=response.version, stance=response.stance, text=response.text,
        limits=list(response.limits or []), who_decides=response.who_decides or "",
        edited_by_id=actor.id, edited_by_name=actor.name, signatures=signatures,
        created_at=now))
    _audit("response.published" if first else "response.version_published", response, actor,
           response, version=response.version)
    return "published" if first else "updated"


# -- for the public pages (samskapande.responses.public) -----------------------------------

def _published():
    return (select(Response).where(Response.status == ResponseStatus.PUBLISHED)
            .order_by(Response.published_at, Response.id))


def published_responses_for_theme(theme: Theme) -> list[Response]:
    return list(db.session.scalars(_published().where(Response.theme_id == theme.id)))


def published_responses_for_need(need: Need) -> list[Response]:
    """Responses to this one need (not those to its theme)."""
    return list(db.session.scalars(_published().where(Response.need_id == need.id)))


def responses_for_round(round_: Round) -> list[Response]:
    """The round's published responses, to themes and to needs, oldest first."""
    return list(db.session.scalars(_of_round(_published(), round_)))


def response_history(response: Response) -> list[ResponseVersion]:
    """The published versions, newest first (who changed it, when, who signed)."""
    return sorted(response.versions, key=lambda v: v.version, reverse=True)


def current_signatures(response: Response) -> list[dict]:
    """Who signed the public version (stays true while a change awaits signatures)."""
    history = response_history(response)
    return history[0].signatures if history else []


def local_today() -> date:
    """Today in Sweden, the day due dates are counted in."""
    return utcnow().astimezone(ZoneInfo("Europe/Stockholm")).date()


def is_overdue(commitment: Commitment, today: date) -> bool:
    """Past its date and neither done nor given up."""
    return (commitment.due_on is not None and commitment.status in OPEN_STATUSES
            and commitment.due_on < today)


# A commitment without a progress report for this long is "quiet": it waits on the staff's
# to-do list, on their commitments page, and is reminded of by mail (notifications.reminders).
QUIET_DAYS = 90
# "Due soon": due within this many days (the to-do list, the commitments page).
DUE_SOON_DAYS = 30


def is_due_soon(commitment: Commitment, today: date) -> bool:
    """Open, not overdue, and due within DUE_SOON_DAYS."""
    return (commitment.due_on is not None and commitment.status in OPEN_STATUSES
            and today <= commitment.due_on <= today + timedelta(days=DUE_SOON_DAYS))


def last_activity(commitment: Commitment, last_update: datetime | None) -> datetime | None:
    """When anything was last heard of the commitment: its latest update, or else when it
    was published (or made)."""
    return last_update or commitment.response.published_at or commitment.created_at


def quiet_since(commitment: Commitment, last_update: datetime | None,
                today: date) -> date | None:
    """The day of the last activity if it is QUIET_DAYS or more ago (and the commitment is
    still open), else None."""
    if commitment.status not in OPEN_STATUSES:
        return None
    last = last_activity(commitment, last_update)
    if last is None or last.date() > today - timedelta(days=QUIET_DAYS):
        return None
    return last.date()


# The status residents read first: "overdue" (derived by is_overdue) before the stored one.
OVERDUE = "overdue"
DISPLAY_STATUSES = (CommitmentStatus.DONE, CommitmentStatus.IN_PROGRESS, OVERDUE,
                    CommitmentStatus.PLANNED, CommitmentStatus.NOT_DONE)


def display_status(commitment: Commitment, today: date) -> str:
    return OVERDUE if is_overdue(commitment, today) else str(commitment.status)


def display_status_label(status: str) -> str:
    return str(_l("Overdue")) if status == OVERDUE else commitment_status_label(status)
