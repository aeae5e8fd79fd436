"""Accepting themes and publishing them: the decisions, each its own action.

Renaming a theme, moving its needs or editing its summary never accepts it (services.py);
only `accept` does, and `unaccept` takes it back (and out of the published themes at
once). Publishing shows residents the accepted themes only, as they are when it is done:
a theme accepted afterwards waits for the next publishing. The themes not accepted are
listed apart on the confirmation page, and a theme whose title is still the one the
machine suggested is published only when the facilitator confirmed exactly that theme
(a theme accepted meanwhile asks again).

Like every theme service these check the actor first and only flush.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme, ThemeStatus
from samskapande.themes.permissions import ThemeError, require_manager, round_of


class MachineTitlesNotConfirmed(ThemeError):
    """Publishing would show titles the machine suggested that no one confirmed."""


# -- accepting -------------------------------------------------------------------------------

def accept(theme: Theme, actor) -> None:
    """Accept a theme: it is published with the round's themes, and suggestions keep it."""
    require_manager(actor, round_of(theme))
    if theme.status == ThemeStatus.ACCEPTED:
        return  # a second click, or a second tab: nothing changes, nothing to audit
    theme.status = ThemeStatus.ACCEPTED
    record("theme.accepted", theme, actor=actor, round_id=theme.round_id, title=theme.title)
    db.session.flush()


def unaccept(theme: Theme, actor) -> None:
    """Take the acceptance back: the theme is no longer published, but new suggestions
    still leave it as the person left it."""
    require_manager(actor, round_of(theme))
    if theme.status != ThemeStatus.ACCEPTED:
        return
    theme.status = ThemeStatus.CHANGED
    theme.published = False  # accepting it again does not show it before publishing
    record("theme.unaccepted", theme, actor=actor, round_id=theme.round_id, title=theme.title)
    db.session.flush()


# -- publishing ------------------------------------------------------------------------------

@dataclass
class PublishPlan:
    """What publishing the round's themes now would show, and what it would leave out."""

    accepted: list[Theme]
    not_accepted: list[Theme]

    @property
    def waiting(self) -> list[Theme]:
        """Accepted themes residents do not see yet: publishing adds them."""
        return [t for t in self.accepted if not t.published]

    @property
    def machine_titled(self) -> list[Theme]:
        """Accepted themes whose title is still the machine's suggestion."""
        return [t for t in self.accepted if t.title_by_machine]

    @property
    def machine_titled_ids(self) -> list[int]:
        return [t.id for t in self.machine_titled]


def publish_plan(round_: Round) -> PublishPlan:
    themes = list(db.session.scalars(select(Theme).where(Theme.round_id == round_.id)
                                     .order_by(Theme.position, Theme.id)))
    return PublishPlan(accepted=[t for t in themes if t.status == ThemeStatus.ACCEPTED],
                       not_accepted=[t for t in themes if t.status != ThemeStatus.ACCEPTED])


def publish(round_: Round, actor, machine_titles_confirmed: Collection[int] = ()) -> None:
    """Publish the round's accepted themes; themes not accepted are not shown.

    `machine_titles_confirmed` holds the ids of the accepted themes whose machine-made
    title the facilitator confirmed; any other such theme refuses the publishing.
    """
    require_manager(actor, round_)
    plan = publish_plan(round_)
    if not plan.accepted:
        raise ThemeError(_l("Accept at least one theme before publishing."))
    unconfirmed = [t for t in plan.machine_titled if t.id not in set(machine_titles_confirmed)]
    if unconfirmed:
        raise MachineTitlesNotConfirmed(
            _l("These themes still have the title the app suggested: %(titles)s. Confirm "
               "that they are published with these titles, or rename them first.",
               titles=", ".join(f"“{t.title}”" for t in unconfirmed)),
            themes=[t.id for t in unconfirmed])
    for theme in plan.accepted:
        theme.published = True
    for theme in plan.not_accepted:
        theme.published = False
    round_.themes_published_at = utcnow()
    record("themes.published", round_, actor=actor, round_id=round_.id,
           themes=[t.id for t in plan.accepted], machine_titles=plan.machine_titled_ids,
           not_accepted=[t.id for t in plan.not_accepted])
    db.session.flush()


def unpublish(round_: Round, actor) -> None:
    require_manager(actor, round_)
    round_.themes_published_at = None
    record("themes.unpublished", round_, actor=actor, round_id=round_.id)
    db.session.flush()
