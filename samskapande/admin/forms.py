"""The admin's forms: organisations, model areas, goals and staff accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from samskapande.accounts.models import Role
from samskapande.areas.models import OrganisationKind
from samskapande.core.refusals import add_error
from samskapande.core.text import PlainText, strip_filter

SINGLE_LINE = {"autocomplete": "off"}
REASON_MAX = 1000


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


def _line(label, required_message=None, limit=200, description=None, **kw):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    return StringField(label, description=description, filters=[strip_filter],
                       validators=[*validators, _too_long(limit), PlainText(single_line=True)],
                       render_kw=kw.pop("render_kw", SINGLE_LINE), **kw)


def _text(label, limit, description=None):
    return TextAreaField(label, description=description, filters=[strip_filter],
                         validators=[Optional(), _too_long(limit), PlainText()],
                         render_kw={"rows": 4})


class Checkboxes(SelectMultipleField):
    """Several choices as checkboxes (no JavaScript, no multi-select box to fight with)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


ORGANISATION_KINDS = [
    SelectChoice(OrganisationKind.REGION, _l("Region")),
    SelectChoice(OrganisationKind.MUNICIPALITY, _l("Municipality")),
]


class ReasonForm(FlaskForm):
    """A button that changes something, with an optional reason for the audit log."""

    reason = _text(_l("Reason (optional)"), REASON_MAX,
                   description=_l("Kept in the audit log."))


class OrganisationForm(FlaskForm):
    name = _line(_l("Name"), _l("Write the organisation's name."),
                 description=_l("e.g. Region Västernorrland or Sollefteå kommun."))
    kind = RadioField(_l("Kind"), choices=ORGANISATION_KINDS, validate_choice=True,
                      validators=[DataRequired(_l("Choose region or municipality."))])


class AreaForm(FlaskForm):
    name = _line(_l("Name"), _l("Write the model area's name."))
    slug = _line(_l("Web address"), _l("Write a web address for the model area."), limit=80,
                 description=_l("The last part of the address of the model area's page, "
                                "e.g. “solleftea” in /areas/solleftea."),
                 render_kw={"autocomplete": "off", "autocapitalize": "none",
                            "spellcheck": "false"})
    description = _text(_l("Description (optional)"), 5000)
    organisations = Checkboxes(_l("Organisations in the model area"), coerce=int,
                               validate_choice=True)


class GoalForm(FlaskForm):
    title = _line(_l("Goal"), _l("Write the goal."))
    description = _text(_l("Description (optional)"), 2000,
                        description=_l("What the goal means in practice."))


ROLE_CHOICES = [
    SelectChoice(Role.FACILITATOR, _l("Facilitator: runs rounds in the model areas below")),
    SelectChoice(Role.OFFICIAL, _l("Official: answers for an organisation")),
    SelectChoice(Role.POLITICIAN, _l("Politician: answers and commits for an organisation")),
    SelectChoice(Role.ADMIN, _l("Administrator: manages everything, including accounts")),
]


class StaffForm(FlaskForm):
    """An account's details; the e-mail address is fixed once the account exists."""

    name = _line(_l("Name"), description=_l("The person can change it when they set "
                                            "their password."), limit=120)
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, validate_choice=True,
                      validators=[DataRequired(_l("Choose a role."))])
    title = _line(_l("Title (optional)"), limit=120,
                  description=_l("e.g. Primary care manager."))
    organisation = SelectField(_l("Organisation"), validate_choice=True,
                               description=_l("Required for officials and politicians."))
    party = _line(_l("Party (politicians only)"), limit=40)
    may_sign = BooleanField(
        _l("May sign responses for the organisation (officials only)"),
        description=_l("Politicians always may. An official signs only when authorised."),
    )
    areas = Checkboxes(_l("Model areas (facilitators only)"), coerce=int, validate_choice=True)
    reason = _text(_l("Reason (optional)"), REASON_MAX,
                   description=_l("Kept in the audit log."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.role.data in (Role.OFFICIAL, Role.POLITICIAN) and not self.organisation.data:
            add_error(self.organisation, _l("Choose the organisation the person answers for."))
            ok = False
        return ok


class InviteForm(StaffForm):
    email = EmailField(
        _l("E-mail address"),
        description=_l("The person logs in with it. No e-mail is sent."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Enter the e-mail address.")), _too_long(254),
                    PlainText(single_line=True),
                    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                           message=_l("Enter an e-mail address like name@kommun.se."))],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )


def fill_choices(form, organisations, areas) -> None:
    """Give the organisation and model-area fields their current choices."""
    if "organisations" in form:
        form.organisations.choices = [(o.id, o.name) for o in organisations]
    if "organisation" in form:
        form.organisation.choices = [("", _l("None"))] + [(str(o.id), o.name)
                                                          for o in organisations]
    if "areas" in form:
        form.areas.choices = [(a.id, a.name) for a in areas]
