"""The residents' forms: the round's code, the personal code, joining, the name, erasing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Optional

from samskapande.core.text import PlainText, strip_filter

DISPLAY_NAME_MAX = 60


class CodeForm(Form):
    """The round's join code, typed on the start page (a GET form: nothing changes)."""

    code = StringField(
        _l("The round's code"),
        description=_l("It is on the poster or the invitation, e.g. NASAKER."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Type the code of the round.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class ResumeForm(FlaskForm):
    resume_code = StringField(
        _l("Your personal code"),
        description=_l("You got it when you joined, e.g. K7QM-2XPA."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Type your personal code.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class JoinFormBase(FlaskForm):
    display_name = StringField(
        _l("What should we call you? (optional)"),
        description=_l("Shown with what you write. Leave it empty to be anonymous; "
                       "do not use your full name."),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=DISPLAY_NAME_MAX,
                   message=_l("At most %(max)d characters.", max=DISPLAY_NAME_MAX)),
            PlainText(single_line=True),
        ],
        render_kw={"autocomplete": "nickname"},
    )


def join_form_for(round_):
    """A join form with one optional radio group per profile question of the round."""

    class JoinForm(JoinFormBase):
        pass

    if round_.ticket_mode:
        JoinForm.ticket_code = StringField(
            _l("Your ticket code"),
            description=_l("The code on the ticket you got in the room, e.g. K7QM-2XPA."),
            filters=[strip_filter],
            validators=[DataRequired(_l("Type the code on your ticket.")), Length(max=40)],
            render_kw={"autocomplete": "off", "autocapitalize": "characters",
                       "spellcheck": "false"},
        )
    for question in round_.profile_questions:
        choices = [SelectChoice("", _l("Prefer not to say"))]
        choices += [SelectChoice(option, option) for option in question.options]
        field = RadioField(question.label, choices=choices, default="",
                           validators=[Optional()], validate_choice=True)
        setattr(JoinForm, f"profile_{question.key}", field)
    return JoinForm()


class DisplayNameForm(JoinFormBase):
    """Change the name shown with what the participant writes, or clear it."""


class EraseForm(FlaskForm):
    """Only the CSRF token: the button that confirms erasing the participation."""
