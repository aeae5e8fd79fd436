"""Forms for the privacy settings, a participant lookup and an accessibility report."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from samskapande.core.text import PlainText, strip_filter

SINGLE_LINE = {"autocomplete": "off"}


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


def _text(label, limit: int, description=None, rows: int = 4):
    return TextAreaField(label, description=description, filters=[strip_filter],
                         validators=[Optional(), _too_long(limit), PlainText()],
                         render_kw={"rows": rows})


class PrivacySettingsForm(FlaskForm):
    controller_name = StringField(
        _l("Data controller"),
        description=_l("The organisation responsible for the personal data, e.g. "
                       "“Sollefteå kommun, kommunstyrelsen”."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(200), PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    controller_contact = _text(_l("How to contact the data controller"), 1000,
                               _l("Address, e-mail and telephone, as residents should use them."))
    dpo_contact = _text(_l("Data protection officer"), 1000,
                        _l("How to reach the data protection officer (dataskyddsombud)."))
    retention_text = _text(_l("More about how long data is kept"), 5000,
                           _l("Shown in the privacy notice under the retention of each round, "
                              "e.g. how long the audit log and staff accounts are kept."), 5)
    accessibility_known_issues = _text(
        _l("Known accessibility problems"), 5000,
        _l("Shown in the accessibility statement. Leave empty if none are known."), 5)
    accessibility_assessed_on = DateField(
        _l("Date the accessibility was last assessed"), validators=[Optional()],
        description=_l("For the accessibility statement."))


class LookupForm(FlaskForm):
    resume_code = StringField(
        _l("The participant's personal code"),
        description=_l("The code the resident got when joining, e.g. K7QM-2XPA. Ask them to "
                       "read it to you or to send it."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Type the participant's personal code.")), _too_long(40),
                    PlainText(single_line=True)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class EraseParticipantForm(FlaskForm):
    confirm = BooleanField(
        _l("The participant has asked for their data to be erased"),
        validators=[DataRequired(_l("Confirm that the participant asked for the erasure."))],
    )


class ConfirmForm(FlaskForm):
    """A button that does something: only the CSRF token travels with it."""


class AccessibilityReportForm(FlaskForm):
    description = TextAreaField(
        _l("What did not work?"),
        description=_l("Describe the problem, e.g. what you tried to do and what happened."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Describe the problem.")), _too_long(5000), PlainText()],
        render_kw={"rows": 6},
    )
    page = StringField(
        _l("Which page? (optional)"),
        description=_l("The address or the name of the page."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(500), PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    contact = StringField(
        _l("How can we reach you? (optional)"),
        description=_l("An e-mail address or telephone number, if you want an answer. We use "
                       "it only to answer you."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(254), PlainText(single_line=True)],
        render_kw={"autocomplete": "email"},
    )
