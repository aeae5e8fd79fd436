"""The forms of the theme workspace.

One page holds a form per theme and per need, so every form is made with a prefix that
keeps its field ids unique, and without a CSRF field of its own: the app-wide CSRFProtect
checks the page's `csrf_token` on every POST before a view runs.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from samskapande.areas.models import GoalStatus
from samskapande.core.text import PlainText, strip_filter

TITLE_MAX = 200  # Theme.title and Goal.title are String(200)
SUMMARY_MAX = 2000
REASON_MAX = 1000
SINGLE_LINE = {"autocomplete": "off"}
AUTOMATIC = "auto"


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


class WorkspaceForm(FlaskForm):
    class Meta:
        csrf = False  # CSRFProtect checks the page's token (see the module docstring)


def make(form_class, prefix: str, bound: bool = False, **data):
    """A form of the workspace: bound to the request when it is the one sent, else fresh."""
    if bound:
        return form_class(prefix=prefix)
    return form_class(formdata=None, prefix=prefix, data=data or None)


class SuggestForm(WorkspaceForm):
    k = SelectField(
        _l("Number of themes"),
        description=_l("Let the app choose, or choose between 1 and 30."),
        choices=[SelectChoice(AUTOMATIC, _l("Let the app choose"))]
        + [SelectChoice(str(n), str(n)) for n in range(1, 31)],
        default=AUTOMATIC, validate_choice=True,
    )
    include_questions = BooleanField(
        _l("Also the questions asked in the round's meetings"),
        description=_l("Each question becomes a need of the round, once, before the "
                       "suggestions are made."),
    )

    def chosen_k(self) -> int | None:
        return None if self.k.data == AUTOMATIC else int(self.k.data)


class ThemeTextForm(WorkspaceForm):
    title = StringField(
        _l("Title"), filters=[strip_filter],
        validators=[DataRequired(_l("Give the theme a title.")), _too_long(TITLE_MAX),
                    PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    summary = TextAreaField(
        _l("Summary (optional)"),
        description=_l("A few sentences for the steering group and the residents."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(SUMMARY_MAX), PlainText()],
        render_kw={"rows": 3},
    )


class ChooseThemeForm(WorkspaceForm):
    """A theme chosen from a list: where to move a need, or what to merge a theme into."""

    theme = SelectField(_l("Theme"), validate_choice=True,
                        validators=[DataRequired(_l("Choose a theme."))])

    def with_themes(self, themes, label=None):
        self.theme.choices = [SelectChoice("", _l("Choose a theme"))] + [
            SelectChoice(str(t.id), t.title) for t in themes]
        if label is not None:
            self.theme.label.text = label
        return self

    def chosen_id(self) -> int:
        return int(self.theme.data)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SplitForm(WorkspaceForm):
    needs = MultiCheckboxField(_l("Needs that go to the new theme"), validate_choice=True,
                               validators=[DataRequired(_l("Choose at least one need."))])
    title = StringField(
        _l("Title of the new theme"), filters=[strip_filter],
        validators=[DataRequired(_l("Give the new theme a title.")), _too_long(TITLE_MAX),
                    PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )

    def with_needs(self, needs, label):
        self.needs.choices = [SelectChoice(str(n.id), label(n)) for n in needs]
        return self

    def need_ids(self) -> list[int]:
        return [int(value) for value in self.needs.data or []]


class ScopeForm(WorkspaceForm):
    reason = TextAreaField(
        _l("Why it is outside the round's scope"),
        description=_l("Kept with the need and shown in the workspace."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write why the need is outside the round's scope.")),
                    _too_long(REASON_MAX), PlainText()],
        render_kw={"rows": 2},
    )


class LinkGoalForm(WorkspaceForm):
    goal = SelectField(_l("Goal"), validate_choice=True,
                       validators=[DataRequired(_l("Choose a goal."))])
    rationale = TextAreaField(
        _l("Why the theme serves the goal (optional)"), filters=[strip_filter],
        validators=[Optional(), _too_long(REASON_MAX), PlainText()],
        render_kw={"rows": 2},
    )

    def with_goals(self, goals, proposal_label):
        self.goal.choices = [SelectChoice("", _l("Choose a goal"))] + [
            SelectChoice(str(g.id), f"{g.title} ({proposal_label})"
                         if g.status == GoalStatus.PROPOSED else g.title)
            for g in goals
        ]
        return self

    def chosen_id(self) -> int:
        return int(self.goal.data)


class ProposeGoalForm(WorkspaceForm):
    title = StringField(
        _l("Title of the proposed goal"), filters=[strip_filter],
        validators=[DataRequired(_l("Give the proposed goal a title.")), _too_long(TITLE_MAX),
                    PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    description = TextAreaField(
        _l("Description (optional)"),
        description=_l("What the goal would mean for residents, in a few sentences."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(SUMMARY_MAX), PlainText()],
        render_kw={"rows": 3},
    )


THEME_ID = re.compile(r"[0-9]{1,9}")


class PublishForm(WorkspaceForm):
    """The confirmation page's form: publishing, and for themes still titled by the app
    a confirmation that names them (the ids of the themes the page showed)."""

    confirm_titles = BooleanField(
        _l("Yes, publish these themes with the titles the app suggested"),
    )
    titled = HiddenField()

    def for_themes(self, theme_ids: list[int]):
        """Name the themes the confirmation is about; a refused one is asked again."""
        self.titled.data = " ".join(str(i) for i in theme_ids)
        return self

    def confirmed_ids(self) -> list[int]:
        """The themes whose title was confirmed: those the page named, if ticked."""
        if not self.confirm_titles.data:
            return []
        words = (self.titled.data or "").split()[:1000]
        return [int(w) for w in words if THEME_ID.fullmatch(w)]
