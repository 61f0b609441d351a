"""A booked pick-up: the one row the prototype keeps once a journey is sent.

Until bookings were stored, a booking lived only in the platform's journey
answers (deleted after a session's hours) and the confirmation SMS: nothing a
resident could see on Mina sidor, export or erase, and nothing the reuse
market's staff could drive to.  One row per journey (``journey_id`` unique), so
a double click books once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from eservices import toolkit as tk


class Booking(tk.db.Model):
    __tablename__ = "textile_reuse_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    journey_id: Mapped[str] = mapped_column(String(36), unique=True)
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(6))
    #: The kinds of textiles (``forms.KINDS`` values) and how much (``forms.AMOUNTS``).
    kinds: Mapped[list[str]] = mapped_column(JSON)
    amount: Mapped[str] = mapped_column(String(10))
    pickup_day: Mapped[date] = mapped_column(Date, index=True)
    pickup_time: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(5))
    booked_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)
