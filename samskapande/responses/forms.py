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
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from samskapande.core.text import PlainText, strip_filter
from samskapande.responses.models import ROLE_MAX, CommitmentStatus, Stance
from samskapande.responses.services import COMMITMENT_STATUS_LABELS, STANCE_LABELS

TEXT_MAX = 5000
COMMITMENT_MAX = 1000
UPDATE_MAX = 2000
KEY = re.compile(r"[0-9a-f]{32}")


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


class ResponseForm(KeyedForm):
    stance = RadioField(
        _l("Our answer"),
        choices=[SelectChoice(str(s), STANCE_LABELS[s]) for s in Stance],
        validators=[InputRequired(_l("Choose an answer."))], validate_choice=True,
    )
    text = TextAreaField(
        _l("What is possible, and what limits it"),
        description=_l("Write so that residents understand: what you will do, what you "
                       "cannot do, and why."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write the response.")), _too_long(TEXT_MAX), PlainText()],
        render_kw={"rows": 10},
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
        self.organisations.choices = [SelectChoice(o.id, o.name) for o in organisations]
        if fixed:  # a published response keeps its organisations
            del self.organisations


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
