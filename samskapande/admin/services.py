"""Organisations, model areas and their målbild: every change is audited.

Every service checks that its actor may administer (admin.permissions), and raises
`Invalid` (naming the form field in `details["field"]`, when there is one) before it
changes anything, so a view can show the message beside the field. The caller owns the
transaction: services flush, never commit.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.admin.permissions import can_administer
from samskapande.areas.models import Goal, GoalStatus, ModelArea, Organisation
from samskapande.audit.services import record
from samskapande.core.refusals import Refusal
from samskapande.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(Refusal):
    """The input breaks a rule the form alone cannot check (e.g. a name already taken), or
    the actor may not administer; `details["field"]` names the form field, if any."""


NOT_ALLOWED = _l("You do not have access to this page")


def check_administrator(actor) -> None:
    """Refuse anyone but an active admin (every change here is the installation's)."""
    if not can_administer(actor):
        raise Invalid(NOT_ALLOWED)


# -- organisations -------------------------------------------------------------------------

def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def _check_organisation_name(name: str, organisation: Organisation | None) -> None:
    # Compared in Python: SQLite's lower() leaves Å, Ä and Ö alone. Organisations are few.
    others = db.session.execute(select(Organisation.id, Organisation.name))
    if any(name.casefold() == other.casefold() for id_, other in others
           if organisation is None or id_ != organisation.id):
        raise Invalid(_l("There is already an organisation with that name."), field="name")


def create_organisation(name: str, kind: str, actor) -> Organisation:
    check_administrator(actor)
    _check_organisation_name(name, None)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    record("organisation.created", organisation, actor=actor, name=name, kind=kind)
    return organisation


def update_organisation(organisation: Organisation, name: str, kind: str, actor) -> None:
    check_administrator(actor)
    _check_organisation_name(name, organisation)
    before = {"name": organisation.name, "kind": organisation.kind}
    after = {"name": name, "kind": kind}
    if before == after:
        return
    organisation.name, organisation.kind = name, kind
    record("organisation.updated", organisation, actor=actor, before=before, after=after)
    db.session.flush()


# -- model areas ---------------------------------------------------------------------------

def model_areas() -> list[ModelArea]:
    return list(db.session.scalars(select(ModelArea).order_by(ModelArea.name)))


def _check_area(slug: str, area: ModelArea | None) -> None:
    if not SLUG_RE.match(slug):
        raise Invalid(_l("Use lower-case letters a–z, digits and single hyphens, "
                         "e.g. “solleftea”."), field="slug")
    query = select(ModelArea.id).where(ModelArea.slug == slug)
    if area is not None:
        query = query.where(ModelArea.id != area.id)
    if db.session.scalar(query) is not None:
        raise Invalid(_l("Another model area has that web address."), field="slug")


def _organisations_by_id(ids: list[int]) -> list[Organisation]:
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))
                                   .order_by(Organisation.name)))


def create_area(name: str, slug: str, description: str, organisation_ids: list[int],
                actor) -> ModelArea:
    check_administrator(actor)
    _check_area(slug, None)
    area = ModelArea(name=name, slug=slug, description=description,
                     organisations=_organisations_by_id(organisation_ids))
    db.session.add(area)
    db.session.flush()
    record("model_area.created", area, actor=actor, model_area_id=area.id, name=name,
           slug=slug, organisations=sorted(organisation_ids))
    return area


def update_area(area: ModelArea, name: str, slug: str, description: str,
                organisation_ids: list[int], actor) -> None:
    check_administrator(actor)
    _check_area(slug, area)
    before = {"name": area.name, "slug": area.slug, "description": area.description,
              "organisations": sorted(o.id for o in area.organisations)}
    after = {"name": name, "slug": slug, "description": description,
             "organisations": sorted(organisation_ids)}
    if before == after:
        return
    area.name, area.slug, area.description = name, slug, description
    area.organisations = _organisations_by_id(organisation_ids)
    changed = [key for key in before if before[key] != after[key]]
    record("model_area.updated", area, actor=actor, model_area_id=area.id, changed=changed,
           before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    db.session.flush()


# -- the målbild: goals in order ------------------------------------------------------------

def _renumber(area: ModelArea) -> list[Goal]:
    goals = sorted(area.goals, key=lambda g: (g.position, g.id))
    for position, goal in enumerate(goals, start=1):
        goal.position = position
    return goals


def add_goal(area: ModelArea, title: str, description: str, actor) -> Goal:
    check_administrator(actor)
    goals = _renumber(area)
    goal = Goal(model_area=area, title=title, description=description,
                status=GoalStatus.ADOPTED, position=len(goals) + 1)
    db.session.add(goal)
    db.session.flush()
    record("goal.created", goal, actor=actor, model_area_id=area.id, title=title)
    return goal


def update_goal(goal: Goal, title: str, description: str, actor) -> None:
    check_administrator(actor)
    before = {"title": goal.title, "description": goal.description}
    after = {"title": title, "description": description}
    if before == after:
        return
    goal.title, goal.description = title, description
    record("goal.updated", goal, actor=actor, model_area_id=goal.model_area_id,
           before=before, after=after)
    db.session.flush()


def move_goal(goal: Goal, direction: str, actor) -> bool:
    """Swap the goal with its neighbour above ("up") or below ("down"); False at an end."""
    check_administrator(actor)
    goals = _renumber(goal.model_area)
    index = goals.index(goal)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(goals):
        return False
    goals[index].position, goals[other].position = goals[other].position, goals[index].position
    record("goal.moved", goal, actor=actor, model_area_id=goal.model_area_id,
           direction=direction, position=goal.position)
    db.session.flush()
    return True


def adopt_goal(goal: Goal, actor, reason: str = "") -> None:
    """A proposed goal becomes part of the målbild."""
    check_administrator(actor)
    if goal.status == GoalStatus.ADOPTED:
        return
    goal.status = GoalStatus.ADOPTED
    record("goal.adopted", goal, actor=actor, model_area_id=goal.model_area_id, reason=reason)
    db.session.flush()


def reject_goal(goal: Goal, actor, reason: str = "") -> bool:
    """A proposed goal is turned down and removed; the audit log keeps what it said."""
    check_administrator(actor)
    if goal.status != GoalStatus.PROPOSED:
        return False
    record("goal.rejected", goal, actor=actor, model_area_id=goal.model_area_id, reason=reason,
           title=goal.title, description=goal.description, proposed_by=goal.proposed_by_id)
    goal.model_area.goals.remove(goal)
    db.session.flush()
    return True
