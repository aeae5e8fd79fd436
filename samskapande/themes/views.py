"""The facilitator's theme workspace, and themes as residents see them.

Every view checks `can_manage_round` itself; the rules (and the audit trail) live in
themes.services. Every change is a POST of a plain form; the page's script only sends the
same move form with fetch() when a need card is dragged onto another theme.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from samskapande.extensions import db
from samskapande.manage.permissions import managed_round_or_abort
from samskapande.needs import services as needs_services
from samskapande.needs.models import Need
from samskapande.rounds.models import Round
from samskapande.themes import forms, services
from samskapande.themes.models import RunStatus, Theme, ThemeNeed, ThemeStatus

bp = Blueprint("themes", __name__)

STATUS_LABELS = {
    ThemeStatus.SUGGESTED: _l("Suggested"),
    ThemeStatus.ACCEPTED: _l("Accepted"),
}


def theme_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def published_theme_of(need) -> Theme | None:
    """The published theme a need went into, for residents' pages (None before publishing)."""
    if need is None or need.status != "visible":
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


# -- finding what a URL names ----------------------------------------------------------------

def _theme(round_: Round, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.round_id != round_.id:
        abort(404)
    return theme


def _need(round_: Round, need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None or need.round_id != round_.id:
        abort(404)
    return need


def _goal(round_: Round, goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None or goal.model_area_id != round_.model_area_id:
        abort(404)
    return goal


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
    if run.status == RunStatus.FAILED:
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
    except services.ThemeError as error:
        form.k.errors = list(form.k.errors) + [str(error.message)]
        return _failed(round_, "suggest-", form)
    if was_running:
        flash(_("Themes are already being suggested. Wait until that is done."), "info")
    elif run.status == RunStatus.RUNNING:
        flash(_("The themes are being suggested. This page shows how far it has come."),
              "info")
    elif run.status == RunStatus.FAILED:
        flash(_("The themes could not be suggested. Try again."), "error")
    else:
        flash(_("%(count)d themes were suggested. Accepted themes were kept as they were.",
                count=run.themes_created), "success")
    return _back(round_, "suggest-heading")


# -- curating themes -------------------------------------------------------------------------

def _json_wanted() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) \
        == "application/json"


@bp.post("/manage/rounds/<int:round_id>/themes/new")
@login_required
def create(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.make(forms.ThemeTextForm, "new-", bound=True)
    if form.validate():
        try:
            theme = services.create_theme(round_, current_user, form.title.data,
                                          form.summary.data or "")
        except services.ThemeError as error:
            form.title.errors = list(form.title.errors) + [str(error.message)]
        else:
            flash(_("The theme “%(title)s” was created.", title=theme.title), "success")
            return _back(round_, f"theme-{theme.id}")
    return _failed(round_, "new-", form)


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/accept")
@login_required
def accept(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    services.accept(theme, current_user)
    flash(_("The theme “%(title)s” is accepted. New suggestions will leave it as it is.",
            title=theme.title), "success")
    return _back(round_, f"theme-{theme.id}")


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/edit")
@login_required
def rename(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    prefix = f"theme-{theme.id}-"
    form = forms.make(forms.ThemeTextForm, prefix, bound=True)
    if form.validate():
        try:
            services.rename(theme, current_user, form.title.data, form.summary.data or "")
        except services.ThemeError as error:
            form.title.errors = list(form.title.errors) + [str(error.message)]
        else:
            flash(_("The theme “%(title)s” was saved and accepted.", title=theme.title),
                  "success")
            return _back(round_, f"theme-{theme.id}")
    return _failed(round_, prefix, form)


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/merge")
@login_required
def merge(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    themes = [t for t in services.themes_of(round_) if t.id != theme.id]
    prefix = f"merge-{theme.id}-"
    form = forms.make(forms.ChooseThemeForm, prefix, bound=True).with_themes(
        themes, _l("Merge this theme into"))
    if form.validate():
        into = _theme(round_, form.chosen_id())
        title = theme.title
        try:
            services.merge(into, theme, current_user)
        except services.ThemeError as error:
            form.theme.errors = list(form.theme.errors) + [str(error.message)]
        else:
            flash(_("“%(title)s” was merged into “%(into)s”.", title=title, into=into.title),
                  "success")
            return _back(round_, f"theme-{into.id}")
    return _failed(round_, prefix, form)


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/split")
@login_required
def split(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    prefix = f"split-{theme.id}-"
    needs = [link.need for link in theme.needs]
    form = forms.make(forms.SplitForm, prefix, bound=True).with_needs(needs, need_label)
    if form.validate():
        try:
            new = services.split(theme, form.need_ids(), current_user, form.title.data)
        except services.ThemeError as error:
            form.title.errors = list(form.title.errors) + [str(error.message)]
        else:
            flash(_("The new theme “%(title)s” has the needs you chose.", title=new.title),
                  "success")
            return _back(round_, f"theme-{new.id}")
    return _failed(round_, prefix, form)


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/delete")
@login_required
def delete(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    title = theme.title
    try:
        services.delete_theme(theme, current_user)
    except services.ThemeError as error:
        flash(str(error.message), "error")
        return _back(round_, f"theme-{theme.id}")
    flash(_("The theme “%(title)s” was removed.", title=title), "success")
    return _back(round_, "themes-heading")


# -- placing needs -----------------------------------------------------------------------------

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
    need = _need(round_, need_id)
    prefix = f"move-{need.id}-"
    form = forms.make(forms.ChooseThemeForm, prefix, bound=True).with_themes(
        services.themes_of(round_), _l("Move to the theme"))
    error_message = None
    if form.validate():
        theme = _theme(round_, form.chosen_id())
        link = db.session.scalar(select(ThemeNeed).where(ThemeNeed.need_id == need.id))
        old = db.session.get(Theme, link.theme_id) if link else None
        try:
            services.move_need(need, theme, current_user)
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


@bp.post("/manage/rounds/<int:round_id>/themes/needs/<int:need_id>/out-of-scope")
@login_required
def out_of_scope(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _need(round_, need_id)
    prefix = f"scope-{need.id}-"
    form = forms.make(forms.ScopeForm, prefix, bound=True)
    if form.validate():
        try:
            services.mark_out_of_scope(need, current_user, form.reason.data)
        except services.ThemeError as error:
            form.reason.errors = list(form.reason.errors) + [str(error.message)]
        else:
            flash(_("Need #%(number)d is marked outside the round's scope.", number=need.id),
                  "success")
            return _back(round_, "outside-heading")
    return _failed(round_, prefix, form)


@bp.post("/manage/rounds/<int:round_id>/themes/needs/<int:need_id>/in-scope")
@login_required
def in_scope(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _need(round_, need_id)
    services.bring_into_scope(need, current_user)
    flash(_("Need #%(number)d is back among the unsorted needs.", number=need.id), "success")
    return _back(round_, "unsorted-heading")


# -- goals -------------------------------------------------------------------------------------

@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/goals")
@login_required
def link_goal(round_id: int, theme_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    prefix = f"link-{theme.id}-"
    form = forms.make(forms.LinkGoalForm, prefix, bound=True).with_goals(
        round_.model_area.goals, _("proposal"))
    if form.validate():
        goal = _goal(round_, form.chosen_id())
        try:
            services.link_goal(theme, goal, current_user, form.rationale.data or "")
        except services.ThemeError as error:
            form.goal.errors = list(form.goal.errors) + [str(error.message)]
        else:
            flash(_("“%(title)s” is linked to the goal “%(goal)s”.", title=theme.title,
                    goal=goal.title), "success")
            return _back(round_, f"theme-{theme.id}")
    return _failed(round_, prefix, form)


@bp.post("/manage/rounds/<int:round_id>/themes/<int:theme_id>/goals/<int:goal_id>/unlink")
@login_required
def unlink_goal(round_id: int, theme_id: int, goal_id: int):
    round_ = managed_round_or_abort(round_id)
    theme = _theme(round_, theme_id)
    goal = _goal(round_, goal_id)
    services.unlink_goal(theme, goal, current_user)
    flash(_("“%(title)s” is no longer linked to the goal “%(goal)s”.", title=theme.title,
            goal=goal.title), "success")
    return _back(round_, f"theme-{theme.id}")


@bp.post("/manage/rounds/<int:round_id>/themes/goals/propose")
@login_required
def propose_goal(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.make(forms.ProposeGoalForm, "goal-", bound=True)
    if form.validate():
        try:
            goal = services.propose_goal(round_, current_user, form.title.data,
                                         form.description.data or "")
        except services.ThemeError as error:
            form.title.errors = list(form.title.errors) + [str(error.message)]
        else:
            flash(_("The goal “%(title)s” was proposed to the steering group. Themes can "
                    "link to it now; it is shown as a proposal.", title=goal.title), "success")
            return _back(round_, "goals-heading")
    return _failed(round_, "goal-", form)


# -- publishing --------------------------------------------------------------------------------

@bp.get("/manage/rounds/<int:round_id>/themes/publish")
@login_required
def confirm_publish(round_id: int):
    round_ = managed_round_or_abort(round_id)
    themes = services.themes_of(round_)
    return render_template(
        "themes/publish.html", round=round_,
        accepted=[t for t in themes if t.status == ThemeStatus.ACCEPTED],
        suggested=[t for t in themes if t.status != ThemeStatus.ACCEPTED],
    )


@bp.post("/manage/rounds/<int:round_id>/themes/publish")
@login_required
def publish(round_id: int):
    round_ = managed_round_or_abort(round_id)
    try:
        services.publish(round_, current_user)
    except services.ThemeError as error:
        flash(str(error.message), "error")
        return redirect(url_for("themes.confirm_publish", round_id=round_.id))
    flash(_("The themes are published. Residents now see which theme each of their needs "
            "went into."), "success")
    return _back(round_, "publish-heading")


@bp.post("/manage/rounds/<int:round_id>/themes/unpublish")
@login_required
def unpublish(round_id: int):
    round_ = managed_round_or_abort(round_id)
    services.unpublish(round_, current_user)
    flash(_("The themes are no longer published."), "success")
    return _back(round_, "publish-heading")
