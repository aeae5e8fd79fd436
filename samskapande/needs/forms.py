"""Forms for writing, changing and browsing needs."""

from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Form,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from samskapande.core.text import PlainText, strip_filter
from samskapande.needs.models import NEED_MAX_LENGTH
from samskapande.needs.services import SORTS

SEARCH_MAX_LENGTH = 200
KEY = re.compile(r"[0-9a-f]{32}")


def _choices(items, label, empty_label):
    return [SelectChoice("", empty_label)] + [
        SelectChoice(str(item.id), label(item)) for item in items
    ]


NO_CATEGORY = _l("No category")
NO_GOAL = _l("No goal")


def category_choices(round_, empty_label=NO_CATEGORY):
    return _choices(round_.model_area.categories, lambda c: c.label, empty_label)


def goal_choices(round_, empty_label=NO_GOAL):
    return _choices(round_.model_area.goals, lambda g: g.title, empty_label)


def _valid_key(value):
    return value if isinstance(value, str) and KEY.fullmatch(value) else None


def chosen_id(value: str | None) -> int | None:
    """A select's value as an id; the empty choice (or anything odd) means none."""
    return int(value) if value and value.isdigit() else None


class NeedFormBase(FlaskForm):
    text = TextAreaField(
        _l("What is needed, and why?"),
        description=_l("Write in your own words, at most %(max)d characters.",
                       max=NEED_MAX_LENGTH),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write what is needed.")),
            Length(max=NEED_MAX_LENGTH,
                   message=_l("At most %(max)d characters. Shorten the text a little.",
                              max=NEED_MAX_LENGTH)),
            PlainText(),
        ],
        render_kw={"rows": 8, "maxlength": NEED_MAX_LENGTH},
    )
    category = SelectField(_l("Category (optional)"), validators=[Optional()], default="",
                           validate_choice=True)
    goal = SelectField(_l("Goal it serves (optional)"), validators=[Optional()], default="",
                       validate_choice=True,
                       description=_l("A goal of the area's shared vision (målbild)."))

    def __init__(self, round_, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices(round_)
        self.goal.choices = goal_choices(round_)


class NeedForm(NeedFormBase):
    """A new need; the hidden key makes a double click or a resent form store one need."""

    # Anything but a key this form made is replaced by a fresh one, never shown as an error.
    submission_key = HiddenField(filters=[_valid_key])
    confirmed = HiddenField()

    def __init__(self, round_, *args, **kwargs):
        super().__init__(round_, *args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = uuid.uuid4().hex


class EditNeedForm(NeedFormBase):
    pass


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a button that confirms something."""


class ListForm(Form):
    """The needs list's controls (a GET form: nothing changes)."""

    q = StringField(_l("Search"), filters=[strip_filter],
                    description=_l("Words in the need, e.g. bus or home care."),
                    validators=[Optional(), Length(max=SEARCH_MAX_LENGTH)],
                    render_kw={"type": "search"})
    sort = SelectField(_l("Order"), validators=[Optional()], validate_choice=True)
    category = SelectField(_l("Category"), validators=[Optional()], default="",
                           validate_choice=True)
    goal = SelectField(_l("Goal"), validators=[Optional()], default="", validate_choice=True)
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)])

    def __init__(self, round_, sorts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"support": _l("Most support"), "newest": _l("Newest"),
                  "random": _l("Mixed order (the same for you every time)")}
        self.sort.choices = [SelectChoice(s, labels[s]) for s in SORTS if s in sorts]
        self.category.choices = category_choices(round_, _l("All categories"))
        self.goal.choices = goal_choices(round_, _l("All goals"))

    def value(self, name):
        """The field's value if it is valid, otherwise None (odd links fall back to defaults)."""
        field = self[name]
        return None if field.errors else (field.data or None)
