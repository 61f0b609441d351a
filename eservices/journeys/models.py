"""Journeys built in the browser: one editable draft, immutable versions, stage pointers,
and the submissions residents send.

MoJ Forms' lesson: every published state must be reproducible, so a version is
never edited - a change is a new draft, published as the next number.  The
prototype, pilot and live stages each point at a version, and a resident's
journey records the version it started on, so publishing version 3 while
someone is half-way through version 2 changes nothing for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class JourneyRecord(db.Model):
    """A journey and its draft (a ``JourneyDefinition`` as JSON, possibly with problems)."""

    __tablename__ = "platform_built_journey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    #: The module id residents, stages, test rounds and cases know it by; kept
    #: when the journey is renamed or ejected to a code module.
    module_id: Mapped[str] = mapped_column(String(40), unique=True)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Incremented on every save: an editor form carries the revision it was
    #: loaded at, so two designers' saves never silently overwrite each other.
    draft_revision: Mapped[int] = mapped_column(default=1)
    draft_updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    draft_updated_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    #: Set when ``flask journeys eject`` wrote a code module: the definition is
    #: read-only from then on and the code module serves the journey.
    ejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ejected_version: Mapped[int | None] = mapped_column(nullable=True)


class JourneyVersion(db.Model):
    """A published version: the definition exactly as it was, its number and note."""

    __tablename__ = "platform_built_journey_version"
    __table_args__ = (UniqueConstraint("journey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("platform_built_journey.id"),
                                            index=True)
    number: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[str] = mapped_column(String(80), default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JourneyStage(db.Model):
    """Which version a stage (prototype, pilot, live) serves."""

    __tablename__ = "platform_built_journey_stage"

    journey_id: Mapped[int] = mapped_column(ForeignKey("platform_built_journey.id"),
                                            primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    version_number: Mapped[int]
    set_by: Mapped[str] = mapped_column(String(80), default="")
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JourneySubmission(db.Model):
    """A resident's submission, a case in the back office.

    ``answers`` keeps the answers as the resident saw them on check answers
    (label and value per row, in their language) next to the raw values by
    key, so a case reads the same after the journey has changed, and an
    ejected module's cases stay in the same table under the same module id.
    """

    __tablename__ = "platform_built_journey_submission"
    __table_args__ = (Index("ix_platform_built_journey_submission_queue", "module_id",
                            "status",
                            "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(40))
    version_number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    language: Mapped[str] = mapped_column(String(12))
    #: ``{"rows": [{"key", "label", "value"}], "values": {key: raw}}``
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="new")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the case is deleted, from the journey's privacy settings at submission.
    delete_after: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class JourneyDecision(db.Model):
    """A decision on a submission: its new status, the reason the resident is told, who."""

    __tablename__ = "platform_built_journey_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("platform_built_journey_submission.id",
                                                          ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
