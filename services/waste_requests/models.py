"""The module's tables: missed-collection reports and pick-up bookings.

A report is unique per container and collection date, so a double click, a
retry or a second resident of a shared bin cannot make two; the database
decides (a unique constraint), not a read before the write.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eservices.toolkit import UTCDateTime, db, utcnow

REPORT_STATUSES = ("received", "scheduled", "done", "rejected")
OPEN_REPORT_STATUSES = ("received", "scheduled")
BOOKING_STATUSES = ("booked", "done", "cancelled")


class Report(db.Model):
    """"The bin was not emptied": one per container and scheduled collection."""

    __tablename__ = "waste_requests_report"
    __table_args__ = (UniqueConstraint("container_id", "collection_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    designation: Mapped[str] = mapped_column(String(80))
    street_address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(6), default="")
    container_id: Mapped[str] = mapped_column(String(80))
    fraction: Mapped[str] = mapped_column(String(40))
    collection_date: Mapped[date] = mapped_column(Date)
    route_code: Mapped[str] = mapped_column(String(40), default="")
    # The route day's evidence as it stood when the report came: staff see it beside it.
    outcome: Mapped[str] = mapped_column(String(20), default="")
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    description: Mapped[str] = mapped_column(String(4000), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")
    source: Mapped[str] = mapped_column(String(40), default="web")
    recollect_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status_note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Booking(db.Model):
    """A bulky-waste pick-up or an extra emptying on a booked day, at the tariff's price."""

    __tablename__ = "waste_requests_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # "bulky" or "extra_emptying"
    status: Mapped[str] = mapped_column(String(20), default="booked", index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    designation: Mapped[str] = mapped_column(String(80))
    street_address: Mapped[str] = mapped_column(String(200))
    container_id: Mapped[str] = mapped_column(String(80), default="")
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")
    source: Mapped[str] = mapped_column(String(40), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class DayCapacity(db.Model):
    """The places taken on one pick-up day: the row a booking's conditional ``UPDATE``
    takes a place from, so the database - not a count after the insert - holds the cap
    when two residents book the last place at the same instant (``bookings.take_place``)."""

    __tablename__ = "waste_requests_day_capacity"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    taken: Mapped[int] = mapped_column(Integer, default=0)
