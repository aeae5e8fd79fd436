"""After the meeting: the moderated transcript (HTML and CSV).

Only what residents saw: visible posts, in the order they were written, with the answers
to questions. Held and hidden posts and who moderated are not part of it.
"""

from __future__ import annotations

import csv
import io

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, MessageStatus
from samskapande.live.payloads import message_payload, speaker, vote_counts


def transcript(meeting: Meeting) -> list[dict]:
    """The meeting's visible posts, oldest first, as message payloads."""
    messages = list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.status == MessageStatus.VISIBLE).order_by(Message.id)))
    votes = vote_counts(m.id for m in messages)
    rows = []
    for message in messages:
        row = message_payload(message, votes.get(message.id, 0))
        row["written_at"] = message.created_at
        rows.append(row)
    return rows


def _safe_cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def transcript_csv(meeting: Meeting) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Time"), _("Kind"), _("Who"), _("Question to"), _("Text"), _("Upvotes"),
                     _("Answered"), _("Answer"), _("Answered by")])
    for row in transcript(meeting):
        answer = row["answer"] or {}
        writer.writerow([_safe_cell(str(cell)) for cell in (
            format_datetime(row["written_at"], "yyyy-MM-dd HH:mm"),
            _("Question") if row["kind"] == "question" else _("Message"),
            speaker(row["author"]), row["directed_to"] or "", row["text"],
            row["votes"] if row["kind"] == "question" else "",
            (_("Yes") if row["answered"] else _("No")) if row["kind"] == "question" else "",
            answer.get("text", ""), speaker(answer["author"]) if answer else "",
        )])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8
