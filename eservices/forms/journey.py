"""Multi-step journeys whose answers live on the server.

The browser only holds a random journey id in its session cookie; the answers
are stored in ``platform_journey``.  That is what lets a journey survive the back
button, a crashed tab, an expired CSRF token - and what makes submitting
idempotent: the first submit claims the journey with an atomic UPDATE, so a
double click or a retry can never create a second case.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import request, session
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy import JSON, Row, String, bindparam, event, select, update
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    make_transient_to_detached,
    mapped_column,
)
from sqlalchemy.orm.util import identity_key
from werkzeug.datastructures import MultiDict
from wtforms import Form

from ..db import UTCDateTime, db, utcnow
from ..i18n import LONG_DATE
from . import recovery
from .validators import SwedishMobileNumber, display_mobile

_NOT_STORED = {"csrf_token", "submit"}
_WRITTEN = "eservices.forms.written"  # session.info: flushed or executed a write


@event.listens_for(db.session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    session.info[_WRITTEN] = True


@event.listens_for(db.session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WRITTEN] = True


@event.listens_for(db.session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def commit_writes() -> None:
    """Commit what this request changed; a request that only read commits nothing.

    A page showing a journey commits when something was written - a journey
    created, a recovered answer used up, a module's hook changing the journey -
    and otherwise ends its read without a COMMIT (on SQLite with WAL and
    ``synchronous=FULL`` a commit is an fsync).  Pending objects count, and so
    do writes already flushed or executed in this transaction.
    """
    s = db.session
    if s.new or s.dirty or s.deleted or s.info.get(_WRITTEN):
        s.commit()


class JourneyState(db.Model):
    __tablename__ = "platform_journey"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recovered: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reference: Mapped[str | None] = mapped_column(String(40), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                 onupdate=utcnow, index=True)


#: A journey's columns by id: what a page reads (see ``Journey.state``).
_READ = select(*JourneyState.__table__.c).where(
    JourneyState.__table__.c.id == bindparam("id"))


@dataclass
class SummaryRow:
    key: str
    value: str
    change_url: str
    change_label: str


def _raw_values(form: Form) -> dict[str, list[str]]:
    """What the resident typed, field by field (never re-derived from parsed data)."""
    names = [name for name in form._fields if name not in _NOT_STORED]
    # Composite fields (a date in three boxes) post "<name>-day" and so on.
    return {key: request.form.getlist(key) for key in request.form
            if any(key == name or key.startswith(f"{name}-") for name in names)}


def display_value(field: Any) -> str:
    """A field's answer as a resident should read it on the check-answers page.

    One format per kind of value, the same as every other page writes it: a date
    as "15 december 2026", a mobile number as "070-123 45 67" - never the stored
    "2026-12-15" or "+46701234567".
    """
    data = field.data
    if hasattr(field, "iter_choices"):
        chosen = [str(label) for _value, label, selected, *_rest in field.iter_choices()
                  if selected]
        return ", ".join(chosen) or _("Not provided")
    if data in (None, "", []):
        return _("Not provided")
    if isinstance(data, date):
        return format_date(data, LONG_DATE)
    if any(isinstance(check, SwedishMobileNumber) for check in field.validators):
        return display_mobile(data)
    return str(data)


class Journey:
    """The answers of one resident's pass through one module's question pages."""

    def __init__(self, name: str, state: JourneyState | None = None,
                 row: Row[Any] | None = None) -> None:
        """``state``, the ORM object, or ``row``, the journey's columns as ``_READ`` read them."""
        if state is None and row is None:
            raise ValueError("a journey needs its state or its row")
        self.name = name
        self._state = state
        self._row = row
        self._key = identity_key(JourneyState, state.id if state is not None else row.id)
        self._session = db.session()  # this request's session, looked up once

    # -- finding and starting ----------------------------------------------
    @classmethod
    def current(cls, name: str, create: bool = True) -> Journey | None:
        journeys: dict[str, str] = session.get("journeys", {})
        journey_id = journeys.get(name)
        if journey_id is not None:
            known = db.session.identity_map.get(identity_key(JourneyState, journey_id))
            if known is not None:
                return cls(name, known)  # this request has it already, maybe changed
            row = db.session.execute(_READ, {"id": journey_id}).one_or_none()
            if row is not None:
                return cls(name, row=row)
        if not create:
            return None
        state = JourneyState(id=str(uuid.uuid4()), name=name, answers={}, recovered={})
        db.session.add(state)
        db.session.flush()
        session["journeys"] = {**journeys, name: state.id}
        return cls(name, state)

    @classmethod
    def fresh(cls, name: str) -> Journey:
        """The journey for a "start" link: a new one if the last was already submitted."""
        journey = cls.current(name)
        if journey.submitted:
            journey = cls.restart(name)
        db.session.commit()
        # The cookie goes out with the journey now: with the CSRF secret in it, the
        # question pages' GETs (which need the secret) leave the session untouched.
        generate_csrf()
        return journey

    @classmethod
    def finished(cls, name: str) -> Journey | None:
        """The submitted journey, for a confirmation page; None if there is none."""
        journey = cls.current(name, create=False)
        return journey if journey is not None and journey.submitted else None

    @classmethod
    def restart(cls, name: str) -> Journey:
        journeys = dict(session.get("journeys", {}))
        journeys.pop(name, None)
        session["journeys"] = journeys
        return cls.current(name)  # type: ignore[return-value]

    # -- the stored state ------------------------------------------------------
    @property
    def state(self) -> JourneyState:
        """The journey's ORM object, which every change goes through.

        A page that only reads never needs it: the journey is read with one
        Core select (``_READ``), and the ORM object is made from that row on
        first use, without reading again (``make_transient_to_detached``: the
        object is persistent, as if loaded, and what is set on it is written
        at the next flush).
        """
        state = self._attached()
        if state is None:
            assert self._row is not None
            state = JourneyState(**self._row._mapping)
            make_transient_to_detached(state)
            self._session.add(state)
            self._state = state
        return state

    def _attached(self) -> JourneyState | None:
        """The ORM object if this request has one (another ``Journey`` may have made it)."""
        if self._state is None:
            self._state = self._session.identity_map.get(self._key)
        return self._state

    def _read(self, column: str) -> Any:
        state = self._attached()
        return getattr(state if state is not None else self._row, column)

    @property
    def id(self) -> str:
        return self._key[1][0]

    @property
    def answers(self) -> dict[str, Any]:
        """The saved answers by step (read-only: change them through ``state``)."""
        return self._read("answers")

    # -- answers -------------------------------------------------------------
    @property
    def submitted(self) -> bool:
        return self.reference is not None

    @property
    def reference(self) -> str | None:
        return self._read("reference")

    def has(self, step: str) -> bool:
        return step in self.answers

    def form(self, form_class: type[Form], step: str, **kwargs: Any) -> Form:
        """The step's form: posted data on POST; otherwise recovered or saved answers."""
        if request.method == "POST":
            return form_class(**kwargs)
        stashed = self._read("recovered")
        recovered = recovery.fields_for(stashed, request.path) if stashed else None
        saved = recovered if recovered is not None else self.answers.get(step)
        if recovered is not None:
            self.state.recovered = {k: v for k, v in stashed.items() if k != request.path}
        if saved is None:
            return form_class(**kwargs)
        return form_class(formdata=MultiDict([(k, v) for k, vs in saved.items() for v in vs]),
                          **kwargs)

    def save(self, step: str, form: Form) -> None:
        self.state.answers = {**self.state.answers, step: _raw_values(form)}
        self.state.updated_at = utcnow()

    def forget(self, *steps: str) -> None:
        if not any(step in self.answers for step in steps):
            return  # nothing to forget: the same answers, no change to write
        self.state.answers = {k: v for k, v in self.state.answers.items() if k not in steps}

    def validated(self, form_class: type[Form], step: str, **kwargs: Any) -> Form | None:
        """Re-validate saved answers on the server (e.g. before submitting).

        Returns the validated form, or None if the step is missing or no longer
        valid - the caller sends the resident back to that step.
        """
        saved = self.answers.get(step)
        if saved is None:
            return None
        formdata = MultiDict([(k, v) for k, vs in saved.items() for v in vs])
        form = form_class(formdata=formdata, meta={"csrf": False}, **kwargs)
        return form if form.validate() else None

    def summary(self, steps: Iterable[tuple[str, type[Form], str]],
                change_url: Mapping[str, str],
                form_kwargs: Mapping[str, dict[str, Any]] | None = None) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        for step, form_class, _endpoint in steps:
            form = self.validated(form_class, step, **(form_kwargs or {}).get(step, {}))
            if form is None:
                continue
            for field in form:
                if field.name in _NOT_STORED or field.type in ("HiddenField", "SubmitField"):
                    continue
                name = (form.answer_name(field) if hasattr(form, "answer_name")
                        else str(field.label.text))
                rows.append(SummaryRow(key=name, value=display_value(field),
                                       change_url=change_url[step], change_label=name))
        return rows

    # -- submitting ----------------------------------------------------------
    def claim(self, reference: str) -> bool:
        """Atomically mark the journey submitted; False if it already was.

        The UPDATE ... WHERE reference IS NULL is the guard: when two requests
        race (a double click), the database lets exactly one of them win.
        """
        result = db.session.execute(
            update(JourneyState)
            .where(JourneyState.id == self.id, JourneyState.reference.is_(None))
            .values(reference=reference, submitted_at=utcnow())
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            db.session.refresh(self.state)
            return True
        db.session.rollback()
        db.session.refresh(self.state)
        return False


def stash_for_recovery(name: str, path: str, form: Mapping[str, list[str]]) -> bool:
    """Keep what was posted when the CSRF token had expired, to refill the page.

    A POST without a valid token can come from anyone, so what is kept is capped
    (see recovery.py): only field names a form can have, bounded values, a few
    pages per journey, and nothing older than a session.
    """
    journeys: dict[str, str] = session.get("journeys", {})
    state = db.session.get(JourneyState, journeys[name]) if name in journeys else None
    if state is None or len(path) > recovery.MAX_PATH_CHARS:
        return False
    kept = recovery.bounded({k: v for k, v in form.items() if k not in _NOT_STORED})
    state.recovered = recovery.with_entry(state.recovered, path, kept)
    db.session.commit()
    return True
