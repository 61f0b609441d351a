"""Addresses, routes and stops as the waste-management system plans them; route days
as the trucks drive them; residents' alert subscriptions; and the ledger of alerts
sent that makes every alert exactly-once.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.toolkit import UTCDateTime, db, utcnow

ROUTE_DAY_STATUSES = ("planned", "started", "finished", "cancelled")
VISIT_STATUSES = ("completed", "skipped")


class Address(db.Model):
    """A collection address (hämtställe) with its coordinates."""

    __tablename__ = "collection_alerts_address"
    __table_args__ = (UniqueConstraint("street", "number", "postal_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(40), unique=True)
    street: Mapped[str] = mapped_column(String(120), index=True)
    number: Mapped[str] = mapped_column(String(10))  # "12", "12B", "" for a farm name
    postal_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    search_text: Mapped[str] = mapped_column(String(250), index=True)  # see search.normalise

    @property
    def label(self) -> str:
        return f"{self.street} {self.number}".strip() + f", {self.city}"


class Truck(db.Model):
    __tablename__ = "collection_alerts_truck"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")


class Route(db.Model):
    """A planned route: which weekday, which ISO weeks, which part of the year.

    Collected in ISO week ``w`` when ``w % week_cycle == week_offset``: every week
    (1, 0), odd weeks (2, 1), even weeks (2, 0), every 4th week (4, 0..3).  A
    seasonal route (holiday homes) runs only from ``season_start`` to
    ``season_end`` ("MM-DD", both included).
    """

    __tablename__ = "collection_alerts_route"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    week_cycle: Mapped[int] = mapped_column(Integer, default=1)
    week_offset: Mapped[int] = mapped_column(Integer, default=0)
    season_start: Mapped[str | None] = mapped_column(String(5), nullable=True)
    season_end: Mapped[str | None] = mapped_column(String(5), nullable=True)
    start_time: Mapped[time] = mapped_column(Time, default=time(7, 0))
    truck_id: Mapped[int | None] = mapped_column(ForeignKey("collection_alerts_truck.id"),
                                                 nullable=True)

    truck: Mapped[Truck | None] = relationship()
    stops: Mapped[list[RouteStop]] = relationship(back_populates="route",
                                                  order_by="RouteStop.position")


class RouteStop(db.Model):
    """One stop of a route, in planned order, with the fractions collected there."""

    __tablename__ = "collection_alerts_stop"
    __table_args__ = (UniqueConstraint("route_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_route.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in driving order
    address_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_address.id"),
                                            index=True)
    fractions: Mapped[list[str]] = mapped_column(JSON)  # e.g. ["restavfall", "matavfall"]
    planned_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)

    route: Mapped[Route] = relationship(back_populates="stops")
    address: Mapped[Address] = relationship()


class Subscriber(db.Model):
    """A verified mobile number; one number may follow several addresses."""

    __tablename__ = "collection_alerts_subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    subscriptions: Mapped[list[AlertSubscription]] = relationship(back_populates="subscriber")


class AlertSubscription(db.Model):
    """What one number wants to hear about one address."""

    __tablename__ = "collection_alerts_subscription"
    __table_args__ = (UniqueConstraint("subscriber_id", "address_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_subscriber.id"),
                                               index=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_address.id"),
                                            index=True)
    evening_reminder: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_time: Mapped[time] = mapped_column(Time, default=time(18, 0))
    approach_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")
    address: Mapped[Address] = relationship()


class VerificationCode(db.Model):
    """A one-time code sent by SMS before anything else is sent to a number."""

    __tablename__ = "collection_alerts_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    client_key: Mapped[str] = mapped_column(String(64), index=True)  # hashed client address
    request: Mapped[dict[str, Any]] = mapped_column(JSON)  # address and chosen alerts
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RouteDay(db.Model):
    """One route driven on one day: the state the API events build up."""

    __tablename__ = "collection_alerts_route_day"
    __table_args__ = (UniqueConstraint("route_id", "service_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_route.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    delay_minutes: Mapped[int] = mapped_column(Integer, default=0)  # announced by staff
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    position_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Lead time (minutes, as a string key) -> highest stop position already alerted.
    alerted_through: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)

    route: Mapped[Route] = relationship()
    visits: Mapped[list[StopVisit]] = relationship(back_populates="route_day")


class RouteEvent(db.Model):
    """Every API event as received: the idempotency ledger and the replay record."""

    __tablename__ = "collection_alerts_event"
    __table_args__ = (UniqueConstraint("api_key_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_api_key.id"))
    event_id: Mapped[str] = mapped_column(String(80))
    route_day_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_route_day.id"),
                                              index=True)
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StopVisit(db.Model):
    """A stop completed (or skipped) on a route day, at the event's own time."""

    __tablename__ = "collection_alerts_visit"
    __table_args__ = (UniqueConstraint("route_day_id", "stop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_day_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_route_day.id"),
                                              index=True)
    stop_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_stop.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())

    route_day: Mapped[RouteDay] = relationship(back_populates="visits")
    stop: Mapped[RouteStop] = relationship()


class AlertSent(db.Model):
    """The exactly-once guard: one row per subscription, collection day and kind.

    Kinds: "reminder" (the evening before), "approaching", "notice:<disruption id>".
    The row and its SMS are written in one transaction and the unique constraint
    refuses a second row, however often a job reruns or an event repeats.
    """

    __tablename__ = "collection_alerts_alert"
    __table_args__ = (UniqueConstraint("subscription_id", "service_date", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("collection_alerts_subscription.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    route_day_id: Mapped[int | None] = mapped_column(
        ForeignKey("collection_alerts_route_day.id"), nullable=True, index=True)
    notification_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiKey(db.Model):
    """A route-management integration's key; only a hash of the secret is stored."""

    __tablename__ = "collection_alerts_api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)  # shown, to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Disruption(db.Model):
    """A staff message to every subscriber of a route day (delay, cancellation)."""

    __tablename__ = "collection_alerts_disruption"

    id: Mapped[int] = mapped_column(primary_key=True)
    route_day_id: Mapped[int] = mapped_column(ForeignKey("collection_alerts_route_day.id"),
                                              index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "message", "delay", "cancel"
    message: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
