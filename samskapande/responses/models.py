"""What politicians and officials answer, what they promise, and how it went.

A response is drafted, signed for every organisation it names, and published when the
last signature arrives (see responses.services). Who wrote and who signed is copied onto
the rows (name, title, party, organisation) so the public record stays true when an
account changes later. After publishing, `stance`/`text` ("Det här gör vi"), `limits` and
`who_decides` are what the public sees; a proposed change waits in `draft_stance`/
`draft_text`/`draft_limits`/`draft_who_decides` until it is signed again (`draft_text` not
None says a change waits).

A limit is `{"category": LimitCategory, "text": str}`: what stands in the way of a full
yes, sorted into one of a few kinds so that the model area can see which come up most.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.accounts.models import User
from samskapande.areas.models import Organisation
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.themes.models import Theme


class Stance(StrEnum):
    YES = "yes"  # Ja, vi gör det
    PARTLY = "partly"  # Delvis
    INVESTIGATING = "investigating"  # Vi utreder
    NOT_NOW = "not_now"  # Nej, inte nu


class LimitCategory(StrEnum):
    LAW = "law"  # Lag eller förordning
    MONEY = "money"  # Pengar
    STAFF = "staff"  # Personal och kompetens
    OTHER_PRINCIPAL = "other_principal"  # Den andra huvudmannens ansvar
    NATIONAL = "national"  # Nationellt beslut
    INVESTIGATE = "investigate"  # Behöver utredas


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Response(TimestampMixin, db.Model):
    """A public answer to a theme or to one need; joint when it names several organisations."""

    __table_args__ = (
        CheckConstraint("(theme_id IS NULL) <> (need_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    stance: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)  # "Det här gör vi"
    # [{"category", "text"}] in the order written; "Vem beslutar, och när".
    limits: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    who_decides: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default=ResponseStatus.DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The author as they were when they drafted it.
    author_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    author_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    author_party: Mapped[str] = mapped_column(String(40), default="", server_default="")
    author_organisation: Mapped[str] = mapped_column(String(200), default="",
                                                     server_default="")
    # A change to a published response, waiting for the signatures (None: nothing waits).
    draft_stance: Mapped[str | None] = mapped_column(String(20))
    draft_text: Mapped[str | None] = mapped_column(Text)
    draft_limits: Mapped[list[dict] | None] = mapped_column(JSON)
    draft_who_decides: Mapped[str | None] = mapped_column(Text)
    # A random key carried by the new-response form, so a double submit drafts once.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    theme: Mapped[Theme | None] = relationship()
    need: Mapped[Need | None] = relationship()
    author: Mapped[User] = relationship()
    organisations: Mapped[list[ResponseOrganisation]] = relationship(
        back_populates="response", cascade="all, delete-orphan",
        order_by="ResponseOrganisation.id",
    )
    versions: Mapped[list[ResponseVersion]] = relationship(
        back_populates="response", cascade="all, delete-orphan",
        order_by="ResponseVersion.version",
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Commitment.id"
    )


class ResponseOrganisation(db.Model):
    """An organisation a response speaks for, and who signed for it (if anyone yet)."""

    __table_args__ = (UniqueConstraint("response_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The signer as they were when they signed.
    signer_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    signer_party: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # What this organisation last signed; kept when a change clears the signature, so the
    # signer can be shown what changed since.
    signed_stance: Mapped[str | None] = mapped_column(String(20))
    signed_text: Mapped[str | None] = mapped_column(Text)
    signed_limits: Mapped[list[dict] | None] = mapped_column(JSON)
    signed_who_decides: Mapped[str | None] = mapped_column(Text)
    # The last change that cleared this organisation's signature: when, by whom, and what
    # it touched (comma-separated among "commitments", "limits", "organisations", "stance",
    # "text", "who_decides").
    # Reset when the organisation signs again.
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    cleared_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    cleared_change: Mapped[str] = mapped_column(String(200), default="", server_default="")

    response: Mapped[Response] = relationship(back_populates="organisations")
    organisation: Mapped[Organisation] = relationship()
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    cleared_by: Mapped[User | None] = relationship(foreign_keys=[cleared_by_id])


class ResponseVersion(TimestampMixin, db.Model):
    """A published text of a response as it stood; the history is public."""

    __table_args__ = (UniqueConstraint("response_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column()
    stance: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    limits: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    who_decides: Mapped[str] = mapped_column(Text, default="", server_default="")
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    edited_by_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Who signed this text: [{"organisation", "name", "title", "party", "signed_at"}].
    signatures: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")

    response: Mapped[Response] = relationship(back_populates="versions")


class CommitmentStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"  # not carried out, with the reason


ROLE_MAX = 200


class Commitment(TimestampMixin, db.Model):
    """Something promised in a response (åtagande): what, by whom, by when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.PLANNED)
    status_reason: Mapped[str | None] = mapped_column(Text)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Who answers for it: a role, which outlives the people in it ("verksamhetschef
    # primärvård, Region Västernorrland"); NULL only for commitments made before roles.
    responsible_role: Mapped[str | None] = mapped_column(String(ROLE_MAX))

    response: Mapped[Response] = relationship(back_populates="commitments")
    organisation: Mapped[Organisation] = relationship()
    # Optionally the staff member of the organisation who holds the role now.
    holding: Mapped[CommitmentHolder | None] = relationship(
        cascade="all, delete-orphan", uselist=False
    )

    @property
    def holder(self) -> User | None:
        return self.holding.user if self.holding is not None else None
    updates: Mapped[list[CommitmentUpdate]] = relationship(
        order_by="CommitmentUpdate.created_at", cascade="all, delete-orphan"
    )


class CommitmentHolder(TimestampMixin, db.Model):
    """The staff member who holds a commitment's responsible role (a table of its own, so
    that the commitment table, referred to by others, is not rebuilt on SQLite)."""

    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship()


class CommitmentUpdate(TimestampMixin, db.Model):
    """A dated report of progress on a commitment (uppföljning)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    author_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    author: Mapped[User] = relationship()
