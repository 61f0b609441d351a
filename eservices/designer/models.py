"""Stages set by designers, the history of changes, page feedback and test-round passwords."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class ModuleStage(db.Model):
    """The stage a designer moved a module to (overrides the manifest's)."""

    __tablename__ = "platform_module_stage"

    module_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StageChange(db.Model):
    """Who moved which module from what to what, when and why."""

    __tablename__ = "platform_stage_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(40), index=True)
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PageFeedback(db.Model):
    """'Did this page help you?' - no personal data: no user, no IP, only the page."""

    __tablename__ = "platform_page_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(40), index=True)
    path: Mapped[str] = mapped_column(String(300))
    helpful: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PrototypePassword(db.Model):
    """One password per test round; revoking it ends that round's access."""

    __tablename__ = "platform_prototype_password"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("platform_staff_user.id"),
                                                   nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class TestRound(db.Model):
    """A sprint test of one module: tasks in plain language, joined with a short code."""

    __tablename__ = "platform_test_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    #: The version of a built journey the round measures (None for code
    #: modules): participants walk that version even after a newer one is
    #: published, so a round's numbers describe one thing.
    version_number: Mapped[int | None] = mapped_column(nullable=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TestTask(db.Model):
    __tablename__ = "platform_test_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("platform_test_round.id"), index=True)
    position: Mapped[int]
    description: Mapped[str] = mapped_column(String(300))
    done_path: Mapped[str] = mapped_column(String(300))


class Participant(db.Model):
    """An anonymous participant: a number within the round, nothing else."""

    __tablename__ = "platform_test_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("platform_test_round.id"), index=True)
    number: Mapped[int]
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TaskAttempt(db.Model):
    """One participant on one task: pages, time, error kinds by field, outcome, rating."""

    __tablename__ = "platform_task_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("platform_test_participant.id"),
                                                index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("platform_test_task.id"), index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str] = mapped_column(String(20), default="waiting")
    rating: Mapped[int | None] = mapped_column(nullable=True)
    pages: Mapped[list[str]] = mapped_column(JSON, default=list)
    errors: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON, default=dict)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()
