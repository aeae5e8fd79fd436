"""Staff accounts: invite, change role and details, assign model areas, deactivate.

Accounts are never deleted, so that everything they did stays attributable. No e-mail
is sent: the admin passes the invitation link on. Audit entries name the account by
id, never by e-mail address.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.accounts.models import Role, User, model_area_staff
from samskapande.accounts.services import end_sessions, invite, normalise_email
from samskapande.admin.services import Invalid, check_administrator
from samskapande.areas.models import ModelArea
from samskapande.audit.services import record
from samskapande.extensions import db


def staff(role: str | None = None, area_id: int | None = None,
          active: bool | None = None) -> list[User]:
    query = select(User).order_by(User.active.desc(), User.name, User.email)
    if role:
        query = query.where(User.role == role)
    if area_id:
        query = query.where(User.id.in_(select(model_area_staff.c.user_id)
                                        .where(model_area_staff.c.model_area_id == area_id)))
    if active is not None:
        query = query.where(User.active.is_(active))
    return list(db.session.scalars(query))


def _areas(ids: list[int]) -> list[ModelArea]:
    if not ids:
        return []
    return list(db.session.scalars(select(ModelArea).where(ModelArea.id.in_(ids))
                                   .order_by(ModelArea.name)))


def _party(role: str, party: str | None) -> str | None:
    return (party or None) if role == Role.POLITICIAN else None


def _may_sign(role: str, may_sign: bool) -> bool:
    """Only officials are authorised one by one; politicians sign by their office."""
    return bool(may_sign) and role == Role.OFFICIAL


def invite_staff(email: str, role: str, actor, *, name: str = "", title: str = "",
                 organisation_id: int | None = None, party: str | None = None,
                 may_sign: bool = False,
                 area_ids: list[int] | None = None) -> tuple[User, str]:
    """Create an account without a password and return it with its invitation token."""
    check_administrator(actor)
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Invalid(_l("There is already an account with that e-mail address. "
                         "To give the person a new link, open their account."), field="email")
    user = User(email=email, password_hash="", name=name, role=role, title=title,
                organisation_id=organisation_id, party=_party(role, party),
                may_sign=_may_sign(role, may_sign),
                model_areas=_areas(area_ids or []) if role == Role.FACILITATOR else [])
    db.session.add(user)
    db.session.flush()
    record("account.created", user, actor=actor, role=role,
           organisation=organisation_id, areas=sorted(a.id for a in user.model_areas))
    token = invite(user, actor)
    return user, token


def reset_link(user: User, actor) -> str:
    """A new link to set a password; older links and the account's open sessions end."""
    check_administrator(actor)
    end_sessions(user)
    return invite(user, actor, purpose="reset" if not user.invited else "invite")


def update_staff(user: User, actor, *, name: str, role: str, title: str,
                 organisation_id: int | None, party: str | None, area_ids: list[int],
                 may_sign: bool = False, reason: str = "") -> bool:
    """Change an account's details; admins cannot change their own role (no lock-out)."""
    check_administrator(actor)
    if user.id == actor.id and role != user.role:
        raise Invalid(_l("You cannot change your own role."), field="role")
    area_ids = area_ids if role == Role.FACILITATOR else []
    before = {"name": user.name, "role": user.role, "title": user.title,
              "organisation": user.organisation_id, "party": user.party,
              "may_sign": user.may_sign, "areas": sorted(a.id for a in user.model_areas)}
    after = {"name": name, "role": role, "title": title, "organisation": organisation_id,
             "party": _party(role, party), "may_sign": _may_sign(role, may_sign),
             "areas": sorted(area_ids)}
    if before == after:
        return False
    user.name, user.role, user.title = name, role, title
    user.organisation_id, user.party = organisation_id, _party(role, party)
    user.may_sign = _may_sign(role, may_sign)
    user.model_areas = _areas(area_ids)
    changed = [key for key in before if before[key] != after[key]]
    record("account.updated", user, actor=actor, reason=reason, changed=changed,
           before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    db.session.flush()
    return True


def set_active(user: User, active: bool, actor, reason: str = "") -> bool:
    """Deactivate (open sessions lose their rights at once) or reactivate an account."""
    check_administrator(actor)
    if user.id == actor.id and not active:
        raise Invalid(_l("You cannot deactivate your own account."), field="reason")
    if user.active == active:
        return False
    user.active = active
    if not active:
        end_sessions(user)  # reactivating does not bring back the sessions open before
    record("account.reactivated" if active else "account.deactivated", user, actor=actor,
           reason=reason)
    db.session.flush()
    return True
