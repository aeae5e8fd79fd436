"""Each organisation's frame for a round ("Våra ramar"): what it can and cannot decide.

The frame is written by the organisation's staff and signed, like a response, by one of
its signers; the signed text is copied to the `public_*` columns, which residents read.
A change after signing clears the signature; the public text stays until it is signed
again (see responses.mandates).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.areas.models import Organisation
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db
from samskapande.rounds.models import Round


class RoundMandate(TimestampMixin, db.Model):
    __tablename__ = "round_mandate"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    # The text being written (and signed): the draft.
    can_decide: Mapped[str] = mapped_column(Text, default="")
    cannot_decide: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # The signature of the draft as it is now (cleared by a change).
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What residents read: the last signed text and who signed it.
    public_can_decide: Mapped[str] = mapped_column(Text, default="")
    public_cannot_decide: Mapped[str] = mapped_column(Text, default="")
    public_budget: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    signer_party: Mapped[str] = mapped_column(String(40), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship()
    organisation: Mapped[Organisation] = relationship()
