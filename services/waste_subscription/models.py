"""The cases this service creates; the customers and their bins are the waste register's.

Customers, properties and containers live in the one waste register
(``tk.waste_register()``), keyed by customer number; an approved change becomes a
change scheduled there for its effective date.  ``ChangeRequest`` is one resident's
submitted request: created exactly once per journey, with the plans and price it was
decided on, so a later tariff change never rewrites what the resident was shown.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.toolkit import UTCDateTime, db, utcnow

from .household import Household, household
from .plan import Plan
from .pricing import PriceQuote

STATUSES = ("new", "in_progress", "approved", "rejected", "withdrawn")
OPEN_STATUSES = ("new", "in_progress")
NEIGHBOUR_STATUSES = ("", "pending", "confirmed", "declined", "expired")
PENDING_NEIGHBOUR = text("neighbour_status = 'pending' AND status IN ('new', 'in_progress')")


class ChangeRequest(db.Model):
    """A resident's request to change a subscription: the case staff decide on."""

    __tablename__ = "waste_subscription_request"
    __table_args__ = (
        # At most one open request waits for a given neighbour's answer.
        Index("uq_waste_subscription_request_awaiting_neighbour", "neighbour_customer_number",
              unique=True, sqlite_where=PENDING_NEIGHBOUR, postgresql_where=PENDING_NEIGHBOUR),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    journey_id: Mapped[str] = mapped_column(String(36), unique=True)
    customer_number: Mapped[str] = mapped_column(String(12), index=True)
    property_designation: Mapped[str] = mapped_column(String(80), default="")
    change_types: Mapped[list[str]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    current_plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposed_plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    quote: Mapped[dict[str, Any]] = mapped_column(JSON)
    effective_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    neighbour_customer_number: Mapped[str | None] = mapped_column(String(12), nullable=True)
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

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="request", order_by="CaseEvent.id", cascade="all, delete-orphan")

    @property
    def subscription(self) -> Household | None:
        """The requester's household in the register, as in force today."""
        return household(self.customer_number)

    @property
    def neighbour(self) -> Household | None:
        return household(self.neighbour_customer_number) if self.neighbour_customer_number \
            else None

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
