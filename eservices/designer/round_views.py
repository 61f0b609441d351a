"""Sprint test rounds: designers set them up and read the report; participants take part.

Handlers only: ``blueprint.py`` maps the URLs to them.
"""

from __future__ import annotations

import csv
import io

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..db import db, utcnow
from ..forms.flow import SubmitForm
from ..i18n import current_language
from ..journeys.catalogue import version_for_round
from ..links import public_url
from ..staff import audit
from . import rounds
from .charts import bar_chart
from .forms import NewRoundForm, RatingForm
from .models import Participant, TaskAttempt, TestRound, TestTask


def _module(module_id: str):
    module = current_app.extensions["eservices.modules"].find(module_id)
    if module is None:
        abort(404)
    return module


def rounds_of(module_id: str):
    module = _module(module_id)
    form = NewRoundForm()
    if form.validate_on_submit():
        try:
            tasks = rounds.parse_tasks(form.tasks.data)
        except ValueError as exc:
            form.tasks.errors = [_("Line %(line)s: write the task, a |, and the address of "
                                   "the page that means it is done", line=str(exc))]
        else:
            # A built journey's round measures the version served now, whatever comes next.
            test_round = TestRound(module_id=module_id, name=form.name.data.strip(),
                                   code=rounds.new_code(), created_by=g.staff_user.username,
                                   version_number=version_for_round(module_id))
            db.session.add(test_round)
            db.session.flush()
            for position, (description, path) in enumerate(tasks, start=1):
                db.session.add(TestTask(round_id=test_round.id, position=position,
                                        description=description, done_path=path))
            audit.record("test_round_created", subject=test_round.code, module_id=module_id)
            db.session.commit()
            return redirect(url_for(".round_report", round_id=test_round.id))
    existing = db.session.scalars(select(TestRound).where(TestRound.module_id == module_id)
                                  .order_by(TestRound.created_at.desc())).all()
    return render_template("eservices/designer/rounds.html", form=form, rounds=existing,
                           name=module.text(module.name, current_language()),
                           module=module)


def round_report(round_id: int):
    test_round = db.session.get(TestRound, round_id) or abort(404)
    reports = rounds.report(test_round)
    participants = db.session.scalar(select(func.count()).select_from(Participant).where(
        Participant.round_id == round_id))
    completion_chart = bar_chart(
        title=_("Completion rate by task"),
        bars=[(f"{r.task.position}. {r.task.description}", round(100 * r.completion_rate))
              for r in reports], maximum=100, unit="%")
    rating_charts = [bar_chart(
        title=_("Ratings for task %(number)s", number=r.task.position),
        bars=[(str(n), r.ratings.get(n, 0)) for n in range(1, 8)],
        maximum=max([*r.ratings.values(), 1]), unit="") for r in reports]
    return render_template("eservices/designer/report.html", round=test_round,
                           reports=reports, participants=participants,
                           completion_chart=completion_chart, rating_charts=rating_charts,
                           join_url=public_url("designer.join", code=test_round.code))


def round_csv(round_id: int):
    db.session.get(TestRound, round_id) or abort(404)
    rows = db.session.execute(
        select(Participant.number, TestTask.position, TestTask.description, TaskAttempt)
        .join(TaskAttempt, TaskAttempt.participant_id == Participant.id)
        .join(TestTask, TaskAttempt.task_id == TestTask.id)
        .where(Participant.round_id == round_id)
        .order_by(Participant.number, TestTask.position)).all()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["participant", "task", "description", "outcome", "seconds", "rating",
                     "pages", "errors"])
    for number, position, description, attempt in rows:
        errors = ";".join(f"{field}:{kind}={count}" for field, kinds in attempt.errors.items()
                          for kind, count in kinds.items())
        writer.writerow([number, position, description, attempt.outcome,
                         f"{attempt.seconds:.1f}" if attempt.seconds is not None else "",
                         attempt.rating or "", len(attempt.pages), errors])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=test-round-{round_id}.csv"})


# -- participants ---------------------------------------------------------------

def _next_step() -> str:
    participant = rounds.current_participant()
    if participant is None:
        return url_for("public.index")
    for attempt, _task in rounds.attempts_of(participant):
        if attempt.outcome in ("completed", "abandoned") and attempt.rating is None:
            return url_for("designer.rate")
        if attempt.outcome in ("waiting", "in_progress"):
            return url_for("designer.task")
    return url_for("designer.done")


def join(code: str):
    test_round = db.session.scalar(select(TestRound).where(TestRound.code == code.upper()))
    if test_round is None:
        abort(404)
    form = SubmitForm()
    if form.validate_on_submit():
        number = 1 + (db.session.scalar(select(func.count()).select_from(Participant).where(
            Participant.round_id == test_round.id)) or 0)
        participant = Participant(round_id=test_round.id, number=number)
        db.session.add(participant)
        db.session.flush()
        for task in db.session.scalars(select(TestTask).where(
                TestTask.round_id == test_round.id)):
            db.session.add(TaskAttempt(participant_id=participant.id, task_id=task.id,
                                       pages=[], errors={}))
        db.session.commit()
        _fresh_session(participant.id)
        return redirect(url_for(".task"), code=303)
    return render_template("eservices/designer/join.html", round=test_round, form=form)


def _fresh_session(participant_id: int | None) -> None:
    """Clear data between participants: nobody sees the previous one's answers."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    if participant_id is not None:
        session["test_participant"] = participant_id


def _current() -> tuple[TaskAttempt, TestTask, int, int]:
    participant = rounds.current_participant()
    if participant is None:
        abort(404)
    pairs = rounds.attempts_of(participant)
    for index, (attempt, task) in enumerate(pairs, start=1):
        if attempt.rating is None:
            return attempt, task, index, len(pairs)
    abort(404)


def task():
    attempt, test_task, number, total = _current()
    if attempt.outcome in ("completed", "abandoned"):
        return redirect(url_for(".rate"))
    form = SubmitForm()
    if form.validate_on_submit():
        attempt.outcome, attempt.started_at = "in_progress", utcnow()
        db.session.commit()
        registry = current_app.extensions["eservices.modules"]
        module = registry.find(db.session.get(TestRound, test_task.round_id).module_id)
        return redirect(registry.start_url(module) if module else "/", code=303)
    return render_template("eservices/designer/task.html", task=test_task, number=number,
                           total=total, form=form)


def give_up():
    attempt, _task, _number, _total = _current()
    if SubmitForm().validate_on_submit() and attempt.outcome == "in_progress":
        attempt.outcome, attempt.ended_at = "abandoned", utcnow()
        db.session.commit()
    return redirect(url_for(".rate"), code=303)


def rate():
    attempt, test_task, number, total = _current()
    if attempt.outcome not in ("completed", "abandoned"):
        return redirect(url_for(".task"))
    form = RatingForm()
    if form.validate_on_submit():
        attempt.rating = int(form.rating.data)
        db.session.commit()
        return redirect(_next_step(), code=303)
    return render_template("eservices/designer/rate.html", form=form, task=test_task,
                           number=number, total=total)


def done():
    form = SubmitForm()
    if form.validate_on_submit():
        participant = rounds.current_participant()
        code = db.session.get(TestRound, participant.round_id).code if participant else None
        _fresh_session(None)
        return redirect(url_for(".join", code=code) if code else url_for("public.index"),
                        code=303)
    return render_template("eservices/designer/done.html", form=form)


def test_status() -> dict | None:
    """For the banner on every page while a participant works on a task."""
    participant = rounds.current_participant()
    if participant is None:
        return None
    pairs = rounds.attempts_of(participant)
    for index, (attempt, test_task) in enumerate(pairs, start=1):
        if attempt.rating is None and attempt.outcome != "waiting":
            return {"number": index, "total": len(pairs), "task": test_task.description,
                    "outcome": attempt.outcome}
    return None
