"""The admin's pages at /admin: organisations, model areas with their målbild, staff.

Every view is for active admins only (`admin_required`); the rules and the audit
entries live in admin.services and admin.staff.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from samskapande.accounts.models import Role, User
from samskapande.admin import forms, services, staff
from samskapande.admin.permissions import admin_required
from samskapande.areas.models import Goal, GoalStatus, ModelArea, Organisation
from samskapande.core.lookup import get_or_404, id_arg
from samskapande.core.refusals import add_error

bp = Blueprint("admin", __name__, url_prefix="/admin")

KIND_LABELS = {str(choice.value): choice.label for choice in forms.ORGANISATION_KINDS}


def account_status(user: User) -> str:
    if not user.active:
        return _("Deactivated")
    return _("Invited, no password yet") if user.invited else _("Active")


@bp.app_context_processor
def admin_helpers():
    return {"organisation_kind_label": lambda kind: str(KIND_LABELS.get(kind, kind)),
            "account_status": account_status}

GOAL_DIRECTIONS = "any(up, down)"


def _button_ok(form) -> bool:
    """Validate a button's form; if it fails, say why in a message (nothing is changed)."""
    if form.validate_on_submit():
        return True
    if "csrf_token" in form.errors:
        flash(_("The form had expired. Send it again."), "error")
    else:
        flash(_("Nothing was changed: %(errors)s",
                errors=" ".join(str(e) for errors in form.errors.values() for e in errors)),
              "error")
    return False


def _show_errors(form, error: services.Invalid) -> None:
    """Put the refusal under the field it names (a refusal without one is a 403)."""
    field = error.details.get("field")
    if field is None:
        abort(403)
    add_error(form[field], error.message)


@bp.get("")
@admin_required
def index():
    privacy_links = [(endpoint, label) for endpoint, label in (
        ("privacy.participant_lookup", _("A participant's data: export or erase")),
        ("privacy.settings", _("Privacy settings")),
    ) if endpoint in current_app.view_functions]
    return render_template("admin/index.html", privacy_links=privacy_links,
                           counts={"organisations": len(services.organisations()),
                                   "areas": len(services.model_areas()),
                                   "staff": len(staff.staff(active=True))})


# -- organisations -------------------------------------------------------------------------

@bp.route("/organisations", methods=["GET", "POST"])
@admin_required
def organisations():
    form = forms.OrganisationForm()
    if form.validate_on_submit():
        try:
            services.create_organisation(form.name.data, form.kind.data, current_user)
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("The organisation %(name)s was added.", name=form.name.data), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisations.html", form=form,
                           organisations=services.organisations()), 400 if form.errors else 200


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@admin_required
def organisation(organisation_id: int):
    organisation = get_or_404(Organisation, organisation_id)
    form = forms.OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, form.name.data, form.kind.data,
                                         current_user)
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("The organisation was saved."), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation.html", form=form,
                           organisation=organisation), 400 if form.errors else 200


# -- model areas and goals -----------------------------------------------------------------

@bp.get("/areas")
@admin_required
def areas():
    return render_template("admin/areas.html", areas=services.model_areas())


@bp.route("/areas/new", methods=["GET", "POST"])
@admin_required
def new_area():
    form = forms.AreaForm()
    forms.fill_choices(form, services.organisations(), [])
    if form.validate_on_submit():
        try:
            area = services.create_area(form.name.data, form.slug.data, form.description.data,
                                        form.organisations.data, current_user)
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("The model area %(name)s was added.", name=area.name), "success")
            return redirect(url_for("admin.area", area_id=area.id))
    return render_template("admin/area_form.html", form=form, area=None), \
        400 if form.errors else 200


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@admin_required
def area(area_id: int):
    area = get_or_404(ModelArea, area_id)
    form = forms.AreaForm(obj=area, data=None if request.method == "POST" else
                          {"organisations": [o.id for o in area.organisations]})
    forms.fill_choices(form, services.organisations(), [])
    if form.validate_on_submit():
        try:
            services.update_area(area, form.name.data, form.slug.data, form.description.data,
                                 form.organisations.data, current_user)
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("The model area was saved."), "success")
            return redirect(url_for("admin.area", area_id=area.id))
    return render_template("admin/area_form.html", form=form, area=area), \
        400 if form.errors else 200


@bp.route("/areas/<int:area_id>/goals", methods=["GET", "POST"])
@admin_required
def goals(area_id: int):
    area = get_or_404(ModelArea, area_id)
    form = forms.GoalForm()
    if form.validate_on_submit():
        services.add_goal(area, form.title.data, form.description.data, current_user)
        flash(_("The goal was added."), "success")
        return redirect(url_for("admin.goals", area_id=area.id))
    adopted = [g for g in area.goals if g.status == GoalStatus.ADOPTED]
    proposed = [g for g in area.goals if g.status == GoalStatus.PROPOSED]
    return render_template("admin/goals.html", area=area, form=form, adopted=adopted,
                           proposed=proposed, reason_form=forms.ReasonForm()), \
        400 if form.errors else 200


@bp.route("/goals/<int:goal_id>", methods=["GET", "POST"])
@admin_required
def goal(goal_id: int):
    goal = get_or_404(Goal, goal_id)
    form = forms.GoalForm(obj=goal)
    if form.validate_on_submit():
        services.update_goal(goal, form.title.data, form.description.data, current_user)
        flash(_("The goal was saved."), "success")
        return redirect(url_for("admin.goals", area_id=goal.model_area_id))
    return render_template("admin/goal.html", form=form, goal=goal), 400 if form.errors else 200


@bp.post(f"/goals/<int:goal_id>/move/<{GOAL_DIRECTIONS}:direction>")
@admin_required
def move_goal(goal_id: int, direction: str):
    goal = get_or_404(Goal, goal_id)
    if _button_ok(forms.ReasonForm()):
        services.move_goal(goal, direction, current_user)
    return redirect(url_for("admin.goals", area_id=goal.model_area_id, _anchor=f"goal-{goal.id}"))


@bp.post("/goals/<int:goal_id>/<any(adopt, reject):decision>")
@admin_required
def decide_goal(goal_id: int, decision: str):
    goal = get_or_404(Goal, goal_id)
    area_id = goal.model_area_id
    form = forms.ReasonForm()
    if not _button_ok(form):
        pass
    elif decision == "adopt":
        services.adopt_goal(goal, current_user, form.reason.data or "")
        flash(_("The goal is now part of the målbild."), "success")
    elif services.reject_goal(goal, current_user, form.reason.data or ""):
        flash(_("The proposed goal was rejected."), "success")
    return redirect(url_for("admin.goals", area_id=area_id))


# -- staff accounts ------------------------------------------------------------------------

def _staff_form(form_class, user: User | None = None):
    data = None
    if user is not None and request.method != "POST":
        data = {"organisation": str(user.organisation_id or ""),
                "areas": [a.id for a in user.model_areas]}
    form = form_class(obj=user, data=data)
    forms.fill_choices(form, services.organisations(), services.model_areas())
    return form


def _staff_values(form) -> dict:
    return {"name": form.name.data or "", "role": form.role.data, "title": form.title.data or "",
            "organisation_id": int(form.organisation.data) if form.organisation.data else None,
            "party": form.party.data, "may_sign": bool(form.may_sign.data),
            "area_ids": form.areas.data or []}


@bp.get("/staff")
@admin_required
def staff_list():
    role = request.args.get("role") or None
    if role not in {None, *Role}:
        role = None
    area_id = id_arg("area")
    return render_template("admin/staff.html", people=staff.staff(role, area_id),
                           areas=services.model_areas(), roles=list(Role),
                           role=role, area_id=area_id)


@bp.route("/staff/invite", methods=["GET", "POST"])
@admin_required
def invite():
    form = _staff_form(forms.InviteForm)
    if form.validate_on_submit():
        values = _staff_values(form)
        try:
            user, token = staff.invite_staff(form.email.data, values.pop("role"), current_user,
                                             **values)
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            return _link_page(user, token)
    return render_template("admin/invite.html", form=form), 400 if form.errors else 200


def _link_page(user: User, token: str):
    link = url_for("accounts.invitation", token=token, _external=True)
    return render_template("admin/link.html", person=user, link=link,
                           days=current_app.config["INVITATION_VALID_DAYS"])


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@admin_required
def person(user_id: int):
    user = get_or_404(User, user_id)
    form = _staff_form(forms.StaffForm, user)
    if form.validate_on_submit():
        try:
            changed = staff.update_staff(user, current_user, reason=form.reason.data or "",
                                         **_staff_values(form))
        except services.Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("The account was saved.") if changed else _("Nothing was changed."),
                  "success")
            return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/person.html", form=form, person=user,
                           reason_form=forms.ReasonForm()), 400 if form.errors else 200


@bp.post("/staff/<int:user_id>/link")
@admin_required
def new_link(user_id: int):
    user = get_or_404(User, user_id)
    if not _button_ok(forms.ReasonForm()):
        return redirect(url_for("admin.person", user_id=user.id))
    if not user.active:
        flash(_("Reactivate the account before you make a new link."), "error")
        return redirect(url_for("admin.person", user_id=user.id))
    return _link_page(user, staff.reset_link(user, current_user))


@bp.post("/staff/<int:user_id>/<any(deactivate, reactivate):change>")
@admin_required
def set_active(user_id: int, change: str):
    user = get_or_404(User, user_id)
    form = forms.ReasonForm()
    if not _button_ok(form):
        return redirect(url_for("admin.person", user_id=user.id))
    try:
        if staff.set_active(user, change == "reactivate", current_user, form.reason.data or ""):
            flash(_("The account was reactivated.") if change == "reactivate"
                  else _("The account was deactivated. Its open sessions have ended."),
                  "success")
    except services.Invalid as error:
        flash(str(error.message), "error")
    return redirect(url_for("admin.person", user_id=user.id))
