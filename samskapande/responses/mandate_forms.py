"""Forms for writing and signing an organisation's frame for a round ("Våra ramar")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from samskapande.core.text import PlainText, strip_filter
from samskapande.responses.mandates import BUDGET_MAX, TEXT_MAX


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


class MandateForm(FlaskForm):
    can_decide = TextAreaField(
        _l("What we can decide"),
        description=_l("What your organisation can decide about in this round's subject, "
                       "so that residents know what their needs can change."),
        filters=[strip_filter], validators=[_too_long(TEXT_MAX), PlainText()],
        render_kw={"rows": 6},
    )
    cannot_decide = TextAreaField(
        _l("What we cannot decide"),
        description=_l("What is decided elsewhere, e.g. by law, by the other organisation "
                       "or nationally, and by whom."),
        filters=[strip_filter], validators=[_too_long(TEXT_MAX), PlainText()],
        render_kw={"rows": 6},
    )
    budget = TextAreaField(
        _l("Budget frame (optional)"),
        description=_l("E.g. “Within the existing budget” or an amount."),
        filters=[strip_filter], validators=[_too_long(BUDGET_MAX), PlainText()],
        render_kw={"rows": 2},
    )
    # The fingerprint of the frame the form was opened on (empty for a frame not started).
    based_on = HiddenField()


class MandateSignForm(FlaskForm):
    fingerprint = HiddenField()
    confirm = BooleanField(
        _l("I have read the frame above and sign it for my organisation."),
        validators=[DataRequired(_l("Tick the box to confirm that you sign this text."))],
    )
