from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from samskapande.core.text import PlainText, strip_filter

PASSWORD_MIN_LENGTH = 10


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254),
                    PlainText(single_line=True)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


def _new_password_fields():
    """A new password and its repetition (fields are ordered by when they are made)."""
    new = PasswordField(
        _l("New password"),
        description=_l("At least %(count)d characters.", count=PASSWORD_MIN_LENGTH),
        validators=[
            DataRequired(_l("Enter a new password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=200,
                message=_l("The new password must be %(min)d–%(max)d characters long.",
                           min=PASSWORD_MIN_LENGTH, max=200),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return new, confirm


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, confirm_password = _new_password_fields()


class AcceptInvitationForm(FlaskForm):
    """The invited staff member chooses the name others see and a password."""

    name = StringField(
        _l("Your name"),
        description=_l("Shown to residents and colleagues with what you write."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write your name.")),
                    Length(max=120, message=_l("At most %(max)d characters.", max=120)),
                    PlainText(single_line=True)],
        render_kw={"autocomplete": "name"},
    )
    new_password, confirm_password = _new_password_fields()


class MailSettingsForm(FlaskForm):
    """Which hand-offs the account is told about by e-mail (a box left empty: no mail)."""

    signature_requested = BooleanField(
        _l("A response awaits my organisation's signature"),
        description=_l("When a colleague or another organisation asks your organisation "
                       "to sign a response."))
    signature_cleared = BooleanField(
        _l("My signature was removed by a change"),
        description=_l("Who changed what, with a link to read and sign again."))
    question_directed = BooleanField(
        _l("A question is directed to me or my organisation"),
        description=_l("Questions asked at a dialogue meeting, with a link to answer."))
    reminders = BooleanField(
        _l("A commitment I answer for is due or has had no update"),
        description=_l("14 days before its date, on the date, and after 90 days without "
                       "an update."))
