"""What the residents' pages read and change that no lower package answers on its own."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from samskapande.areas.models import ModelArea
from samskapande.core.identity import identity
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.responses.models import Response, ResponseStatus
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.phases import is_closed, is_running, public_rounds_condition
from samskapande.rounds.services import normalise_code
from samskapande.themes.models import Theme, ThemeNeed, ThemeStatus
from samskapande.voting.services import my_votes


def start_page_rounds() -> list[Round]:
    """The rounds listed on the start page, newest first (drafts are not shown)."""
    return list(db.session.scalars(
        select(Round).where(public_rounds_condition()).order_by(Round.created_at.desc())))


def joined_participant(round_code: str | None = None) -> Participant | None:
    """The participation this browser remembers, for the header's "You take part as …".

    On a round's pages, the one in that round; elsewhere (or in a round not joined) the
    one used most recently. Erased participations are left out.
    """
    remembered = identity().participations
    if not remembered:
        return None
    candidates = [
        p for p in db.session.scalars(
            select(Participant).where(Participant.id.in_(list(remembered.values())),
                                      Participant.erased_at.is_(None)))
        if remembered.get(p.round_id) == p.id
    ]
    if not candidates:
        return None
    if round_code:
        here = [p for p in candidates if p.round.code == normalise_code(round_code)]
        if here:
            return here[0]
    return max(candidates, key=lambda p: (p.last_seen_at or p.created_at, p.id))


@dataclass
class StartPage:
    """The start page's lists: rounds under way, the model areas, and finished rounds."""

    running: list[Round]
    areas: list[ModelArea]
    closed: list[Round]


def rounds_under_way(area: ModelArea) -> list[Round]:
    """The model area's rounds residents can take part in now, newest first."""
    return [round_ for round_ in start_page_rounds()
            if round_.model_area_id == area.id and is_running(round_)]


def start_page() -> StartPage:
    """Each public round once, under way or closed, and the model areas they belong to."""
    rounds = start_page_rounds()
    areas = {round_.model_area_id: round_.model_area for round_ in rounds}
    return StartPage(running=[r for r in rounds if is_running(r)],
                     areas=sorted(areas.values(), key=lambda area: area.name),
                     closed=[r for r in rounds if is_closed(r)])


@dataclass
class MyNeed:
    """One of the participant's needs with what became of it, for "My page"."""

    need: Need
    theme: Theme | None  # shown once the round's themes are published
    answered: bool


def my_needs(participant: Participant) -> list[MyNeed]:
    """The participant's needs, newest first, each with its theme and whether it is answered.

    A need counts as answered when a published response answers it or its accepted theme.
    """
    needs = list(db.session.scalars(
        select(Need).where(Need.participant_id == participant.id).order_by(Need.id.desc())))
    if not needs:
        return []
    ids = [n.id for n in needs]
    themes = _published_themes(participant.round, ids)
    answered_needs = set(db.session.scalars(
        select(Response.need_id).where(Response.need_id.in_(ids),
                                       Response.status == ResponseStatus.PUBLISHED)))
    theme_ids = [t.id for t in themes.values()]
    answered_themes = set(db.session.scalars(
        select(Response.theme_id).where(Response.theme_id.in_(theme_ids),
                                        Response.status == ResponseStatus.PUBLISHED)
    )) if theme_ids else set()
    return [
        MyNeed(need, themes.get(need.id),
               need.id in answered_needs
               or (need.id in themes and themes[need.id].id in answered_themes))
        for need in needs
    ]


def _published_themes(round_: Round, need_ids: list[int]) -> dict[int, Theme]:
    """Need id -> its accepted theme, once the round's themes are published (else empty)."""
    if round_.themes_published_at is None:
        return {}
    return dict(db.session.execute(
        select(ThemeNeed.need_id, Theme).join(Theme, Theme.id == ThemeNeed.theme_id)
        .where(ThemeNeed.need_id.in_(need_ids), Theme.status == ThemeStatus.ACCEPTED,
               Theme.published)).all())


def my_voted_needs(participant: Participant) -> list[tuple[Need, int]]:
    """The needs the participant supports, each with their dots (1 in support mode)."""
    votes = my_votes(participant)
    if not votes:
        return []
    voted = {need.id: need for need in db.session.scalars(
        select(Need).where(Need.id.in_(list(votes))))}
    return [(voted[need_id], dots) for need_id, dots in votes.items() if need_id in voted]
