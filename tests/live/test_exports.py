"""The transcript after the meeting: only what residents saw, with answers; safe as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from samskapande.extensions import db
from samskapande.live import exports, services
from tests.live.helpers import FACILITATOR, POLITICIAN, demo_meeting, new_participant, staff


@pytest.fixture
def meeting(app, demo):
    with app.test_request_context(headers={"Cookie": "lang=en"}):  # the English msgids
        yield demo_meeting()
        db.session.rollback()


def test_transcript_has_moderated_posts_and_answers_only(meeting):
    facilitator, politician = staff(FACILITATOR), staff(POLITICIAN)
    resident = new_participant(meeting.round_id, "Gunnel")
    question = services.post_message(meeting, participant=resident, kind="question",
                                     text="Var ska vi parkera?")
    services.upvote_question(question, new_participant(meeting.round_id))
    services.answer_question(question, politician, "Vid skolan.")
    hidden = services.post_message(meeting, participant=resident, text="Något elakt")
    services.hide_message(hidden, facilitator, "Kränkande")
    services.set_moderation(meeting, facilitator, "pre")
    services.post_message(meeting, participant=resident, text="Väntar fortfarande")
    rows = list(csv.reader(io.StringIO(exports.transcript_csv(meeting).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 8
    texts = [row[4] for row in body]
    assert "Var ska vi parkera?" in texts
    assert not {"Något elakt", "Väntar fortfarande", "Kränkande"} & set(texts)
    assert not any("Kränkande" in cell for row in body for cell in row)
    row = body[texts.index("Var ska vi parkera?")]
    assert row[5] == "1" and row[6] == "Yes" and "Gunnel" in row[2]
    answer = body[texts.index("Var ska vi parkera?") + 1]  # right under its question
    assert answer[1] == "Answer" and answer[4] == "Vid skolan."
    assert "Karin Fjällström" in answer[2] and answer[7] == "Var ska vi parkera?"


def test_spreadsheet_formulas_are_defused(meeting):
    resident = new_participant(meeting.round_id)
    services.post_message(meeting, participant=resident, text="=1+1")
    body = exports.transcript_csv(meeting)
    assert "'=1+1" in body and ",=1+1" not in body
