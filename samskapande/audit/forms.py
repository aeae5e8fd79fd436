"""The audit log's filter: a GET form, so a filtered view has an address one can share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # reading only

    action = SelectField(_l("Action"), validate_choice=True, default="")
    actor = SelectField(_l("Who"), validate_choice=True, default="")
    area = SelectField(_l("Model area"), validate_choice=True, default="")
    since = DateField(_l("From (date)"), validators=[Optional()],
                      description=_l("For example 2026-11-27."))
    until = DateField(_l("To (date)"), validators=[Optional()],
                      description=_l("For example 2026-11-27."))

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The last date comes before the first."))
