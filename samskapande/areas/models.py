"""Who is responsible for care, how they work together, and what they aim for."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.core.models import TimestampMixin
from samskapande.extensions import db


class OrganisationKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"


class Organisation(TimestampMixin, db.Model):
    """A body responsible for care (huvudman): a region or a municipality."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


model_area_organisation = Table(
    "model_area_organisation",
    db.metadata,
    Column("model_area_id", ForeignKey("model_area.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class ModelArea(TimestampMixin, db.Model):
    """A region and its municipalities working together in one place (modellområde)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    organisations: Mapped[list[Organisation]] = relationship(secondary=model_area_organisation)
    goals: Mapped[list[Goal]] = relationship(
        back_populates="model_area", order_by="Goal.position", cascade="all, delete-orphan"
    )
    categories: Mapped[list[Category]] = relationship(
        back_populates="model_area", order_by="Category.position", cascade="all, delete-orphan"
    )


class GoalStatus(StrEnum):
    ADOPTED = "adopted"
    PROPOSED = "proposed"


class Goal(TimestampMixin, db.Model):
    """One goal of a model area's shared vision (mål i målbilden), or a proposed one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    model_area_id: Mapped[int] = mapped_column(ForeignKey("model_area.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.ADOPTED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    model_area: Mapped[ModelArea] = relationship(back_populates="goals")


class Category(db.Model):
    """A subject residents can tag a need with, e.g. travel to care or home care."""

    __table_args__ = (UniqueConstraint("model_area_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model_area_id: Mapped[int] = mapped_column(ForeignKey("model_area.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    model_area: Mapped[ModelArea] = relationship(back_populates="categories")
