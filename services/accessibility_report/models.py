"""A report is one resident's submitted journey: one row, created exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eservices import toolkit as tk

STATUSES = ("new", "handled")


class Report(tk.db.Model):
    __tablename__ = "accessibility_report_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    journey_id: Mapped[str] = mapped_column(String(36), unique=True)
    problem_kind: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    language: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    created_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(), nullable=True)
    handled_by: Mapped[str] = mapped_column(String(80), default="")
