"""The resident's choice of e-mail notifications, on their own page."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField
from wtforms.validators import DataRequired, Length, ValidationError

from samskapande.core.text import PlainText, strip_filter

# One @, a dot in the domain, plain ASCII (not every mail server takes other letters):
# the receiving server says the rest.
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def looks_like_email(form, field):
    if not EMAIL_RE.match(field.data or ""):
        raise ValidationError(_l("Write the e-mail address like name@example.se."))


class NotifyForm(FlaskForm):
    email = EmailField(
        _l("Your e-mail address"),
        description=_l("Used only to tell you about responses and follow-up to the needs "
                       "you wrote or supported. Never shown to anyone."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write your e-mail address.")),
                    Length(max=254, message=_l("At most %(max)d characters.", max=254)),
                    PlainText(single_line=True), looks_like_email],
        render_kw={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"},
    )
    consent = BooleanField(
        _l("Yes, send me e-mail when my needs get a response or a follow-up"),
        validators=[DataRequired(_l("Tick the box to say yes to e-mail."))],
    )


class StopForm(FlaskForm):
    """No fields: the button and the CSRF token are enough."""
