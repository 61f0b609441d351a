"""The idea lock's records: ideas, their history, challenges, supports and reports.

An idea is one row created exactly once from a finished journey (``journey_id``
is unique, so a double click or a retry files it once).  What the idea giver
sees of its handling is the ``IdeaStatusChange`` rows' public answers; what
staff write to each other is ``IdeaNote`` and never leaves the back office.
Counts shown to the public (supports) are counted from rows, not kept in a
column, so they cannot drift.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from eservices import toolkit as tk

# -- ideas (helper A owns the submission columns, helper C the handling ones) -------


class Idea(tk.db.Model):
    __tablename__ = "ideas_idea"
    __table_args__ = (
        # Similar ideas search this expression with PostgreSQL's Swedish full-text
        # configuration (similar.py); SQLite has no such index and needs none.
        # Written as PostgreSQL prints it back, so comparing with the migration agrees.
        Index("ix_ideas_idea_fts",
              text("to_tsvector('swedish', (((title || ' ') || problem) || ' ') "
                   "|| proposal)"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The number the idea giver quotes ("IDE-2026-…").
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    #: The journey it was filed from: unique, so it is filed once.
    journey_id: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The problem or need seen: who has it, how often.
    problem: Mapped[str] = mapped_column(Text)
    #: The idea itself.
    proposal: Mapped[str] = mapped_column(Text)
    beneficiaries: Mapped[str] = mapped_column(Text, default="")
    #: A department key from the module's configuration.
    department: Mapped[str] = mapped_column(String(40), index=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas_challenge.id"), nullable=True, index=True)
    wants_to_take_part: Mapped[bool] = mapped_column(default=False)
    #: "employee" (verified work e-mail or the organisation's sign-in) or "resident".
    submitter_kind: Mapped[str] = mapped_column(String(20))
    submitter_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    #: True when the e-mail address was proved by a link (employees always are).
    email_verified: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5))
    submitted_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow,
                                                   index=True)

    # handling (helper C)
    status: Mapped[str] = mapped_column(String(20), default="inkommen", index=True)
    #: Why a closed idea was closed (a key from the configuration), else "".
    closed_reason: Mapped[str] = mapped_column(String(40), default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("ideas_idea.id"),
                                                         nullable=True)
    #: The coach's staff username, "" until one is assigned.
    coach: Mapped[str] = mapped_column(String(80), default="", index=True)
    #: When the idea giver first got a public answer (for "answered within N days").
    first_answered_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(),
                                                               nullable=True)
    implemented_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(), nullable=True)
    status_changed_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)
    #: The module id of the prototype started from this idea (a built journey's).
    prototype_module_id: Mapped[str] = mapped_column(String(40), default="", index=True)
    #: The showcase: the story told when the idea became a service, and who is credited.
    showcase_story: Mapped[str] = mapped_column(Text, default="")
    showcase_credits: Mapped[str] = mapped_column(String(500), default="")
    showcase_published: Mapped[bool] = mapped_column(default=False)

    # moderation (helper B)
    hidden_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(), nullable=True)
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")


class IdeaAttachment(tk.db.Model):
    """A file sent with an idea, kept outside the web root under a random name."""

    __tablename__ = "ideas_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The journey it was uploaded in, before the idea exists.
    journey_id: Mapped[str] = mapped_column(String(36), index=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas_idea.id"), nullable=True,
                                                index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    #: The type its content showed (not what its name or the browser claimed).
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)


# -- coaching (helper C) ----------------------------------------------------------


class IdeaStatusChange(tk.db.Model):
    """One step of an idea's history; ``public_answer`` is what the idea giver reads."""

    __tablename__ = "ideas_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas_idea.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    closed_reason: Mapped[str] = mapped_column(String(40), default="")
    public_answer: Mapped[str] = mapped_column(Text, default="")
    #: Whether the idea giver was sent a message about it.
    notified: Mapped[bool] = mapped_column(default=False)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow,
                                                 index=True)


class IdeaNote(tk.db.Model):
    """An internal note between staff; never shown to the idea giver."""

    __tablename__ = "ideas_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas_idea.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(80))
    written_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)


# -- challenges, supports, comments, moderation (helper B) -------------------------

#: A challenge's phases, in order.
PHASES = ("open", "voting", "selection", "results")


class Challenge(tk.db.Model):
    """An idea challenge (idéutmaning): a question put to staff and residents."""

    __tablename__ = "ideas_challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    question: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(String(40), default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    #: The phase it is in (one of ``PHASES``), moved on by staff.
    phase: Mapped[str] = mapped_column(String(20), default="open")
    #: Comma-separated phases in which ideas, comments and supports are taken.
    submissions_in: Mapped[str] = mapped_column(String(100), default="open")
    comments_in: Mapped[str] = mapped_column(String(100), default="open,voting")
    supports_in: Mapped[str] = mapped_column(String(100), default="open,voting")
    #: Supports an idea needs to go on to selection; None for no threshold.
    support_threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    published: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)


class Support(tk.db.Model):
    """One person's support of one idea; the unique key makes "once" hold under races."""

    __tablename__ = "ideas_support"
    __table_args__ = (UniqueConstraint("idea_id", "supporter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas_idea.id"), index=True)
    #: A keyed hash of who supported (staff username, verified mobile, e-ID), never
    #: the number itself.
    supporter_key: Mapped[str] = mapped_column(String(64))
    #: "staff", "phone" or "eid".
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)


class Comment(tk.db.Model):
    __tablename__ = "ideas_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas_idea.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    #: A keyed hash of the verified author (as ``Support.supporter_key``).
    author_key: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(), nullable=True)
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")


class ContentReport(tk.db.Model):
    """A resident's report of an idea or comment as offensive or off-topic."""

    __tablename__ = "ideas_content_report"
    __table_args__ = (UniqueConstraint("target_kind", "target_id", "reporter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "idea" or "comment".
    target_kind: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column(Integer, index=True)
    #: "offensive" or "off_topic".
    reason: Mapped[str] = mapped_column(String(20))
    reporter_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(tk.UTCDateTime(), default=tk.utcnow)
    #: Set when staff reviewed it: "upheld" (stays hidden) or "dismissed" (shown again).
    outcome: Mapped[str] = mapped_column(String(20), default="")
    reviewed_by: Mapped[str] = mapped_column(String(80), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(tk.UTCDateTime(), nullable=True)
