"""The rules for needs: submitting, finding similar ones, browsing, editing, moderating.

Views parse forms and call these; tests call them directly. The services flush and
leave the commit to the caller (the request, or `unit_of_work()`), and check the actor
themselves: the author for their own changes, the round's facilitators for moderation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update

from samskapande.areas.models import Category, Goal
from samskapande.audit.services import record
from samskapande.core import swedish
from samskapande.core.database import insert_ignoring_conflict
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.needs.models import NEED_MAX_LENGTH, Need, NeedReferral, NeedStatus
from samskapande.needs.permissions import can_moderate_need, is_author, still_changeable
from samskapande.rounds.models import ModerationMode, Participant, Round
from samskapande.rounds.phases import can_change_own_need, can_submit_need
from samskapande.voting.models import Vote

PER_PAGE = 20
SORTS = ("support", "newest", "random")


class NeedError(Refusal):
    """A rule said no; the message is translated and meant for the person who tried.

    `details["field"]` names the form field it is about, when it is not the text.
    """


def _check_text(text: str) -> None:
    if not text or len(text) > NEED_MAX_LENGTH:
        raise NeedError(_l("Write your need in at most %(max)d characters.",
                           max=NEED_MAX_LENGTH))


def _check_choices(round_: Round, category_id: int | None, goal_id: int | None) -> None:
    """A need's category and goal are those of its round's model area, or none."""
    if category_id is not None:
        category = db.session.get(Category, category_id)
        if category is None or category.model_area_id != round_.model_area_id:
            raise NeedError(_l("Choose a category of this model area."), field="category")
    if goal_id is not None:
        goal = db.session.get(Goal, goal_id)
        if goal is None or goal.model_area_id != round_.model_area_id:
            raise NeedError(_l("Choose a goal of this model area."), field="goal")


def _check_moderator(need: Need, actor) -> None:
    if not can_moderate_need(actor, need):
        raise NeedError(_l("Only the round's facilitators can do that."))


# -- submitting ----------------------------------------------------------------------------

def submit_need(round_: Round, participant: Participant, text: str, *,
                category_id: int | None = None, goal_id: int | None = None,
                submission_key: str | None = None) -> Need:
    """Save a resident's need; the same submission key twice gives the need saved first.

    A form sent twice at the same moment inserts once: the second insert finds the first
    one's key and stores nothing, so neither request fails.
    """
    if submission_key:
        existing = _by_key(submission_key)
        if existing is not None:
            return existing
    if participant is None or participant.round_id != round_.id:
        raise NeedError(_l("Join the round or continue with your personal code first."))
    if not can_submit_need(round_):
        raise NeedError(_l("The round is not collecting needs right now."))
    _check_text(text)
    _check_choices(round_, category_id, goal_id)
    values = {
        "round_id": round_.id,
        "participant_id": participant.id,
        "text": text,
        "category_id": category_id,
        "goal_id": goal_id,
        "status": NeedStatus.PENDING if round_.moderation == ModerationMode.PRE
        else NeedStatus.VISIBLE,
        "search_terms": swedish.search_terms(text),
    }
    if not submission_key:
        need = Need(**values)
        db.session.add(need)
        db.session.flush()
        return need
    insert_ignoring_conflict(db.session, Need.__table__, submission_key=submission_key,
                             **values)
    return _by_key(submission_key)


def _by_key(submission_key: str) -> Need | None:
    return db.session.scalar(select(Need).where(Need.submission_key == submission_key))


def similar_needs(round_: Round, text: str, limit: int = 5,
                  exclude_id: int | None = None) -> list[Need]:
    """Up to `limit` public needs of the round that say much the same as `text`."""
    terms = sorted(swedish.query_terms(text), key=len, reverse=True)[:6]
    if not terms:
        return []
    # Candidates share at least one stem (or a compound containing it); ranked in Python.
    query = (
        select(Need.id, Need.text)
        .where(Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE,
               or_(*[Need.search_terms.contains(term[:6], autoescape=True) for term in terms]))
        .limit(400)
    )
    if exclude_id is not None:
        query = query.where(Need.id != exclude_id)
    candidates = [(row.id, row.text) for row in db.session.execute(query)]
    ranked = swedish.most_similar(text, candidates, limit=limit)
    needs = {n.id: n for n in db.session.scalars(
        select(Need).where(Need.id.in_([nid for nid, _ in ranked])))}
    return [needs[nid] for nid, _ in ranked]


# -- browsing ------------------------------------------------------------------------------

@dataclass
class NeedPage:
    items: list[tuple[Need, int]]
    total: int
    page: int
    pages: int


def support_subquery(round_id: int):
    """Each need of the round with the sum of its votes (needs without votes are absent)."""
    return (
        select(Vote.need_id, func.sum(Vote.dots).label("support"))
        .where(Vote.round_id == round_id)
        .group_by(Vote.need_id)
        .subquery()
    )


def list_needs(round_: Round, *, sort: str = "support", participant: Participant | None = None,
               category_id: int | None = None, goal_id: int | None = None,
               query: str | None = None, page: int = 1, per_page: int = PER_PAGE) -> NeedPage:
    """A page of the round's public needs, each with its support."""
    conditions = [Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE]
    if category_id:
        conditions.append(Need.category_id == category_id)
    if goal_id:
        conditions.append(Need.goal_id == goal_id)
    for term in swedish.query_terms(query or ""):
        conditions.append(Need.search_terms.contains(term, autoescape=True))
    where = and_(*conditions)

    total = db.session.scalar(select(func.count(Need.id)).where(where)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    # First the ids of the page, sorting narrow rows; then those needs and their support.
    ids = select(Need.id).where(where)
    if sort == "newest":
        ids = ids.order_by(Need.created_at.desc(), Need.id.desc())
    elif sort == "random":
        # A stable shuffle per participant (against position bias), the same on every page.
        seed = (participant.id * 7919 % 10007) if participant else 0
        ids = ids.order_by((Need.id * 7907 + seed) % 10009, Need.id)
    else:
        support = support_subquery(round_.id)
        ids = ids.outerjoin(support, support.c.need_id == Need.id).order_by(
            func.coalesce(support.c.support, 0).desc(), Need.created_at.desc(), Need.id.desc())
    page_ids = list(db.session.scalars(ids.limit(per_page).offset((page - 1) * per_page)))
    needs = {n.id: n for n in db.session.scalars(select(Need).where(Need.id.in_(page_ids)))}
    support_by_id = support_of(page_ids)
    items = [(needs[i], support_by_id.get(i, 0)) for i in page_ids]
    return NeedPage(items, total, page, pages)


def support_of(need_ids) -> dict[int, int]:
    ids = list(need_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Vote.need_id, func.sum(Vote.dots)).where(Vote.need_id.in_(ids))
        .group_by(Vote.need_id)
    )
    return {need_id: int(total) for need_id, total in rows}


def visible_needs(round_) -> list[tuple[Need, int]]:
    """All public needs of the round, newest first, each with its support."""
    return list_needs(round_, sort="newest", per_page=10_000).items


def needs_of(participant) -> list[Need]:
    return list(db.session.scalars(
        select(Need).where(Need.participant_id == participant.id).order_by(Need.id)
    ))


def need_for_viewer(round_: Round, need_id: int, participant: Participant | None) -> Need | None:
    """A need as the viewer may see it: public ones, and the viewer's own in any state."""
    need = db.session.get(Need, need_id)
    if need is None or need.round_id != round_.id:
        return None
    if need.status == NeedStatus.VISIBLE:
        return need
    if participant is not None and need.participant_id == participant.id:
        return need
    if need.status == NeedStatus.MERGED:
        return need  # shown as "merged into", with a link
    return None


# -- the author's own changes --------------------------------------------------------------

def _check_author(need: Need, participant: Participant) -> None:
    """Refuse unless `author_may_change` (needs.permissions), saying which part failed."""
    if not is_author(participant, need):
        raise NeedError(_l("Only the person who wrote a need can change it."))
    if not still_changeable(need):
        if not can_change_own_need(need.round):
            raise NeedError(_l("Needs can no longer be changed: voting has started."))
        raise NeedError(_l("This need can no longer be changed."))


def edit_need(need: Need, participant: Participant, text: str, *,
              category_id: int | None = None, goal_id: int | None = None) -> Need:
    """The author rewrites their need (and its category and goal) while they still may."""
    _check_author(need, participant)
    _check_text(text)
    _check_choices(need.round, category_id, goal_id)
    need.text = text
    need.category_id = category_id
    need.goal_id = goal_id
    need.search_terms = swedish.search_terms(text)
    need.updated_at = utcnow()
    db.session.flush()
    return need


def withdraw_need(need: Need, participant: Participant) -> None:
    """The author takes their need back while they still may; it is shown no more."""
    _check_author(need, participant)
    need.status = NeedStatus.WITHDRAWN
    need.updated_at = utcnow()
    db.session.flush()


# -- moderation by the facilitator ---------------------------------------------------------

def moderation_queue(round_: Round, status: str | None = None) -> list[Need]:
    query = select(Need).where(Need.round_id == round_.id)
    if status:
        query = query.where(Need.status == status)
    else:
        query = query.where(Need.status.in_([NeedStatus.PENDING, NeedStatus.VISIBLE,
                                             NeedStatus.HIDDEN]))
    return list(db.session.scalars(query.order_by(
        (Need.status == NeedStatus.PENDING).desc(), Need.created_at.desc(), Need.id.desc())))


def approve_need(need: Need, actor) -> None:
    """A facilitator of the round makes the need public (audited)."""
    _check_moderator(need, actor)
    need.status = NeedStatus.VISIBLE
    need.hidden_reason = None
    record("need.approved", need, actor=actor, round_id=need.round_id)
    db.session.flush()


def hide_need(need: Need, actor, reason: str) -> None:
    """A facilitator of the round hides the need with a reason its author sees (audited)."""
    _check_moderator(need, actor)
    if not reason:
        raise NeedError(_l("Write the reason the author will see."))
    need.status = NeedStatus.HIDDEN
    need.hidden_reason = reason
    record("need.hidden", need, actor=actor, reason=reason, round_id=need.round_id)
    db.session.flush()


def merge_needs(duplicate: Need, into: Need, actor) -> None:
    """Merge a duplicate into another need; its votes move, and nobody is counted twice.

    In dot voting a participant who backed both keeps the dots up to the round's limit
    per need; dots above it are given back to them. A duplicate that was not public
    (pending or hidden) becomes MERGED_HIDDEN: merging must not publish its text.
    """
    _check_moderator(duplicate, actor)
    if duplicate.id == into.id or duplicate.round_id != into.round_id:
        raise NeedError(_l("Choose another need of the same round to merge into."))
    if into.status != NeedStatus.VISIBLE:
        raise NeedError(_l("Needs can only be merged into a visible need."))
    _move_votes(duplicate, into)
    was_public = duplicate.status == NeedStatus.VISIBLE
    duplicate.status = NeedStatus.MERGED if was_public else NeedStatus.MERGED_HIDDEN
    duplicate.merged_into_id = into.id
    record("need.merged", duplicate, actor=actor, round_id=duplicate.round_id, into=into.id)
    db.session.flush()


def _refund(participant_id: int, dots: int) -> None:
    """Give dots back in the database itself: the count changes by UPDATE (see voting)."""
    db.session.execute(
        update(Participant).where(Participant.id == participant_id)
        .values(dots_used=Participant.dots_used - dots),
        execution_options={"synchronize_session": False},
    )
    loaded = db.session.identity_map.get(db.session.identity_key(Participant, participant_id))
    if loaded is not None:
        db.session.expire(loaded, ["dots_used"])


def _move_votes(duplicate: Need, into: Need) -> None:
    """The duplicate's votes go to `into`; nobody's support counts twice (dots refunded)."""
    round_ = duplicate.round
    limit = round_.max_dots_per_need if round_.voting_mode == "dots" else 1
    target_votes = {v.participant_id: v for v in db.session.scalars(
        select(Vote).where(Vote.need_id == into.id))}
    for vote in db.session.scalars(select(Vote).where(Vote.need_id == duplicate.id)).all():
        existing = target_votes.get(vote.participant_id)
        if existing is None:
            vote.need_id = into.id
            continue
        combined = min(limit, existing.dots + vote.dots)
        refund = existing.dots + vote.dots - combined
        existing.dots = combined
        if refund:
            _refund(vote.participant_id, refund)
        db.session.delete(vote)
    db.session.flush()


def referral_of(need: Need) -> NeedReferral | None:
    """The organisation a facilitator referred the need to, with the reason, if any."""
    return db.session.get(NeedReferral, need.id)
