"""After the meeting: the moderated transcript (HTML and CSV).

Only what residents saw: visible posts, in the order they were written, with the answers
to questions. Held and hidden posts and who moderated are not part of it.

In the CSV each written answer is a row of its own, right under its question: a reader of
a transcript reads who said what, and an answer is said by a named official or politician
at a time of its own, like every other post. Joined into one cell, two organisations'
answers would blur into one text whose parts nobody can attribute or sort; as rows, each
keeps its author and time, and its "Answer to" cell keeps it with its question when the
sheet is sorted or filtered.
"""

from __future__ import annotations

import csv
import io

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, MessageStatus
from samskapande.live.payloads import answers_of, message_payload, speaker, vote_counts


def transcript(meeting: Meeting) -> list[dict]:
    """The meeting's visible posts, oldest first, as message payloads."""
    messages = list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.status == MessageStatus.VISIBLE).order_by(Message.id)))
    votes = vote_counts(m.id for m in messages)
    answers = answers_of(m.id for m in messages)
    rows = []
    for message in messages:
        row = message_payload(message, votes.get(message.id, 0), answers.get(message.id, []))
        row["written_at"] = message.created_at
        for answer, given in zip(row["answers"], answers.get(message.id, []), strict=True):
            answer["written_at"] = given.created_at
        rows.append(row)
    return rows


def _safe_cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_rows(meeting: Meeting):
    """Each post, and under each question a row for each of its written answers."""
    for row in transcript(meeting):
        question = row["kind"] == "question"
        yield (format_datetime(row["written_at"], "yyyy-MM-dd HH:mm"),
               _("Question") if question else _("Message"), speaker(row["author"]),
               row["directed_to"] or "", row["text"], row["votes"] if question else "",
               (_("Yes") if row["answered"] else _("No")) if question else "", "")
        for answer in row["answers"]:
            yield (format_datetime(answer["written_at"], "yyyy-MM-dd HH:mm"), _("Answer"),
                   speaker(answer["author"]), "", answer["text"], "", "", row["text"])


def transcript_csv(meeting: Meeting) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Time"), _("Kind"), _("Who"), _("Question to"), _("Text"), _("Upvotes"),
                     _("Answered"), _("Answer to")])
    for cells in _csv_rows(meeting):
        writer.writerow([_safe_cell(str(cell)) for cell in cells])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8
