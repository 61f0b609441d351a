"""An idea's statuses and closing reasons, and what they are called.

The defaults follow the idea lock's process: inkommen (submitted) → bedöms
(being screened) → coachas (coached) → testas (a prototype is tested) →
genomförd (implemented), or avslutad (closed, with a reason) or vilande
(parked).  A municipality may use fewer of them: the setting
``IDEAS_STATUSES`` lists the keys in force, in order (``settings.py``).
The keys are stored in the database and never translated; the labels are.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SUBMITTED, SCREENED, COACHED, TESTED, IMPLEMENTED, CLOSED, PARKED = (
    "inkommen", "bedoms", "coachas", "testas", "genomford", "avslutad", "vilande")

#: Every status the module knows, in the order of the process.
ALL_STATUSES = (SUBMITTED, SCREENED, COACHED, TESTED, IMPLEMENTED, CLOSED, PARKED)
#: Statuses after which nothing more is done with the idea.
FINAL_STATUSES = (IMPLEMENTED, CLOSED)

LABELS = {
    SUBMITTED: _l("Submitted"),
    SCREENED: _l("Being assessed"),
    COACHED: _l("Being coached"),
    TESTED: _l("Being tested"),
    IMPLEMENTED: _l("Implemented"),
    CLOSED: _l("Closed"),
    PARKED: _l("On hold"),
}

#: Why an idea was closed; ``duplicate`` also names the idea it duplicates.
DUPLICATE, ALREADY_DONE, NOT_FEASIBLE, OUTSIDE_REMIT = (
    "duplicate", "already_done", "not_feasible", "outside_remit")
CLOSED_REASONS = (DUPLICATE, ALREADY_DONE, NOT_FEASIBLE, OUTSIDE_REMIT)
REASON_LABELS = {
    DUPLICATE: _l("The same idea has already been submitted"),
    ALREADY_DONE: _l("It is already done"),
    NOT_FEASIBLE: _l("It is not possible right now"),
    OUTSIDE_REMIT: _l("It is outside what the municipality is responsible for"),
}


def status_label(status: str) -> str:
    return str(LABELS.get(status, status))


def reason_label(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason))
