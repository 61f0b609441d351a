"""The demo municipality's waste register: one set of tables behind every waste service.

What a waste-management system (EDP Future, say) would hold, reduced to what the
services use: properties and customers, each customer's subscription as it was last
confirmed (the base), its containers on a collection day, the scheduled changes that
put a new plan in force on a date, the holiday shifts staff confirmed, and what the
crews recorded. Nothing here is read by another module: they ask ``tk.waste_register()``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.toolkit import UTCDateTime, db, utcnow


class Property(db.Model):
    """A property (fastighet) and its collection address."""

    __tablename__ = "waste_register_property"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation: Mapped[str] = mapped_column(String(80), unique=True)
    street_address: Mapped[str] = mapped_column(String(200), index=True)
    postal_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    holiday_home: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str] = mapped_column(String(40), default="")


class Customer(db.Model):
    """A subscription holder, by customer number; the identity number finds them by e-ID."""

    __tablename__ = "waste_register_customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    identity_number: Mapped[str] = mapped_column(String(12), default="", index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")


class Subscription(db.Model):
    """A customer's collection at a property as last confirmed: the base of every plan."""

    __tablename__ = "waste_register_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("waste_register_customer.id"),
                                             unique=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("waste_register_property.id"),
                                             index=True)
    frequency: Mapped[str] = mapped_column(String(20))
    home_composting: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_with: Mapped[str | None] = mapped_column(String(12), nullable=True)
    pause_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    pause_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The collection day: route, weekday and ISO-week offset (see tk.register.CollectionDay).
    route_code: Mapped[str] = mapped_column(String(20))
    weekday: Mapped[int] = mapped_column(Integer)
    week_offset: Mapped[int] = mapped_column(Integer, default=0)
    season_start: Mapped[str | None] = mapped_column(String(5), nullable=True)
    season_end: Mapped[str | None] = mapped_column(String(5), nullable=True)

    # Classes, not names: other modules' models share the declarative registry.
    customer: Mapped[Customer] = relationship(Customer, lazy="joined")
    property: Mapped[Property] = relationship(Property, lazy="joined")
    containers: Mapped[list[Container]] = relationship(
        lambda: Container, cascade="all, delete-orphan", order_by=lambda: Container.id,
        lazy="selectin")


class Container(db.Model):
    """One bin of a subscription; a fyrfack bin lists its compartments."""

    __tablename__ = "waste_register_container"

    id: Mapped[int] = mapped_column(primary_key=True)
    container_id: Mapped[str] = mapped_column(String(40), unique=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("waste_register_subscription.id", ondelete="CASCADE"), index=True)
    fraction: Mapped[str] = mapped_column(String(40))
    litres: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(20))
    # [{"fraction": "matavfall", "frequency": "every_2_weeks"}, ...]; [] for a plain bin.
    compartments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class ScheduledChange(db.Model):
    """A change to put in force on its date: stored, never applied to the base early."""

    __tablename__ = "waste_register_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    customer_number: Mapped[str] = mapped_column(String(12), index=True)
    effective_date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "subscription" or "container"
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class HolidayShift(db.Model):
    """"Collections of 29 March move to 30 March": proposed, or confirmed by staff."""

    __tablename__ = "waste_register_holiday_shift"

    id: Mapped[int] = mapped_column(primary_key=True)
    original_date: Mapped[date] = mapped_column(Date, unique=True)
    new_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                 onupdate=utcnow)


class Outcome(db.Model):
    """What a crew recorded about one container on one day (the latest record wins)."""

    __tablename__ = "waste_register_outcome"
    __table_args__ = (UniqueConstraint("container_id", "service_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    container_id: Mapped[str] = mapped_column(String(40), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(30), default="")
    route_code: Mapped[str] = mapped_column(String(20), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
