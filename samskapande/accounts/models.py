"""Staff users with roles, and the record of login attempts used for throttling."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, Index, String, Table, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from samskapande.areas.models import ModelArea, Organisation
from samskapande.core.concurrency import offload
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    OFFICIAL = "official"
    POLITICIAN = "politician"


model_area_staff = Table(
    "model_area_staff",
    db.metadata,
    Column("model_area_id", ForeignKey("model_area.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, TimestampMixin, db.Model):
    """A staff account: admin, facilitator (samtalsledare), official or politician."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    party: Mapped[str | None] = mapped_column(String(40))
    # An official authorised to sign public responses for their organisation (politicians
    # always may); see responses.permissions.
    may_sign: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Stored in the session at login; raising it ends every session opened before
    # (logout, password change, "log out everywhere", an admin's new link, deactivation).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Which hand-offs the account is told about by e-mail (the account page; all on at first).
    mail_signature_requested: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_signature_cleared: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_question_directed: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())

    organisation: Mapped[Organisation | None] = relationship()
    model_areas: Mapped[list[ModelArea]] = relationship(secondary=model_area_staff)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    def set_password(self, password: str) -> None:
        # Werkzeug's default method is scrypt: tens of milliseconds of CPU, not spent on
        # the thread that carries everyone's sockets (core/concurrency.py).
        self.password_hash = offload(generate_password_hash, password)

    def check_password(self, password: str) -> bool:
        # An invited account has no password until the invitation is accepted.
        return bool(self.password_hash) and offload(check_password_hash, self.password_hash,
                                                    password)

    @property
    def invited(self) -> bool:
        """Invited but has not yet set a password (and so cannot log in)."""
        return not self.password_hash

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class SignInAttempt(TimestampMixin, db.Model):
    """One try to sign in (staff password or resident resume code).

    Recent failures per identifier and per address slow down guessing; the table is
    shared by all server processes, so throttling holds with several workers.
    """

    __table_args__ = (
        Index("ix_sign_in_attempt_identifier_created", "kind", "identifier", "created_at"),
        Index("ix_sign_in_attempt_ip_created", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "password" or "resume_code"
    identifier: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)


class Invitation(TimestampMixin, db.Model):
    """A single-use link with which a staff member sets their name and password.

    Only a hash of the token is stored: whoever reads the database cannot use a link.
    A new invitation for the same account (a password reset) revokes the older ones.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20), default="invite")  # or "reset"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
