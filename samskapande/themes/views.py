"""The facilitator's theme workspace, and themes as residents see them.

The services decide who may change what (`can_manage_round`, refused with ThemeForbidden,
answered here with 403); the views still ask the same predicate before they show the
workspace, with or without a form's errors. The curation actions are one table,
CURATIONS, served by one view. Every change is a POST of a plain form; the page's script
only sends the same move form with fetch() when a need card is dragged onto another theme.
The request's end commits the change (core.transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from samskapande.areas.models import Goal
from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.extensions import db
from samskapande.manage.permissions import managed_round_or_abort
from samskapande.needs import services as needs_services
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Round
from samskapande.themes import curation, forms, services
from samskapande.themes.models import RunStatus, Theme, ThemeNeed, ThemeStatus

bp = Blueprint("themes", __name__)

STATUS_LABELS = {
    ThemeStatus.SUGGESTED: _l("Suggested"),
    ThemeStatus.CHANGED: _l("Changed, not accepted"),
    ThemeStatus.ACCEPTED: _l("Accepted"),
}


def theme_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def published_theme_of(need) -> Theme | None:
    """The published theme a need went into, for residents' pages (None before publishing)."""
    if need is None or need.status != NeedStatus.VISIBLE:
        return None
    round_ = db.session.get(Round, need.round_id)
    for theme in services.published_themes(round_):
        if any(link.need_id == need.id for link in theme.needs):
            return theme
    return None


@bp.app_context_processor
def theme_helpers():
    return {"published_theme_of": published_theme_of,
            "theme_status_label": theme_status_label}


# -- helpers -------------------------------------------------------------------------------

def _back(round_: Round, anchor: str | None = None):
    return redirect(url_for("themes.workspace", round_id=round_.id, _anchor=anchor))


def need_label(need: Need) -> str:
    words = need.text.split()
    short = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return _("#%(number)d: %(text)s", number=need.id, text=short)


# -- the page --------------------------------------------------------------------------------

@dataclass
class ThemeRow:
    theme: Theme
    needs: list[Need]
    representatives: list[Need]
    support: services.ThemeSupport


class WorkspaceForms:
    """Hands the template a fresh form per theme and need, or the one that was just sent
    with its errors and what was typed."""

    def __init__(self, themes: list[Theme], goals: list[Goal], failed=None):
        self.themes = themes
        self.goals = goals
        self.failed = failed or {}

    def _form(self, form_class, prefix: str, **data):
        if prefix in self.failed:
            return self.failed[prefix]
        return forms.make(form_class, prefix, **data)

    def suggest(self):
        return self._form(forms.SuggestForm, "suggest-")

    def create(self):
        return self._form(forms.ThemeTextForm, "new-")

    def propose(self):
        return self._form(forms.ProposeGoalForm, "goal-")

    def rename(self, theme):
        return self._form(forms.ThemeTextForm, f"theme-{theme.id}-", title=theme.title,
                          summary=theme.summary)

    def merge(self, theme):
        others = [t for t in self.themes if t.id != theme.id]
        return self._form(forms.ChooseThemeForm, f"merge-{theme.id}-").with_themes(
            others, _l("Merge this theme into"))

    def split(self, theme, needs):
        return self._form(forms.SplitForm, f"split-{theme.id}-").with_needs(needs, need_label)

    def move(self, need, theme_id=None):
        return self._form(forms.ChooseThemeForm, f"move-{need.id}-",
                          theme=str(theme_id) if theme_id else None).with_themes(
            self.themes, _l("Move to the theme"))

    def scope(self, need):
        return self._form(forms.ScopeForm, f"scope-{need.id}-")

    def link(self, theme):
        return self._form(forms.LinkGoalForm, f"link-{theme.id}-").with_goals(
            self.goals, _("proposal"))


def _theme_rows(round_: Round, themes: list[Theme]) -> list[ThemeRow]:
    links = db.session.scalars(
        select(ThemeNeed).join(Theme).where(Theme.round_id == round_.id)
        .options(selectinload(ThemeNeed.need)).order_by(ThemeNeed.need_id)).all()
    by_theme: dict[int, list[Need]] = {}
    for link in links:
        by_theme.setdefault(link.theme_id, []).append(link.need)
    support = services.support_by_theme(round_)
    rows = []
    for theme in themes:
        needs = by_theme.get(theme.id, [])
        ids = {n.id: n for n in needs}
        representatives = [ids[i] for i in theme.representative_ids if i in ids][:3]
        rows.append(ThemeRow(theme, needs, representatives,
                             support.get(theme.id, services.ThemeSupport())))
    return rows


def _workspace(round_: Round, failed: dict | None = None, status: int = 200):
    themes = services.themes_of(round_)
    goals = list(round_.model_area.goals)
    rows = _theme_rows(round_, themes)
    unsorted = services.unsorted_needs(round_)
    outside = services.out_of_scope_needs(round_)
    all_ids = [n.id for row in rows for n in row.needs] + [n.id for n in unsorted]
    run = services.latest_run(round_)
    return render_template(
        "themes/workspace.html", round=round_, rows=rows, unsorted=unsorted, outside=outside,
        run=run, running=run is not None and run.status == RunStatus.RUNNING,
        goals=goals, forms=WorkspaceForms(themes, goals, failed),
        need_support=needs_services.support_of(all_ids),
        questions={q.key: q.label for q in round_.profile_questions},
        accepted=sum(1 for t in themes if t.status == ThemeStatus.ACCEPTED),
        has_questions=services.has_open_questions(round_),
    ), status


def _failed(round_: Round, prefix: str, form):
    """The workspace again, with the form that was sent showing its errors."""
    return _workspace(round_, {prefix: form}, status=400)


@bp.get("/manage/rounds/<int:round_id>/themes")
@login_required
def workspace(round_id: int):
    return _workspace(managed_round_or_abort(round_id))


@bp.get("/manage/rounds/<int:round_id>/themes/progress")
@login_required
def progress(round_id: int):
    """The latest suggestion run, for the script that updates the progress bar."""
    run = services.latest_run(managed_round_or_abort(round_id))
    if run is None:
        return jsonify(status=None, progress=0, message=None)
    message = None
    if run.lost:
        message = _("The suggestions stopped before they were done. You can start them again.")
    elif run.status == RunStatus.FAILED:
        message = _("The themes could not be suggested. Try again.")
    return jsonify(status=run.status, progress=run.progress, message=message)


# -- suggestions -----------------------------------------------------------------------------

@bp.post("/manage/rounds/<int:round_id>/themes/suggest")
@login_required
def suggest(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.make(forms.SuggestForm, "suggest-", bound=True)
    if not form.validate():
        return _failed(round_, "suggest-", form)
    already = services.latest_run(round_)
    was_running = already is not None and already.status == RunStatus.RUNNING
    try:
        run = services.start_suggestions(round_, current_user, form.chosen_k(),
                                         include_questions=form.include_questions.data)
    except services.ThemeForbidden:
        abort(403)
    except services.ThemeError as error:
        add_error(form.k, error.message)
        return _failed(round_, "suggest-", form)
    if was_running:
        flash(_("Themes are already being suggested. Wait until that is done."), "info")
    elif run.status == RunStatus.RUNNING:
        flash(_("The themes are being suggested. This page shows how far it has come."),
              "info")
    elif run.status == RunStatus.FAILED:
        flash(_("The themes could not be suggested. Try again."), "error")
    else:
        flash(_("%(count)d themes were suggested. Themes you changed or accepted were kept "
                "as they were.", count=run.themes_created), "success")
    return _back(round_, "suggest-heading")


# -- curating: one table of actions, served by one view ------------------------------------

@dataclass(frozen=True)
class Named:
    """What a curation URL names, each checked to belong to the round (else 404)."""

    theme: Theme | None = None
    need: Need | None = None
    goal: Goal | None = None

    def anchor(self) -> str | None:
        if self.theme is not None:
            return f"theme-{self.theme.id}"
        return f"need-{self.need.id}" if self.need is not None else None


@dataclass(frozen=True)
class Done:
    message: str
    anchor: str


@dataclass(frozen=True)
class Curation:
    """A curation action: its address (below the workspace), its form and the service.

    `form(round_, named)` gives the prefix and the form bound to the request (None for a
    plain button); a refusal of the service goes under the form's `field`, or, without a
    form, into a flash message on the workspace.
    """

    rule: str
    act: Callable[[Round, Named, Any], Done]
    form: Callable[[Round, Named], tuple[str, Any]] | None = None
    field: str | None = None


def _bound(form_class, prefix: str):
    return prefix, forms.make(form_class, prefix, bound=True)


def _merge_form(round_: Round, named: Named):
    prefix, form = _bound(forms.ChooseThemeForm, f"merge-{named.theme.id}-")
    others = [t for t in services.themes_of(round_) if t.id != named.theme.id]
    return prefix, form.with_themes(others, _l("Merge this theme into"))


def _split_form(round_: Round, named: Named):
    prefix, form = _bound(forms.SplitForm, f"split-{named.theme.id}-")
    return prefix, form.with_needs([link.need for link in named.theme.needs], need_label)


def _link_form(round_: Round, named: Named):
    prefix, form = _bound(forms.LinkGoalForm, f"link-{named.theme.id}-")
    return prefix, form.with_goals(round_.model_area.goals, _("proposal"))


def _create(round_: Round, named: Named, form) -> Done:
    theme = services.create_theme(round_, current_user, form.title.data,
                                  form.summary.data or "")
    return Done(_("The theme “%(title)s” was created.", title=theme.title),
                f"theme-{theme.id}")


def _accept(round_: Round, named: Named, form) -> Done:
    curation.accept(named.theme, current_user)
    return Done(_("The theme “%(title)s” is accepted. New suggestions will leave it as it "
                  "is.", title=named.theme.title), named.anchor())


def _unaccept(round_: Round, named: Named, form) -> Done:
    curation.unaccept(named.theme, current_user)
    return Done(_("The theme “%(title)s” is no longer accepted and is not among the "
                  "published themes. New suggestions still leave it as it is.",
                  title=named.theme.title), named.anchor())


def _rename(round_: Round, named: Named, form) -> Done:
    services.rename(named.theme, current_user, form.title.data, form.summary.data or "")
    if named.theme.status == ThemeStatus.ACCEPTED:
        message = _("The theme “%(title)s” was saved.", title=named.theme.title)
    else:
        message = _("The theme “%(title)s” was saved. Accept it when it is ready to be "
                    "published.", title=named.theme.title)
    return Done(message, named.anchor())


def _merge(round_: Round, named: Named, form) -> Done:
    into = get_or_404(Theme, form.chosen_id(), round_id=round_.id)
    title = named.theme.title
    services.merge(into, named.theme, current_user)
    return Done(_("“%(title)s” was merged into “%(into)s”.", title=title, into=into.title),
                f"theme-{into.id}")


def _split(round_: Round, named: Named, form) -> Done:
    new = services.split(named.theme, form.need_ids(), current_user, form.title.data)
    return Done(_("The new theme “%(title)s” has the needs you chose.", title=new.title),
                f"theme-{new.id}")


def _delete(round_: Round, named: Named, form) -> Done:
    title = named.theme.title
    services.delete_theme(named.theme, current_user)
    return Done(_("The theme “%(title)s” was removed.", title=title), "themes-heading")


def _out_of_scope(round_: Round, named: Named, form) -> Done:
    services.mark_out_of_scope(named.need, current_user, form.reason.data)
    return Done(_("Need #%(number)d is marked outside the round's scope.",
                  number=named.need.id), "outside-heading")


def _in_scope(round_: Round, named: Named, form) -> Done:
    services.bring_into_scope(named.need, current_user)
    return Done(_("Need #%(number)d is back among the unsorted needs.",
                  number=named.need.id), "unsorted-heading")


def _link_goal(round_: Round, named: Named, form) -> Done:
    goal = get_or_404(Goal, form.chosen_id(), model_area_id=round_.model_area_id)
    services.link_goal(named.theme, goal, current_user, form.rationale.data or "")
    return Done(_("“%(title)s” is linked to the goal “%(goal)s”.", title=named.theme.title,
                  goal=goal.title), named.anchor())


def _unlink_goal(round_: Round, named: Named, form) -> Done:
    services.unlink_goal(named.theme, named.goal, current_user)
    return Done(_("“%(title)s” is no longer linked to the goal “%(goal)s”.",
                  title=named.theme.title, goal=named.goal.title), named.anchor())


def _propose_goal(round_: Round, named: Named, form) -> Done:
    goal = services.propose_goal(round_, current_user, form.title.data,
                                 form.description.data or "")
    return Done(_("The goal “%(title)s” was proposed to the steering group. Themes can "
                  "link to it now; it is shown as a proposal.", title=goal.title),
                "goals-heading")


def _unpublish(round_: Round, named: Named, form) -> Done:
    curation.unpublish(round_, current_user)
    return Done(_("The themes are no longer published."), "publish-heading")


CURATIONS: dict[str, Curation] = {
    "create": Curation("/new", _create, lambda r, n: _bound(forms.ThemeTextForm, "new-"),
                       "title"),
    "accept": Curation("/<int:theme_id>/accept", _accept),
    "unaccept": Curation("/<int:theme_id>/unaccept", _unaccept),
    "rename": Curation("/<int:theme_id>/edit", _rename,
                       lambda r, n: _bound(forms.ThemeTextForm, f"theme-{n.theme.id}-"),
                       "title"),
    "merge": Curation("/<int:theme_id>/merge", _merge, _merge_form, "theme"),
    "split": Curation("/<int:theme_id>/split", _split, _split_form, "title"),
    "delete": Curation("/<int:theme_id>/delete", _delete),
    "out_of_scope": Curation("/needs/<int:need_id>/out-of-scope", _out_of_scope,
                             lambda r, n: _bound(forms.ScopeForm, f"scope-{n.need.id}-"),
                             "reason"),
    "in_scope": Curation("/needs/<int:need_id>/in-scope", _in_scope),
    "link_goal": Curation("/<int:theme_id>/goals", _link_goal, _link_form, "goal"),
    "unlink_goal": Curation("/<int:theme_id>/goals/<int:goal_id>/unlink", _unlink_goal),
    "propose_goal": Curation("/goals/propose", _propose_goal,
                             lambda r, n: _bound(forms.ProposeGoalForm, "goal-"), "title"),
    "unpublish": Curation("/unpublish", _unpublish),
}


def _named(round_: Round, theme_id: int | None = None, need_id: int | None = None,
           goal_id: int | None = None) -> Named:
    return Named(
        theme=get_or_404(Theme, theme_id, round_id=round_.id) if theme_id else None,
        need=get_or_404(Need, need_id, round_id=round_.id) if need_id else None,
        goal=get_or_404(Goal, goal_id, model_area_id=round_.model_area_id)
        if goal_id else None,
    )


@login_required
def curate(action: str, round_id: int, **ids: int):
    """Any curation action of the table: validate its form, call the service, say so."""
    curation = CURATIONS[action]
    round_ = managed_round_or_abort(round_id)
    named = _named(round_, **ids)
    prefix, form = curation.form(round_, named) if curation.form else (None, None)
    if form is not None and not form.validate():
        return _failed(round_, prefix, form)
    try:
        done = curation.act(round_, named, form)
    except services.ThemeForbidden:
        abort(403)
    except services.ThemeError as error:
        if form is None:
            flash(str(error.message), "error")
            return _back(round_, named.anchor())
        add_error(getattr(form, curation.field), error.message)
        return _failed(round_, prefix, form)
    flash(done.message, "success")
    return _back(round_, done.anchor)


for _name, _curation in CURATIONS.items():
    bp.add_url_rule(f"/manage/rounds/<int:round_id>/themes{_curation.rule}", endpoint=_name,
                    view_func=curate, methods=["POST"], defaults={"action": _name})


# -- placing needs -----------------------------------------------------------------------------

def _json_wanted() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) \
        == "application/json"


def _move_result(round_: Round, need: Need, themes: list[Theme], message: str):
    changed = {t.id: t for t in themes}
    counts = services.support_by_theme(round_)
    return jsonify(
        need_id=need.id, message=message,
        themes=[{"id": t.id, "needs": counts.get(t.id, services.ThemeSupport()).needs,
                 "status": t.status, "status_label": theme_status_label(t.status)}
                for t in changed.values()],
    )


@bp.post("/manage/rounds/<int:round_id>/themes/needs/<int:need_id>/move")
@login_required
def move(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = get_or_404(Need, need_id, round_id=round_.id)
    prefix = f"move-{need.id}-"
    form = forms.make(forms.ChooseThemeForm, prefix, bound=True).with_themes(
        services.themes_of(round_), _l("Move to the theme"))
    error_message = None
    if form.validate():
        theme = get_or_404(Theme, form.chosen_id(), round_id=round_.id)
        link = db.session.scalar(select(ThemeNeed).where(ThemeNeed.need_id == need.id))
        old = db.session.get(Theme, link.theme_id) if link else None
        try:
            services.move_need(need, theme, current_user)
        except services.ThemeForbidden:
            abort(403)
        except services.ThemeError as error:
            error_message = str(error.message)
        else:
            if old is not None and old.id == theme.id:
                message = _("Need #%(number)d already was in “%(title)s”.",
                            number=need.id, title=theme.title)
            else:
                message = _("Need #%(number)d moved to “%(title)s”.",
                            number=need.id, title=theme.title)
            if _json_wanted():
                return _move_result(round_, need, [t for t in (old, theme) if t], message)
            flash(message, "success")
            return _back(round_, f"need-{need.id}")
    else:
        error_message = " ".join(str(e) for e in form.theme.errors)
    if _json_wanted():
        return jsonify(need_id=need.id, message=error_message), 409
    flash(error_message, "error")
    return _back(round_, f"need-{need.id}")


# -- publishing --------------------------------------------------------------------------------

def _publish_page(round_: Round, form=None, status: int = 200):
    """The confirmation page: what will be published, what will not, and the themes whose
    title is still the app's, named in the form that confirms them."""
    plan = curation.publish_plan(round_)
    if form is None:
        form = forms.make(forms.PublishForm, "publish-")
    form.for_themes(plan.machine_titled_ids)
    return render_template("themes/publish.html", round=round_, plan=plan, form=form), status


@bp.get("/manage/rounds/<int:round_id>/themes/publish")
@login_required
def confirm_publish(round_id: int):
    return _publish_page(managed_round_or_abort(round_id))


@bp.post("/manage/rounds/<int:round_id>/themes/publish")
@login_required
def publish(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.make(forms.PublishForm, "publish-", bound=True)
    try:
        curation.publish(round_, current_user, form.confirmed_ids())
    except services.ThemeForbidden:
        abort(403)
    except curation.MachineTitlesNotConfirmed as error:
        form.confirm_titles.data = False  # the list may have changed: confirm it again
        add_error(form.confirm_titles, error.message)
        return _publish_page(round_, form, status=400)
    except services.ThemeError as error:
        flash(str(error.message), "error")
        return redirect(url_for("themes.confirm_publish", round_id=round_.id))
    flash(_("The themes are published. Residents now see which theme each of their needs "
            "went into."), "success")
    return _back(round_, "publish-heading")
