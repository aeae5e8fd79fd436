"""What residents may see of responses: only published ones, with their history and
commitments, gathered per theme, per need, per round and per model area.

Drafts never leave this module: every query filters on status "published", and a change
waiting for signatures (draft_stance/draft_text) is never read. The labels come from
responses.services, so every page, mail and feed say the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.responses import services
from samskapande.responses.models import (
    Commitment,
    CommitmentUpdate,
    Response,
    ResponseStatus,
    ResponseVersion,
)
from samskapande.responses.services import (  # noqa: F401  (one place for the labels)
    COMMITMENT_STATUS_LABELS,
    STANCE_LABELS,
    commitment_status_label,
    current_signatures,
    display_status_label,
    limit_category_label,
    stance_label,
)
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme, ThemeNeed, ThemeStatus
from samskapande.themes.services import published_themes


def is_overdue(commitment: Commitment, today: date | None = None) -> bool:
    """Past its date (in Sweden) and neither done nor given up."""
    return services.is_overdue(commitment, today or services.local_today())


def display_status(commitment: Commitment, today: date | None = None) -> str:
    """"overdue" for an open commitment past its date, else its own status."""
    return services.display_status(commitment, today or services.local_today())


def is_changed(response: Response) -> bool:
    return response.version > 1


def _published():
    return (select(Response).where(Response.status == ResponseStatus.PUBLISHED)
            .options(selectinload(Response.organisations),
                     selectinload(Response.versions),
                     selectinload(Response.commitments).selectinload(Commitment.updates))
            .order_by(Response.published_at, Response.id))


def published_response(round_: Round, response_id: int) -> Response | None:
    response = db.session.get(Response, response_id)
    if response is None or response.status != ResponseStatus.PUBLISHED:
        return None
    return response if response_round_id(response) == round_.id else None


def response_round_id(response: Response) -> int:
    return response.theme.round_id if response.theme is not None else response.need.round_id


def response_url_values(response: Response) -> tuple[str, dict]:
    """The endpoint and values of a response's public page (for mails and feeds)."""
    round_ = db.session.get(Round, response_round_id(response))
    return "responses_public.response_page", {"code": round_.code, "response_id": response.id}


def for_theme(theme: Theme) -> list[Response]:
    """The theme's own published responses (not those to single needs in it)."""
    return list(db.session.scalars(_published().where(Response.theme_id == theme.id)))


def for_need(need: Need) -> list[Response]:
    """Published responses to the need itself, then to the published theme it is in."""
    own = list(db.session.scalars(_published().where(Response.need_id == need.id)))
    theme_ids = select(ThemeNeed.theme_id).where(ThemeNeed.need_id == need.id)
    round_ = db.session.get(Round, need.round_id)
    if round_.themes_published_at is None:
        return own
    return own + list(db.session.scalars(_published().where(Response.theme_id.in_(theme_ids))))


@dataclass
class ThemeFollowUp:
    """One published theme with every published response to it or to its needs."""

    theme: Theme
    responses: list[Response] = field(default_factory=list)
    need_responses: list[Response] = field(default_factory=list)

    @property
    def commitments(self) -> list[Commitment]:
        return [c for r in self.responses + self.need_responses for c in r.commitments]


@dataclass
class RoundFollowUp:
    round: Round
    themes: list[ThemeFollowUp]
    other: list[Response]  # responses to needs that are in no published theme

    @property
    def responses(self) -> list[Response]:
        return [r for t in self.themes for r in t.responses + t.need_responses] + self.other


def round_follow_up(round_: Round) -> RoundFollowUp:
    themes = published_themes(round_)
    placed = {link.need_id: theme.id for theme in themes for link in theme.needs}
    entries = {theme.id: ThemeFollowUp(theme) for theme in themes}
    other = []
    need_ids = select(Need.id).where(Need.round_id == round_.id)
    for response in db.session.scalars(_published().where(or_(
            Response.theme_id.in_([t.id for t in themes] or [-1]),
            Response.need_id.in_(need_ids)))):
        if response.theme_id is not None:
            entries[response.theme_id].responses.append(response)
        elif response.need_id in placed:
            entries[placed[response.need_id]].need_responses.append(response)
        else:
            other.append(response)
    return RoundFollowUp(round_, list(entries.values()), other)


@dataclass
class FollowUpSummary:
    """The top of "Ni sa – vi svarade – så blev det": what came of the residents' needs."""

    needs: int
    themes: int
    responses: int
    commitments: list[tuple[str, int]]  # (display status, count), every status in order

    @property
    def commitment_total(self) -> int:
        return sum(n for _status, n in self.commitments)


def follow_up_summary(follows: list[RoundFollowUp], today: date | None = None) -> FollowUpSummary:
    """Counts for one round, or for every round of a model area, on one day."""
    today = today or services.local_today()
    round_ids = [f.round.id for f in follows]
    needs = db.session.scalar(select(func.count(Need.id)).where(
        Need.round_id.in_(round_ids or [-1]), Need.status == NeedStatus.VISIBLE)) or 0
    by_status = dict.fromkeys(services.DISPLAY_STATUSES, 0)
    responses = [r for f in follows for r in f.responses]
    for response in responses:
        for commitment in response.commitments:
            by_status[services.display_status(commitment, today)] += 1
    return FollowUpSummary(needs, sum(len(f.themes) for f in follows), len(responses),
                           [(str(status), n) for status, n in by_status.items()])


def area_rounds(area_id: int) -> list[Round]:
    return list(db.session.scalars(
        select(Round).where(Round.model_area_id == area_id,
                            Round.themes_published_at.is_not(None))
        .order_by(Round.themes_published_at.desc(), Round.id.desc())))


@dataclass(frozen=True)
class LimitCount:
    """How often one kind of limit came up in a model area's published responses."""

    category: str
    label: str
    responses: int  # published responses naming it (at least once)
    rounds: int  # rounds those responses belong to


def area_limit_categories(area_id: int) -> list[LimitCount]:
    """The kinds of limit the area's published responses name, most often first.

    Across every round of the area; a response naming the same kind twice counts once.
    Only the public version of each response is read (never a change awaiting signatures).
    """
    rows = db.session.execute(
        select(Response.limits, func.coalesce(Theme.round_id, Need.round_id))
        .outerjoin(Theme, Theme.id == Response.theme_id)
        .outerjoin(Need, Need.id == Response.need_id)
        .join(Round, Round.id == func.coalesce(Theme.round_id, Need.round_id))
        .where(Response.status == ResponseStatus.PUBLISHED, Round.model_area_id == area_id))
    responses: dict[str, int] = {}
    rounds: dict[str, set[int]] = {}
    for limits, round_id in rows:
        for category in {limit.get("category") for limit in limits or ()} - {None}:
            responses[category] = responses.get(category, 0) + 1
            rounds.setdefault(category, set()).add(round_id)
    order = {str(c): i for i, c in enumerate(services.LIMIT_CATEGORY_LABELS)}
    return [LimitCount(category, services.limit_category_label(category), n,
                       len(rounds[category]))
            for category, n in sorted(responses.items(),
                                      key=lambda item: (-item[1], order.get(item[0], 99)))]


# -- what changed: for the feed and for "new since your last visit" -------------------------

@dataclass
class Event:
    """Something residents may want to know: a response, a new version, a follow-up."""

    kind: str  # "published", "updated" or "commitment"
    at: datetime
    response: Response
    version: ResponseVersion | None = None
    commitment: Commitment | None = None
    update: CommitmentUpdate | None = None

    @property
    def key(self) -> str:
        if self.update is not None:
            return f"commitment-update/{self.update.id}"
        if self.version is not None:
            return f"response/{self.response.id}/v{self.version.version}"
        return f"response/{self.response.id}"


def events_of(responses: list[Response], since: datetime | None = None) -> list[Event]:
    """Every public change of these responses (newest first), optionally only after `since`."""
    events = []
    for response in responses:
        if response.published_at is None:
            continue
        events.append(Event("published", response.published_at, response))
        for version in response.versions:
            if version.version > 1:
                events.append(Event("updated", version.created_at, response, version=version))
        for commitment in response.commitments:
            for update in commitment.updates:
                events.append(Event("commitment", update.created_at, response,
                                    commitment=commitment, update=update))
    if since is not None:
        events = [e for e in events if e.at > since]
    return sorted(events, key=lambda e: e.at, reverse=True)


def responses_for_needs(need_ids) -> list[Response]:
    """Published responses to any of the needs, or to a published theme holding one."""
    theme_ids = (select(ThemeNeed.theme_id).join(Theme).join(Round, Round.id == Theme.round_id)
                 .where(ThemeNeed.need_id.in_(need_ids), Theme.status == ThemeStatus.ACCEPTED,
                        Theme.published, Round.themes_published_at.is_not(None)))
    return list(db.session.scalars(_published().where(or_(
        Response.need_id.in_(need_ids), Response.theme_id.in_(theme_ids)))))


def news_for(participant, since: datetime) -> list[Event]:
    """Responses and follow-ups after `since` to needs the participant wrote or supported."""
    from samskapande.voting.models import Vote

    mine = select(Need.id).where(Need.participant_id == participant.id).union(
        select(Vote.need_id).where(Vote.participant_id == participant.id))
    return events_of(responses_for_needs(mine), since)
