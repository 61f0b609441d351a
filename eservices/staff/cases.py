"""The back-office kit: a case changes status once, with its audit record, and a queue.

Every module with a case table needs the same three things, and each had written
them itself: a status change that two handläggare deciding at the same moment
cannot both make, an audit record that stands or falls with that change, and a
queue page with a count per status.  Written once here, the guarantees hold in
every module (and in modules built from data later) without each re-deriving them.

``transition`` is a compare-and-set: one conditional ``UPDATE ... WHERE status IN
(...)``.  The database decides who was first - the other request updates no row
and gets ``StatusConflict`` with a translated message - which holds across
processes and on both dialects, where a read-then-write check in Python does not.
It never commits: the module's other writes (the register, the history line, the
message to the resident) commit with it, or roll back with it on a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import abort, g, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..db import db
from . import audit
from .models import AuditEvent

MAX_PAGE = 100_000  # an OFFSET every database takes (2**63 was a 500)


class StatusConflict(Exception):
    """The case is not, or no longer, in a status the change starts from.

    ``message`` is translated for the staff member; ``str()`` of the exception
    is the English text, for logs and tracebacks.  ``status`` is what the case
    was found in (``None`` when another request changed it a moment ago).
    """

    def __init__(self, message: Any, status: str | None = None) -> None:
        with force_locale("en"):
            super().__init__(str(message))
        self.message = str(message)
        self.status = status


def transition(case: Any, from_statuses: Iterable[str], to_status: str,
               actor: str | None = None, reason: str = "", *, action: str | None = None,
               module_id: str | None = None, subject: str | None = None,
               words: Mapping[str, Any] | None = None, **details: Any) -> AuditEvent:
    """Move ``case`` to ``to_status`` only if the database still has it in ``from_statuses``.

    Writes the audit record (``action``, default ``case_<to_status>``; the subject
    is the case's ``reference``) in the caller's transaction and returns it.
    ``words`` names statuses inside a sentence ("already approved") for the
    refusal when the case as loaded is in another status.
    """
    allowed = tuple(from_statuses)
    model = type(case)
    if case.status not in allowed:
        raise StatusConflict(_already(case.status, words), case.status)
    result = db.session.execute(
        update(model).where(model.id == case.id, model.status.in_(allowed))
        .values(status=to_status).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # someone else changed it between our read and this write
        raise StatusConflict(_("Someone else has just decided this case; nothing was changed."),
                             None)
    set_committed_value(case, "status", to_status)
    if reason:
        details["reason"] = reason
    event = audit.record(action or f"case_{to_status}",
                         subject=subject if subject is not None else case.reference,
                         module_id=module_id or _module_id(), **details)
    if actor:
        event.actor_name = actor
    return event


def _already(status: str, words: Mapping[str, Any] | None) -> str:
    if words and status in words:
        return _("The case is already %(status)s; nothing was changed.", status=words[status])
    return _("Someone else has just decided this case; nothing was changed.")


def _module_id() -> str:
    module = g.get("module")
    if module is None:
        raise RuntimeError("transition() outside a module's page needs module_id=")
    return module.id


@dataclass(frozen=True)
class QueuePage:
    """One page of a status queue, with the count of every status for its tabs."""

    status: str
    page: int
    items: list[Any]
    counts: dict[str, int]
    has_next: bool
    page_size: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def status_counts(model: Any, where: Sequence[Any] = ()) -> dict[str, int]:
    """Cases per status, in one ``GROUP BY`` (a status without cases is absent);
    ``where`` narrows them as the queue is narrowed (one coach's cases, say)."""
    return dict(db.session.execute(select(model.status, func.count()).where(*where)
                                   .group_by(model.status)).all())


def newest_first(model: Any, _status: str) -> Sequence[Any]:
    return (model.created_at.desc(), model.id.desc())


def status_queue(model: Any, statuses: Sequence[str], *, default: str = "new",
                 page_size: int = 50,
                 order: Callable[[Any, str], Sequence[Any]] = newest_first,
                 options: Sequence[Any] = (), where: Sequence[Any] = ()) -> QueuePage:
    """The page ``?status=&page=`` asks for, newest first unless ``order`` says otherwise.

    An unknown status or a page outside 1..MAX_PAGE is a 404: a queue URL is
    typed and shared, and a huge page number must not reach the database.
    ``where`` (conditions on ``model``) narrows the page and the counts alike.
    """
    status = request.args.get("status", default)
    page = request.args.get("page", 1, type=int)
    if status not in statuses or not 1 <= page <= MAX_PAGE:
        abort(404)
    found = db.session.scalars(
        select(model).where(model.status == status, *where).options(*options)
        .order_by(*order(model, status)).offset((page - 1) * page_size)
        .limit(page_size + 1)).all()
    return QueuePage(status=status, page=page, items=list(found[:page_size]),
                     counts=status_counts(model, where), has_next=len(found) > page_size,
                     page_size=page_size)
