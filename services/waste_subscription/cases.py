"""Deciding a change request: the rules a handläggare's decision has to follow.

Every function changes one case inside the caller's open transaction and never
commits: the case's new status, its history line, the audit event, the change it
schedules in the waste register and the message to the resident stand or fall together
when the view commits (and the message is handed over only after that commit).
A status change is the toolkit's compare-and-set (``tk.transition``, which also
writes the audit record), so two handläggare - or one double-clicked button - can
never decide the same case twice.  On a ``CaseError`` the caller rolls back.

Residents hear about every decision, withdrawals included: a resident who asked
by telephone to withdraw gets it in writing, so a request never silently
disappears and nobody is left wondering whether the change will still happen.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .household import change_of, plan_on
from .meta import MODULE_ID
from .models import OPEN_STATUSES, CaseEvent, ChangeRequest
from .plan import Plan

DECISION_TEMPLATE = f"{MODULE_ID}/decision"
SMS_REASON_LIMIT = 120  # what is left of a long reason when the whole does not fit an SMS
log = logging.getLogger(__name__)

# The words for ids a handläggare reads, in the handläggare's language.
STATUS_LABELS = {"new": _l("New"), "in_progress": _l("In progress"),
                 "approved": _l("Approved"), "rejected": _l("Rejected"),
                 "withdrawn": _l("Withdrawn")}
# The same, inside a sentence ("The case is already approved").
STATUS_WORDS = {"new": _l("new"), "in_progress": _l("being handled"),
                "approved": _l("approved"), "rejected": _l("rejected"),
                "withdrawn": _l("withdrawn")}
CHANGE_LABELS = {"size": _l("Bin size"), "frequency": _l("Collection frequency"),
                 "home_composting": _l("Home composting"),
                 "share": _l("Share a bin with a neighbour"),
                 "pause": _l("Pause in collection"), "cancel_pause": _l("Cancel the pause")}
NEIGHBOUR_LABELS = {"": _l("No shared bin"), "pending": _l("Waiting for the neighbour"),
                    "confirmed": _l("Confirmed by the neighbour"),
                    "declined": _l("Declined by the neighbour"),
                    "expired": _l("Not confirmed in time")}
# Who did it, when it was not a member of staff (their username is shown as it is).
ACTOR_LABELS = {"resident": _l("The resident"), "neighbour": _l("The neighbour")}
EVENT_LABELS = {"submitted": _l("Request sent"), "started": _l("Handling started"),
                "approved": _l("Approved"), "rejected": _l("Rejected"),
                "withdrawn": _l("Withdrawn"), "neighbour_confirmed": _l("Neighbour confirmed"),
                "neighbour_declined": _l("Neighbour declined"),
                "not_notified": _l("The resident could not be notified")}


# A decision the case does not allow now; ``message`` is for the handläggare.  The
# toolkit's refusal of a status change is one, so callers catch a single class.
CaseError = tk.StatusConflict


def _event(case: ChangeRequest, username: str, kind: str, note: str = "") -> None:
    case.events.append(CaseEvent(actor=username, kind=kind, note=note))


def _transition(case: ChangeRequest, allowed: tuple[str, ...], to: str, username: str,
                action: str, **details: object) -> None:
    """``tk.transition`` with this module's id; a case already decided is refused in this
    module's own words first ("Begäran är redan godkänd": a request, not a case)."""
    _check_status(case, allowed)
    tk.transition(case, allowed, to, username, action=action, module_id=MODULE_ID, **details)


def _check_status(case: ChangeRequest, allowed: tuple[str, ...]) -> None:
    """Refuse early (before locking the register) what the transition would refuse."""
    if case.status not in allowed:
        raise CaseError(_l("The case is already %(status)s; nothing was changed.",
                           status=STATUS_WORDS[case.status]), case.status)


def _required(reason: str) -> str:
    if not reason.strip():
        raise CaseError(_l("Enter the reason for the decision"))
    return reason.strip()


def _same(one: Plan, other: Plan) -> bool:
    """Equal plans, whatever order the register happens to list the bins in."""
    def normal(plan: Plan) -> Plan:
        return replace(plan, bins=tuple(sorted(plan.bins)))

    return normal(one) == normal(other)


def start_handling(case: ChangeRequest, username: str) -> None:
    """new → in_progress: tells colleagues (and the queue) that someone has the case."""
    _transition(case, ("new",), "in_progress", username, "case_started")
    _event(case, username, "started")


def _share_partner(case: ChangeRequest) -> Plan:
    """The neighbour's plan on the effective date, if the share can still be made as priced."""
    messages = {
        "pending": _l("The neighbour has not confirmed the shared bin yet. Wait for the "
                      "confirmation before you approve."),
        "declined": _l("The neighbour has declined to share the bin. Reject the request."),
        "expired": _l("The neighbour did not confirm the shared bin in time. Reject the "
                      "request."),
    }
    if case.neighbour_status != "confirmed":
        raise CaseError(messages.get(case.neighbour_status, messages["pending"]))
    number = case.neighbour_customer_number
    if number:
        tk.waste_register().lock_customer(number)
    neighbour = plan_on(number, case.effective_date) if number else None
    proposed = case.proposed()
    if neighbour is None:
        raise CaseError(_l("The neighbour's subscription no longer exists. Reject the request."))
    if neighbour.shared_with is not None and neighbour.shared_with != case.customer_number:
        raise CaseError(_l("The neighbour already shares a bin with another household. "
                           "Reject the request."))
    if (sorted(neighbour.bins) != sorted(proposed.bins)
            or neighbour.frequency != proposed.frequency):
        raise CaseError(_l("The neighbour's bins have changed since the request was sent, so "
                           "the price is no longer right. Reject the request and ask the "
                           "resident to send a new one."))
    return neighbour


def approve(case: ChangeRequest, username: str, reason: str = "") -> None:
    """Approve: the proposed plan, as priced, is scheduled in the register for its date.

    Nothing changes before the effective date ("your subscription today" stays as it
    is). Refused while a shared bin waits for the neighbour, and when the plan in force
    on the effective date (or the neighbour's) is not the one the price was computed
    from: the resident was quoted a price for one starting point and must not be
    charged for another. The household is locked in the register until commit, so two
    approvals for it at once cannot both pass that check.
    """
    _check_status(case, OPEN_STATUSES)
    register = tk.waste_register()
    register.lock_customer(case.customer_number)
    base = plan_on(case.customer_number, case.effective_date)
    if base is None or not _same(base, case.current()):
        raise CaseError(_l("The subscription has changed since the request was sent, so the "
                           "price shown to the resident is no longer right. Reject the "
                           "request and ask the resident to send a new one."))
    neighbour = _share_partner(case) if "share" in case.change_types else None
    _transition(case, OPEN_STATUSES, "approved", username, "case_approved",
                changes=list(case.change_types),
                effective_date=case.effective_date.isoformat())
    register.schedule_change(case.customer_number, change_of(case.proposed()),
                             case.effective_date, reference=case.reference)
    if neighbour is not None and case.neighbour_customer_number:
        # A shared bin is shared both ways, from the same day.
        register.schedule_change(
            case.neighbour_customer_number,
            change_of(replace(neighbour, shared_with=case.customer_number)),
            case.effective_date, reference=f"{case.reference}-N")
    _decide(case, username, reason.strip())
    notify_decision(case)


def reject(case: ChangeRequest, username: str, reason: str) -> None:
    """Reject with a reason (the resident is told why; a decision needs a motivation)."""
    reason = _required(reason)
    _transition(case, OPEN_STATUSES, "rejected", username, "case_rejected")
    _decide(case, username, reason)
    notify_decision(case)


def withdraw(case: ChangeRequest, username: str, reason: str) -> None:
    """Close a case the resident no longer wants (e.g. they called); the reason says so."""
    reason = _required(reason)
    _transition(case, OPEN_STATUSES, "withdrawn", username, "case_withdrawn")
    _decide(case, username, reason)
    notify_decision(case)


def _decide(case: ChangeRequest, username: str, reason: str) -> None:
    case.decided_at = tk.utcnow()
    case.decided_by = username
    case.decision_reason = reason
    _event(case, username, case.status, reason)


# -- messages ------------------------------------------------------------------------------

def decision_personalisation(case: ChangeRequest, reason: str) -> dict[str, str]:
    """The decision in the resident's language, whatever language the handläggare uses."""
    with tk.in_language(MODULE_ID, case.language) as domain:
        words = {"approved": domain.gettext("approved"),
                 "rejected": domain.gettext("rejected"),
                 "withdrawn": domain.gettext("withdrawn")}
        return {
            "reference": case.reference,
            "decision": words[case.status],
            # Follows the sentence with the decision, hence the leading space.
            "reason": " " + domain.gettext("Reason: %(reason)s", reason=reason)
            if reason else "",
            "effective_date": format_date(case.effective_date, "d MMMM y"),
            "municipality": current_app.config["MUNICIPALITY_NAME"],
        }


def notify_decision(case: ChangeRequest) -> None:
    """SMS and/or e-mail, as the resident asked; one of each per decision, ever."""
    common = {"template": DECISION_TEMPLATE, "language": case.language,
              "category": "decision", "reference": case.reference, "module_id": MODULE_ID,
              "idempotency_key": f"decision:{case.reference}:{case.status}"}
    reason = case.decision_reason
    try:
        if case.email:
            tk.send_email(case.email, personalisation=decision_personalisation(case, reason),
                       **common)
        if case.phone:
            # A long reason cannot go in an SMS; the e-mail (or a call) has all of it.
            short = reason if len(reason) <= SMS_REASON_LIMIT else \
                reason[:SMS_REASON_LIMIT].rstrip() + "…"
            for candidate in dict.fromkeys((reason, short, "")):
                try:
                    tk.send_sms(case.phone, personalisation=decision_personalisation(
                        case, candidate), **common)
                    break
                except tk.MessageTooLong:
                    continue
    except tk.InvalidRecipient as exc:
        # Stored contact details were checked when the request was sent; if one is
        # refused now the decision still stands and the history says nobody was told.
        log.warning("decision on %s not sent: %s", case.reference, exc)
        _event(case, "system", "not_notified", str(exc))

