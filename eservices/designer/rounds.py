"""Sprint test rounds: what participants did, recorded without any personal data.

A participant joins with the round's code and gets a number.  While a task is
running, every page of the module they open, every validation error (its field
and kind, never the value) and the moment they reach the task's done page are
recorded; then they rate the task (Single Ease Question, 1-7).
"""

from __future__ import annotations

import secrets
import statistics
from collections import Counter
from dataclasses import dataclass

from flask import g, request, session
from sqlalchemy import select

from ..db import db, utcnow
from .models import Participant, TaskAttempt, TestRound, TestTask

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def parse_tasks(text: str) -> list[tuple[str, str]]:
    """'Book a pick-up | /textile-reuse/confirmation' per line -> [(task, done path)]."""
    tasks = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        description, separator, path = line.partition("|")
        if not separator or not description.strip() or not path.strip().startswith("/"):
            raise ValueError(str(number))
        tasks.append((description.strip(), path.strip()))
    return tasks


def current_participant() -> Participant | None:
    participant_id = session.get("test_participant")
    return db.session.get(Participant, participant_id) if participant_id else None


def attempts_of(participant: Participant) -> list[tuple[TaskAttempt, TestTask]]:
    return db.session.execute(
        select(TaskAttempt, TestTask).join(TestTask, TaskAttempt.task_id == TestTask.id)
        .where(TaskAttempt.participant_id == participant.id)
        .order_by(TestTask.position)).all()


def running_attempt() -> tuple[TaskAttempt, TestTask] | None:
    participant = current_participant()
    if participant is None:
        return None
    for attempt, task in attempts_of(participant):
        if attempt.outcome == "in_progress":
            return attempt, task
    return None


def record_page() -> None:
    """Before each request: note module pages visited and reaching the done page."""
    if request.method != "GET" or g.get("module") is None or "test_participant" not in session:
        return
    running = running_attempt()
    if running is None:
        return
    attempt, task = running
    attempt.pages = [*attempt.pages, request.path]
    if request.path == task.done_path:
        attempt.outcome, attempt.ended_at = "completed", utcnow()
    db.session.commit()


def record_errors(_form, kinds: dict[str, list[str]]) -> None:
    """On a failed question page: count error kinds by field for the running task."""
    if g.get("module") is None or "test_participant" not in session:
        return
    running = running_attempt()
    if running is None:
        return
    attempt = running[0]
    errors = {field: dict(counts) for field, counts in attempt.errors.items()}
    for field, field_kinds in kinds.items():
        counts = errors.setdefault(field, {})
        for kind in field_kinds:
            counts[kind] = counts.get(kind, 0) + 1
    attempt.errors = errors
    db.session.commit()


@dataclass
class TaskReport:
    task: TestTask
    attempts: int
    completed: int
    abandoned: int
    median_seconds: float | None
    min_seconds: float | None
    max_seconds: float | None
    errors: list[tuple[str, str, int]]  # field, kind, count - most frequent first
    ratings: Counter[int]

    @property
    def completion_rate(self) -> float:
        return self.completed / self.attempts if self.attempts else 0.0

    @property
    def median_rating(self) -> float | None:
        values = list(self.ratings.elements())
        return statistics.median(values) if values else None


def report(test_round: TestRound) -> list[TaskReport]:
    """Per task: completion, time on task, errors by field and kind, ratings."""
    tasks = db.session.scalars(select(TestTask).where(TestTask.round_id == test_round.id)
                               .order_by(TestTask.position)).all()
    reports = []
    for task in tasks:
        attempts = [a for a in db.session.scalars(select(TaskAttempt).where(
            TaskAttempt.task_id == task.id)) if a.outcome in ("completed", "abandoned")]
        times = [a.seconds for a in attempts if a.outcome == "completed" and a.seconds is not None]
        errors: Counter[tuple[str, str]] = Counter()
        for attempt in attempts:
            for field, kinds in attempt.errors.items():
                for kind, count in kinds.items():
                    errors[(field, kind)] += count
        reports.append(TaskReport(
            task=task, attempts=len(attempts),
            completed=sum(a.outcome == "completed" for a in attempts),
            abandoned=sum(a.outcome == "abandoned" for a in attempts),
            median_seconds=statistics.median(times) if times else None,
            min_seconds=min(times) if times else None, max_seconds=max(times) if times else None,
            errors=[(field, kind, count) for (field, kind), count in errors.most_common()],
            ratings=Counter(a.rating for a in attempts if a.rating is not None)))
    return reports
