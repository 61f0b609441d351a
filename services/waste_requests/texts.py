"""Words residents and staff read for the register's codes: skip reasons, container types."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SKIP_REASONS = {
    "not_put_out": _l("The bin was not put out"),
    "blocked_access": _l("The crew could not get to the bin"),
    "wrong_sorting": _l("The bin held wrongly sorted waste"),
    "frozen": _l("The waste was frozen to the bin"),
    "overfilled": _l("The bin was overfilled (the lid did not close)"),
}
FRACTIONS = {
    "restavfall": _l("Residual waste"), "matavfall": _l("Food waste"),
    "fyrfack_1": _l("Four-compartment bin 1"), "fyrfack_2": _l("Four-compartment bin 2"),
}
REPORT_STATUSES = {"received": _l("Received"), "scheduled": _l("Re-collection planned"),
                   "done": _l("Emptied"), "rejected": _l("Rejected")}
BOOKING_STATUSES = {"booked": _l("Booked"), "done": _l("Done"), "cancelled": _l("Cancelled")}


def reason_text(code: str) -> str:
    return str(SKIP_REASONS.get(code, code))


def fraction_text(code: str) -> str:
    return str(FRACTIONS.get(code, code))
