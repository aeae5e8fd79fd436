"""The event journal of live meetings, and who is connected to them.

`LiveEvent` keeps every event a meeting published, numbered per stream without gaps, so a
client that was away asks for what it missed (`journal.events_since`). `LiveStream` holds
the last number handed out per (meeting, stream); taking the next one updates that row,
which also makes writers of one meeting wait for each other, so commit order is seq order.
`LivePresence` has one row per open socket in a meeting, in the database so that every
server process counts the same connections.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class LiveStream(db.Model):
    """The counter of one stream (`public` or `staff`) of a meeting."""

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    stream: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class LiveEvent(TimestampMixin, db.Model):
    """One published event: what changed in a meeting, as the clients receive it."""

    __table_args__ = (UniqueConstraint("meeting_id", "stream", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class LivePresence(db.Model):
    """An open socket in a meeting, kept fresh by its server process's heartbeat."""

    __table_args__ = (Index("ix_live_presence_meeting_id_seen_at", "meeting_id", "seen_at"),)

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            primary_key=True)
    identity: Mapped[str] = mapped_column(String(80))  # "user:<id>" / "participant:<id>"
    where: Mapped[str] = mapped_column(String(10))  # "room" or "remote"
    server: Mapped[str] = mapped_column(String(40))  # the process that holds the socket
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
