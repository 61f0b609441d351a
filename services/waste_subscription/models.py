"""The customer register this service reads, and the cases it creates.

``Customer``, ``Property``, ``Subscription`` and ``SubscriptionBin`` mirror what
the waste-management system (e.g. EDP Future) knows; approved changes are applied
here and exported back.  ``ChangeRequest`` is one resident's submitted request:
created exactly once per journey, with the plans and price it was decided on, so
a later tariff change never rewrites what the resident was shown.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.toolkit import UTCDateTime, db, utcnow

from .plan import Bin, Pause, Plan
from .pricing import PriceQuote

STATUSES = ("new", "in_progress", "approved", "rejected", "withdrawn")
OPEN_STATUSES = ("new", "in_progress")
NEIGHBOUR_STATUSES = ("", "pending", "confirmed", "declined", "expired")
PENDING_NEIGHBOUR = text("neighbour_status = 'pending' AND status IN ('new', 'in_progress')")


class Customer(db.Model):
    """A subscription holder (abonnent), known by the customer number on the invoice."""

    __tablename__ = "waste_subscription_customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")


class Property(db.Model):
    """A property (fastighet) with its designation and street address."""

    __tablename__ = "waste_subscription_property"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation: Mapped[str] = mapped_column(String(80), unique=True)
    street_address: Mapped[str] = mapped_column(String(200), index=True)
    postal_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str] = mapped_column(String(80))
    holiday_home: Mapped[bool] = mapped_column(Boolean, default=False)


class Subscription(db.Model):
    """One customer's waste collection at one property."""

    __tablename__ = "waste_subscription_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("waste_subscription_customer.id"),
                                             unique=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("waste_subscription_property.id"),
                                             index=True)
    frequency: Mapped[str] = mapped_column(String(20))
    home_composting: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_with_id: Mapped[int | None] = mapped_column(
        ForeignKey("waste_subscription_subscription.id"), nullable=True)
    pause_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    pause_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer] = relationship(lazy="joined")
    property: Mapped[Property] = relationship(lazy="joined")
    bins: Mapped[list[SubscriptionBin]] = relationship(
        cascade="all, delete-orphan", order_by="SubscriptionBin.id", lazy="selectin")
    # post_update: two households pointing at each other are saved in two steps.
    shared_with: Mapped[Subscription | None] = relationship(remote_side=[id], post_update=True)

    def plan(self) -> Plan:
        pause = (Pause(self.pause_start, self.pause_end)
                 if self.pause_start and self.pause_end else None)
        return Plan(bins=tuple(Bin(b.container, b.litres) for b in self.bins),
                    frequency=self.frequency, home_composting=self.home_composting,
                    shared_with=self.shared_with.customer.customer_number
                    if self.shared_with else None,
                    holiday_home=self.property.holiday_home, pause=pause)

    def apply(self, plan: Plan, shared_with: Subscription | None) -> None:
        """Make the register say what an approved plan says."""
        self.bins = [SubscriptionBin(container=b.container, litres=b.litres)
                     for b in plan.bins]
        self.frequency = plan.frequency
        self.home_composting = plan.home_composting
        self.shared_with = shared_with
        self.pause_start = plan.pause.start if plan.pause else None
        self.pause_end = plan.pause.end if plan.pause else None


class SubscriptionBin(db.Model):
    __tablename__ = "waste_subscription_bin"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("waste_subscription_subscription.id", ondelete="CASCADE"), index=True)
    container: Mapped[str] = mapped_column(String(40))
    litres: Mapped[int]


class ChangeRequest(db.Model):
    """A resident's request to change a subscription: the case staff decide on."""

    __tablename__ = "waste_subscription_request"
    __table_args__ = (
        # At most one open request waits for a given neighbour's answer.
        Index("uq_waste_subscription_request_awaiting_neighbour", "neighbour_subscription_id",
              unique=True, sqlite_where=PENDING_NEIGHBOUR, postgresql_where=PENDING_NEIGHBOUR),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    journey_id: Mapped[str] = mapped_column(String(36), unique=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("waste_subscription_subscription.id"), index=True)
    change_types: Mapped[list[str]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    current_plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposed_plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    quote: Mapped[dict[str, Any]] = mapped_column(JSON)
    effective_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    neighbour_subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("waste_subscription_subscription.id"), nullable=True)
    neighbour_status: Mapped[str] = mapped_column(String(20), default="")
    neighbour_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True,
                                                             nullable=True)
    neighbour_token_expires: Mapped[datetime | None] = mapped_column(UTCDateTime(),
                                                                     nullable=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str] = mapped_column(String(80), default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    subscription: Mapped[Subscription] = relationship(foreign_keys=[subscription_id])
    neighbour: Mapped[Subscription | None] = relationship(
        foreign_keys=[neighbour_subscription_id])
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="request", order_by="CaseEvent.id", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def current(self) -> Plan:
        return Plan.from_json(self.current_plan)

    def proposed(self) -> Plan:
        return Plan.from_json(self.proposed_plan)

    def price_quote(self) -> PriceQuote:
        return PriceQuote.from_json(self.quote)


class CaseEvent(db.Model):
    """One line of a case's history: who did what, when, and why."""

    __tablename__ = "waste_subscription_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("waste_subscription_request.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[ChangeRequest] = relationship(back_populates="events")
