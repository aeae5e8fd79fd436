"""Forms of a meeting: posting, answering, moderating, settings and quick polls.

Every form works without JavaScript; the services check the rules again (a socket client
never sees these forms), the forms give the person a clear message next to the field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from samskapande.core.text import PlainText, strip_filter
from samskapande.live.polls import OPTION_MAX, OPTIONS_MAX, QUESTION_MAX
from samskapande.live.services import ANSWER_MAX, REASON_MAX, SLOW_MODE_MAX, TEXT_MAX


def _too_long(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters. Shorten the text a little.",
                                        max=limit))


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PostForm(FlaskForm):
    kind = RadioField(_l("What do you want to write?"), default="message",
                      choices=[SelectChoice("message", _l("A message")),
                               SelectChoice("question", _l("A question"))],
                      validators=[InputRequired(_l("Choose message or question."))])
    text = TextAreaField(
        _l("Your post"), filters=[strip_filter],
        description=_l("At most %(max)d characters. Shown with your name if you gave one.",
                       max=TEXT_MAX),
        validators=[DataRequired(_l("Write something first.")), _too_long(TEXT_MAX),
                    PlainText()],
        render_kw={"rows": 3, "maxlength": TEXT_MAX},
    )
    direction = SelectField(_l("Question to (optional)"), default="", validate_choice=True,
                            description=_l("Only for questions: an organisation or a person."))

    def __init__(self, organisations, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = (
            [SelectChoice("", _l("Everyone"))]
            + [SelectChoice(f"org:{o.id}", o.name) for o in organisations]
            + [SelectChoice(f"user:{u.id}", ", ".join(x for x in (
                u.name, u.title, u.organisation.name if u.organisation else "") if x))
               for u in people]
        )

    def directed(self) -> tuple[int | None, int | None]:
        """(organisation id, user id) of the chosen direction."""
        value = self.direction.data or ""
        kind, _sep, number = value.partition(":")
        if not number.isdigit():
            return None, None
        return (int(number), None) if kind == "org" else (None, int(number))


class AnswerForm(FlaskForm):
    """A written answer, added next to any given before (an answer aloud is only marked)."""

    answer = TextAreaField(
        _l("Your answer"), filters=[strip_filter],
        description=_l("Shown with the question, with your name, next to other answers."),
        validators=[DataRequired(_l("Write the answer first.")), _too_long(ANSWER_MAX),
                    PlainText()],
        render_kw={"rows": 2, "maxlength": ANSWER_MAX},
    )


class HideForm(FlaskForm):
    reason = StringField(
        _l("Reason for hiding"), filters=[strip_filter],
        validators=[DataRequired(_l("Write why the post is hidden.")), _too_long(REASON_MAX),
                    PlainText(single_line=True)],
        render_kw={"maxlength": REASON_MAX},
    )


class ActionForm(FlaskForm):
    """Only the CSRF token: a button that does one thing."""


class SettingsForm(FlaskForm):
    chat_open = RadioField(_l("Chat"), choices=[SelectChoice("1", _l("Open")),
                                                SelectChoice("0", _l("Closed (no new posts)"))],
                           validators=[InputRequired(_l("Choose open or closed."))])
    moderation = RadioField(
        _l("Moderation"),
        choices=[SelectChoice("post", _l("Posts are shown at once (post-moderation)")),
                 SelectChoice("pre", _l("Posts are held until approved (pre-moderation)"))],
        validators=[InputRequired(_l("Choose pre-moderation or post-moderation."))])
    slow_mode_seconds = IntegerField(
        _l("Slow mode: seconds between posts per resident"),
        description=_l("0 turns slow mode off. At most %(max)d.", max=SLOW_MODE_MAX),
        validators=[InputRequired(_l("Write a number of seconds, 0 for none.")),
                    NumberRange(min=0, max=SLOW_MODE_MAX,
                                message=_l("Between 0 and %(max)d seconds.", max=SLOW_MODE_MAX))],
        render_kw={"inputmode": "numeric"},
    )


class PollForm(FlaskForm):
    """A quick poll. The rules a socket client must obey too (one line, the number and
    length of options, needs of this round) are live.polls.create_poll's alone; the view
    shows its refusal under the field it names."""

    question = StringField(
        _l("Question of the poll"), filters=[strip_filter],
        validators=[DataRequired(_l("Write the poll's question.")), _too_long(QUESTION_MAX),
                    PlainText()],
        render_kw={"maxlength": QUESTION_MAX},
    )
    kind = RadioField(_l("Kind of poll"), default="single", validate_choice=False,
                      choices=[SelectChoice("single", _l("One choice")),
                               SelectChoice("multiple", _l("Several choices")),
                               SelectChoice("needs", _l("Which of these needs matters most"))],
                      validators=[InputRequired(_l("Choose a kind of poll."))])
    options = TextAreaField(
        _l("Options, one per line"), filters=[strip_filter],
        description=_l("2 to %(max)d options, at most %(chars)d characters each. "
                       "Not used for a needs poll.", max=OPTIONS_MAX, chars=OPTION_MAX),
        validators=[Optional(), _too_long(OPTIONS_MAX * (OPTION_MAX + 1)), PlainText()],
        render_kw={"rows": 4},
    )
    needs = CheckboxesField(
        _l("Needs for a needs poll"), coerce=int, validate_choice=False,
        description=_l("Choose 2 to %(max)d; without a choice the most supported are used.",
                       max=OPTIONS_MAX))

    def __init__(self, needs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs.choices = [SelectChoice(need.id, need.text[:120]) for need in needs]

    def option_lines(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").split("\n") if line.strip()]


class PollAnswerForm(FlaskForm):
    choice = CheckboxesField(_l("Your answer"), coerce=int, validate_choice=True,
                             validators=[DataRequired(_l("Choose an option."))])

    def __init__(self, poll, *args, **kwargs):
        super().__init__(*args, prefix=f"poll{poll.id}", **kwargs)
        self.choice.choices = [SelectChoice(o.id, o.label) for o in poll.options]
        if poll.kind != "multiple":
            self.choice.widget = widgets.ListWidget(prefix_label=False)
            self.choice.option_widget = widgets.RadioInput()


class WhereForm(FlaskForm):
    where = RadioField(_l("Where are you?"),
                       choices=[SelectChoice("room", _l("In the room")),
                                SelectChoice("remote", _l("Remote"))],
                       validators=[InputRequired(_l("Choose where you are."))])


class MeetingForm(FlaskForm):
    """A new dialogue meeting of a round."""

    title = StringField(_l("Title"), filters=[strip_filter],
                        validators=[DataRequired(_l("Write the meeting's title.")),
                                    _too_long(200), PlainText(single_line=True)],
                        render_kw={"maxlength": 200})
    location = StringField(_l("Place (optional)"), filters=[strip_filter],
                           description=_l("e.g. the village hall; empty for online only."),
                           validators=[Optional(), _too_long(200), PlainText(single_line=True)],
                           render_kw={"maxlength": 200})
    starts_at = DateTimeLocalField(
        _l("Starts (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
        description=_l("Local time, e.g. 2026-12-03 18:30."))
    description = TextAreaField(_l("Description (optional)"), filters=[strip_filter],
                                validators=[Optional(), _too_long(2000), PlainText()],
                                render_kw={"rows": 4, "maxlength": 2000})
    moderation = RadioField(
        _l("Moderation"), default="post",
        choices=[SelectChoice("post", _l("Posts are shown at once (post-moderation)")),
                 SelectChoice("pre", _l("Posts are held until approved (pre-moderation)"))],
        validators=[InputRequired(_l("Choose pre-moderation or post-moderation."))])


class MeetingEditForm(FlaskForm):
    """An existing meeting's details, prefilled; the rules are live.meetings.update_meeting's
    too (end after start, only http(s) links), shown under the field they name."""

    title = StringField(_l("Title"), filters=[strip_filter],
                        validators=[DataRequired(_l("Write the meeting's title.")),
                                    _too_long(200), PlainText(single_line=True)],
                        render_kw={"maxlength": 200})
    starts_at = DateTimeLocalField(
        _l("Starts (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
        description=_l("Local time, e.g. 2026-12-03 18:30."))
    ends_at = DateTimeLocalField(
        _l("Ends (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
        description=_l("Local time, after the start."))
    location = StringField(_l("Place (optional)"), filters=[strip_filter],
                           description=_l("e.g. the village hall; empty for online only."),
                           validators=[Optional(), _too_long(200), PlainText(single_line=True)],
                           render_kw={"maxlength": 200})
    online_url = StringField(
        _l("Online link (optional)"), filters=[strip_filter],
        description=_l("The address for those who follow from home, starting with https://."),
        validators=[Optional(), _too_long(500), PlainText(single_line=True)],
        render_kw={"maxlength": 500, "inputmode": "url", "autocomplete": "url"})
    description = TextAreaField(_l("Description (optional)"), filters=[strip_filter],
                                validators=[Optional(), _too_long(2000), PlainText()],
                                render_kw={"rows": 4, "maxlength": 2000})
