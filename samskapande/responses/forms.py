"""Forms for drafting and signing responses and for reporting on commitments.

New things (a response, a commitment, an update) carry a random hidden key, so a double
click or a resent form stores them once. The signing form carries the fingerprint of the
text that was shown, so nobody signs a text they have not seen.
"""

from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from samskapande.core.refusals import add_error
from samskapande.core.text import PlainText, strip_filter
from samskapande.responses.models import ROLE_MAX, CommitmentStatus, LimitCategory, Stance
from samskapande.responses.services import (
    COMMITMENT_STATUS_LABELS,
    LIMIT_CATEGORY_LABELS,
    LIMIT_MAX,
    LIMITS_MAX,
    STANCE_LABELS,
    WHO_DECIDES_MAX,
)

TEXT_MAX = 5000
COMMITMENT_MAX = 1000
UPDATE_MAX = 2000
KEY = re.compile(r"[0-9a-f]{32}")
LIMIT_ROWS = 3  # empty limit rows a new form shows; "Add a limit" posts back with one more


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


def _valid_key(value):
    """Anything but a key a form made is replaced by a fresh one, never shown as an error."""
    return value if isinstance(value, str) and KEY.fullmatch(value) else None


class KeyedForm(FlaskForm):
    submission_key = HiddenField(filters=[_valid_key])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = uuid.uuid4().hex


class LimitForm(Form):
    """One limit: its kind and what it is. A row left empty is no limit."""

    category = SelectField(
        _l("Kind of limit"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(str(c), LIMIT_CATEGORY_LABELS[c]) for c in LimitCategory],
        validate_choice=True, default="",
    )
    text = TextAreaField(
        _l("What limits it"), filters=[strip_filter],
        validators=[_too_long(LIMIT_MAX), PlainText()], render_kw={"rows": 2},
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.text.data and not self.category.data:
            add_error(self.category, _l("Choose what kind of limit it is."))
            ok = False
        if self.category.data and not self.text.data:
            add_error(self.text, _l("Write what the limit is."))
            ok = False
        return ok


class LimitList(FieldList):
    """The limit rows; their errors are listed as sentences (each row shows its own)."""

    def validate(self, form, extra_validators=()):
        super().validate(form, extra_validators)
        sentences = []
        for entry in self.entries:
            for errors in entry.form.errors.values():
                sentences += [str(e) for e in errors if str(e) not in sentences]
        self.errors = [e for e in self.errors if isinstance(e, str)] + sentences
        return not self.errors

    def as_data(self) -> list[dict]:
        return [{"category": entry.form.category.data or "",
                 "text": entry.form.text.data or ""} for entry in self.entries]


class ResponseForm(KeyedForm):
    stance = RadioField(
        _l("Our answer"),
        choices=[SelectChoice(str(s), STANCE_LABELS[s]) for s in Stance],
        validators=[InputRequired(_l("Choose an answer."))], validate_choice=True,
    )
    text = TextAreaField(
        _l("This is what we will do"),
        description=_l("Write so that residents understand what you will do. What stands "
                       "in the way goes under the limits below."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write the response.")), _too_long(TEXT_MAX), PlainText()],
        render_kw={"rows": 8},
    )
    limits = LimitList(
        FormField(LimitForm), label=_l("Limits"), min_entries=LIMIT_ROWS,
        max_entries=LIMITS_MAX,
        description=_l("What stands in the way of a full yes, each with its kind. An answer "
                       "other than a full yes needs at least one. Leave a row empty if you "
                       "do not need it."),
    )
    add_limit = SubmitField(_l("Add a limit"))
    who_decides = TextAreaField(
        _l("Who decides, and when"),
        description=_l("For example: the regional council, in the budget for next year, "
                       "in June."),
        filters=[strip_filter],
        validators=[_too_long(WHO_DECIDES_MAX), PlainText()], render_kw={"rows": 2},
    )
    organisations = SelectMultipleField(
        _l("Responsible organisations"),
        description=_l("Name every organisation the response speaks for. A joint response is "
                       "published when each of them has signed."),
        coerce=int, validate_choice=True,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one organisation."))],
    )

    # The fingerprint of the response the edit form was opened on (empty for a new one).
    based_on = HiddenField()

    def __init__(self, organisations, *args, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        while len(self.limits.entries) < LIMIT_ROWS:
            self.limits.append_entry()
        self.organisations.choices = [SelectChoice(o.id, o.name) for o in organisations]
        if fixed:  # a published response keeps its organisations
            del self.organisations


    def wants_a_limit_row(self) -> bool:
        """"Add a limit" was pressed: show the form again with one more empty row."""
        if not self.add_limit.data:
            return False
        if len(self.limits.entries) < LIMITS_MAX:
            self.limits.append_entry()
        return True

    def fill_limits(self, limits: list[dict]) -> None:
        """Show saved limits, and empty rows up to LIMIT_ROWS (one more beyond them)."""
        while self.limits.entries:
            self.limits.pop_entry()
        for limit in limits:
            self.limits.append_entry(limit)
        for _ in range(max(LIMIT_ROWS - len(limits), 1 if len(limits) < LIMITS_MAX else 0)):
            self.limits.append_entry()


class SignForm(FlaskForm):
    fingerprint = HiddenField()
    confirm = BooleanField(
        _l("I have read the text above and sign it for my organisation."),
        validators=[DataRequired(_l("Tick the box to confirm that you sign this text."))],
    )


def _holder_id(value):
    """The chosen holder's id, or None for "no one named" (and for anything but an id)."""
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


class OwnerFields:
    """The responsible role and, optionally, the staff member who holds it."""

    responsible_role = StringField(
        _l("Responsible role"),
        description=_l("The role that answers for the commitment, which stays when people "
                       "change, e.g. ”verksamhetschef primärvård, Region Västernorrland”. "
                       "Residents see it."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Name the role responsible for the commitment.")),
                    _too_long(ROLE_MAX), PlainText()],
    )
    holder = SelectField(
        _l("Who holds the role now (optional)"),
        description=_l("Gets the reminders about the commitment; without a name, the "
                       "organisation's signers get them. Only staff see the name."),
        coerce=_holder_id, validate_choice=True,
    )

    def set_holders(self, holders) -> None:
        self.holder.choices = [SelectChoice(None, _l("No one named"))] + [
            SelectChoice(user.id, f"{user.name}, {user.organisation.name}" if user.organisation
                         else user.name) for user in holders]


class CommitmentForm(OwnerFields, KeyedForm):
    organisation = SelectField(_l("Organisation that commits"), coerce=int,
                               validate_choice=True)
    text = TextAreaField(
        _l("What will be done"), filters=[strip_filter],
        validators=[DataRequired(_l("Write what will be done.")), _too_long(COMMITMENT_MAX),
                    PlainText()],
        render_kw={"rows": 3},
    )
    due_on = DateField(_l("By when (optional)"), validators=[Optional()])

    def __init__(self, organisations, holders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice(o.id, o.name) for o in organisations]
        self.set_holders(holders)


class OwnerForm(OwnerFields, FlaskForm):
    def __init__(self, holders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_holders(holders)


class UpdateForm(KeyedForm):
    status = SelectField(
        _l("Status after this update"),
        choices=[SelectChoice(str(s), COMMITMENT_STATUS_LABELS[s]) for s in CommitmentStatus],
        validate_choice=True,
    )
    text = TextAreaField(
        _l("What has happened"),
        description=_l("If the commitment will not be carried out, say why."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write what has happened.")), _too_long(UPDATE_MAX),
                    PlainText()],
        render_kw={"rows": 3},
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a button that does one thing."""
