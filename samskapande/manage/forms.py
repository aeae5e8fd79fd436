"""The facilitator's forms: a round's settings, tickets, hiding and merging needs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from samskapande.core.text import PlainText, strip_filter
from samskapande.manage import services
from samskapande.rounds.models import ErasurePolicy, ModerationMode, VotingMode
from samskapande.rounds.phases import PHASE_LABELS, VOTING_PHASE_LABEL

HIDE_REASON_MAX = 1000
QUESTION_SLOTS = range(1, services.QUESTIONS_MAX + 1)
SINGLE_LINE = {"autocomplete": "off"}


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""


class RoundForm(FlaskForm):
    """A round's settings; dates and profile questions are added below, one per phase/slot."""

    title = StringField(
        _l("Title"), description=_l("What the round is about, e.g. “Vård nära dig i Näsåker”."),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write a title for the round.")),
                    _too_long(services.TITLE_MAX), PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    place = StringField(
        _l("Place (optional)"), description=_l("The village or area, e.g. Näsåker."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(services.PLACE_MAX), PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    )
    description = TextAreaField(
        _l("Description (optional)"),
        description=_l("What residents are asked, and what happens with their answers."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(services.DESCRIPTION_MAX), PlainText()],
        render_kw={"rows": 5},
    )
    code = StringField(
        _l("Join code"),
        description=_l("Printed on posters and typed by residents: %(min)d to %(max)d letters "
                       "A–Z or digits, e.g. NASAKER. Must differ from every other round's code.",
                       min=services.CODE_MIN, max=services.CODE_MAX),
        filters=[strip_filter],
        validators=[DataRequired(_l("Choose a join code.")), Length(max=40, message=_l(
            "The code needs %(min)d to %(max)d letters or digits.",
            min=services.CODE_MIN, max=services.CODE_MAX))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    voting_mode = RadioField(
        _l("How residents vote"),
        choices=[SelectChoice(VotingMode.SUPPORT, _l("Support: one click backs a need")),
                 SelectChoice(VotingMode.DOTS, _l("Dots: each participant shares out a "
                                                  "number of dots"))],
        default=VotingMode.SUPPORT, validate_choice=True,
        validators=[DataRequired(_l("Choose how residents vote."))],
    )
    dots_per_participant = IntegerField(
        _l("Dots per participant"),
        description=_l("Only for dot voting: %(min)d to %(max)d.",
                       min=services.DOTS_MIN, max=services.DOTS_MAX),
        default=5, validators=[Optional()], render_kw={"inputmode": "numeric"},
    )
    max_dots_per_need = IntegerField(
        _l("Most dots on one need"),
        description=_l("Only for dot voting: at least 1, at most the dots per participant."),
        default=2, validators=[Optional()], render_kw={"inputmode": "numeric"},
    )
    moderation = RadioField(
        _l("When needs are checked"),
        choices=[SelectChoice(ModerationMode.POST, _l("Afterwards: needs are public at once, "
                                                      "the facilitator can hide them")),
                 SelectChoice(ModerationMode.PRE, _l("Before: needs are public once the "
                                                     "facilitator has approved them"))],
        default=ModerationMode.POST, validate_choice=True,
        validators=[DataRequired(_l("Choose when needs are checked."))],
    )
    results = RadioField(
        _l("When support counts are shown"),
        choices=[SelectChoice("live", _l("All the time, as votes come in")),
                 SelectChoice("after", _l("Only after voting has closed"))],
        default="live", validate_choice=True,
        validators=[DataRequired(_l("Choose when support counts are shown."))],
    )
    support_while_collecting = BooleanField(
        _l("Residents can support others' needs while needs are collected"),
        description=_l("With support voting: from the first day, before voting opens. "
                       "With dot voting the dots are given only once voting opens, in the "
                       "phase “%(phase)s”.", phase=VOTING_PHASE_LABEL),
        default=True,
    )
    erasure_policy = RadioField(
        _l("When a resident erases their participation"),
        choices=[SelectChoice(ErasurePolicy.ANONYMISE, _l("Their needs stay, without their "
                                                          "name")),
                 SelectChoice(ErasurePolicy.DELETE, _l("Their needs are deleted"))],
        default=ErasurePolicy.ANONYMISE, validate_choice=True,
        validators=[DataRequired(_l("Choose what happens to the needs of someone who "
                                    "leaves."))],
    )
    ticket_mode = BooleanField(
        _l("Ticket mode: joining needs a printed one-time code"),
        description=_l("For votes in the room that must be one person, one vote."),
    )
    chat_retention_days = IntegerField(
        _l("Delete the meetings' chat this many days after the round closes"),
        description=_l("Messages, questions and poll answers; the poll results stay. 0: at "
                       "closing. Leave empty to keep the chat."),
        validators=[Optional()], render_kw={"inputmode": "numeric"},
    )
    participant_retention_days = IntegerField(
        _l("Delete participants' names and e-mail addresses this many days after the round "
           "closes"),
        description=_l("Their needs and votes stay, without a name. Leave empty to keep them."),
        validators=[Optional()], render_kw={"inputmode": "numeric"},
    )
    delete_profile_answers_at_close = BooleanField(
        _l("Delete the answers to the optional questions when the round closes"),
        description=_l("The counts in the report stay."),
    )


for _phase in services.SCHEDULED_PHASES:
    setattr(RoundForm, f"starts_{_phase}", DateField(
        _l("%(phase)s: first day", phase=PHASE_LABELS[_phase]), validators=[Optional()]))
    setattr(RoundForm, f"ends_{_phase}", DateField(
        _l("%(phase)s: last day", phase=PHASE_LABELS[_phase]), validators=[Optional()]))

for _n in QUESTION_SLOTS:
    setattr(RoundForm, f"q{_n}_id", HiddenField())
    setattr(RoundForm, f"q{_n}_label", StringField(
        _l("Question %(number)d", number=_n),
        description=_l("e.g. “Where do you live?”. Leave empty for no question."),
        filters=[strip_filter],
        validators=[Optional(), _too_long(services.LABEL_MAX), PlainText(single_line=True)],
        render_kw=SINGLE_LINE,
    ))
    setattr(RoundForm, f"q{_n}_options", TextAreaField(
        _l("Options for question %(number)d", number=_n),
        description=_l("One option on each line, at most %(max)d.", max=services.OPTIONS_MAX),
        filters=[strip_filter],
        validators=[Optional(), _too_long(2000), PlainText()],
        render_kw={"rows": 4},
    ))


def new_round_form(areas) -> RoundForm:
    """The settings form with a choice of model area, for a round that does not exist yet."""

    class NewRoundForm(RoundForm):
        model_area = SelectField(
            _l("Model area"),
            choices=[SelectChoice(str(area.id), area.name) for area in areas],
            default=str(areas[0].id) if areas else None,
            validate_choice=True,
            validators=[DataRequired(_l("Choose the model area."))],
        )

    return NewRoundForm()


def form_data(settings: services.RoundSettings) -> dict:
    """The form's values for existing settings."""
    data = {
        "title": settings.title, "place": settings.place, "description": settings.description,
        "code": settings.code, "voting_mode": settings.voting_mode,
        "dots_per_participant": settings.dots_per_participant,
        "max_dots_per_need": settings.max_dots_per_need, "moderation": settings.moderation,
        "results": "live" if settings.results_live else "after",
        "support_while_collecting": settings.support_while_collecting,
        "erasure_policy": settings.erasure_policy, "ticket_mode": settings.ticket_mode,
        **{name: getattr(settings, name) for name in services.RETENTION_SETTINGS},
    }
    for phase, (starts, ends) in settings.schedule.items():
        data[f"starts_{phase}"], data[f"ends_{phase}"] = starts, ends
    for n, question in zip(QUESTION_SLOTS, settings.questions, strict=False):
        data[f"q{n}_id"] = str(question.id or "")
        data[f"q{n}_label"] = question.label
        data[f"q{n}_options"] = "\n".join(question.options)
    return data


def int_or_none(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def settings_from(form: RoundForm) -> services.RoundSettings:
    """The settings as typed, for the services to check (whatever the form thought of them)."""
    return services.RoundSettings(
        title=form.title.data or "",
        code=form.code.data or "",
        place=form.place.data or "",
        description=form.description.data or "",
        voting_mode=form.voting_mode.data or "",
        dots_per_participant=form.dots_per_participant.data,
        max_dots_per_need=form.max_dots_per_need.data,
        moderation=form.moderation.data or "",
        results_live=form.results.data != "after",
        support_while_collecting=bool(form.support_while_collecting.data),
        erasure_policy=form.erasure_policy.data or "",
        ticket_mode=bool(form.ticket_mode.data),
        chat_retention_days=form.chat_retention_days.data,
        participant_retention_days=form.participant_retention_days.data,
        delete_profile_answers_at_close=bool(form.delete_profile_answers_at_close.data),
        schedule={phase: (form[f"starts_{phase}"].data, form[f"ends_{phase}"].data)
                  for phase in services.SCHEDULED_PHASES},
        questions=[services.QuestionInput(
            label=form[f"q{n}_label"].data or "",
            options=services.parse_options(form[f"q{n}_options"].data or ""),
            id=int_or_none(form[f"q{n}_id"].data),
        ) for n in QUESTION_SLOTS],
    )


class TicketForm(FlaskForm):
    count = IntegerField(
        _l("Number of tickets"),
        description=_l("1 to %(max)d. Each code lets one person join once.",
                       max=services.TICKETS_MAX),
        default=30, validators=[DataRequired(_l("Write how many tickets to print."))],
        render_kw={"inputmode": "numeric"},
    )


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason the author will see"),
        description=_l("Kind and plain, e.g. “Names a person who can be identified.”"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write the reason the author will see.")),
                    _too_long(HIDE_REASON_MAX), PlainText()],
        render_kw={"rows": 3},
    )


class MergeChoiceForm(Form):
    """Choosing the need to merge into (a GET form: it only shows both texts)."""

    target = SelectField(_l("Merge into"), validators=[Optional()], validate_choice=False)
    number = StringField(
        _l("…or the need's number"), description=_l("e.g. 12"), filters=[strip_filter],
        validators=[Optional(), Length(max=12, message=_l("Write a number, e.g. 12."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    def chosen_id(self) -> int | None:
        """The need number typed, else the one chosen in the list."""
        if self.number.data:
            return int_or_none(self.number.data.lstrip("#"))
        return int_or_none(self.target.data)


def merge_choice_form(args, targets) -> MergeChoiceForm:
    form = MergeChoiceForm(args)
    form.target.choices = [SelectChoice("", _l("Choose a need"))] + [
        SelectChoice(str(need.id), f"#{need.id}: {_shorten(need.text)}") for need, _ in targets]
    return form


def _shorten(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class ReferForm(FlaskForm):
    refer_to = SelectField(_l("Refer to"), coerce=int, validate_choice=True)
    referral_reason = TextAreaField(
        _l("Reason residents will see"),
        description=_l("Plain and kind, e.g. “Dental care is the region's responsibility; "
                       "we have passed your need on to them.”"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write the reason residents will see.")),
                    _too_long(HIDE_REASON_MAX), PlainText()],
        render_kw={"rows": 3},
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refer_to.choices = [(o.id, o.name) for o in organisations]
