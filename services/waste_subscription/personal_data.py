"""What the service keeps about people: its part of Mina sidor, erasure and retention.

A change request is tied to a person two ways: the customer it was made for
(the waste register knows the customer's personal identity number) and the
contact details given for the answer (an e-mail address, a mobile number).
The subscription itself is the register's, shown here so the resident sees
what they have, but never erased from here: it is the municipality's contract
with the customer, kept in the waste-management system while they are one.

What must stay: a request still being handled (we owe it a decision), and an
approved change for the bookkeeping - it changed the fee, and the Bookkeeping
Act (bokföringslagen, 7 kap. 2 §) keeps what the invoices rest on for seven
years after the end of the year.  Those lose only the contact details, which
the invoice needs no longer.  A rejected or withdrawn request goes at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, false, func, or_, select, update

from eservices import toolkit as tk

from .cases import CHANGE_LABELS, STATUS_LABELS
from .meta import MODULE_ID
from .models import OPEN_STATUSES, CaseEvent, ChangeRequest

CONTACT_DAYS = 90
CLOSED_DAYS = 365
#: Eight years from the decision: always past the end of the seventh year after it.
APPROVED_DAYS = 8 * 365 + 2
BOOKKEEPING_YEARS = 7
_NO_CONTACT = {"email": "", "phone": "", "neighbour_token_hash": None}


def _customers(subject: tk.DataSubject) -> list[Any]:
    if not subject.personal_number:
        return []
    return list(tk.waste_register().customers_by_identity(subject.personal_number))


def _tied_to(subject: tk.DataSubject, numbers: list[str]) -> Any:
    conditions = []
    if numbers:
        conditions.append(ChangeRequest.customer_number.in_(numbers))
    if subject.email_addresses:
        conditions.append(func.lower(ChangeRequest.email).in_(subject.email_addresses))
    if subject.phone_numbers:
        conditions.append(ChangeRequest.phone.in_(subject.phone_numbers))
    return or_(*conditions) if conditions else false()


def _requests(subject: tk.DataSubject, numbers: list[str]) -> list[ChangeRequest]:
    return list(tk.db.session.scalars(
        select(ChangeRequest).where(_tied_to(subject, numbers))
        .order_by(ChangeRequest.created_at.desc(), ChangeRequest.id.desc())))


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment else None


def _request_item(case: ChangeRequest) -> tk.DataItem:
    changes = ", ".join(str(CHANGE_LABELS.get(kind, kind)) for kind in case.change_types)
    details = [(_("Changes"), changes),
               (_("From"), format_date(case.effective_date, "d MMMM y"))]
    if case.email:
        details.append((_("E-mail address"), case.email))
    if case.phone:
        details.append((_("Mobile number"), tk.display_mobile(case.phone)))
    events = tk.db.session.scalars(select(CaseEvent).where(CaseEvent.request_id == case.id)
                                   .order_by(CaseEvent.id))
    return tk.DataItem(
        title=_("Change request %(reference)s", reference=case.reference),
        status=str(STATUS_LABELS.get(case.status, case.status)), when=case.created_at,
        details=details,
        record={"reference": case.reference, "customer_number": case.customer_number,
                "property_designation": case.property_designation,
                "change_types": list(case.change_types), "details": case.details,
                "current_plan": case.current_plan, "proposed_plan": case.proposed_plan,
                "quote": case.quote, "effective_date": _when(case.effective_date),
                "status": case.status, "neighbour_customer_number":
                    case.neighbour_customer_number, "neighbour_status": case.neighbour_status,
                "email": case.email, "phone": case.phone, "language": case.language,
                "created_at": _when(case.created_at), "decided_at": _when(case.decided_at),
                "decision_reason": case.decision_reason,
                "history": [{"at": _when(e.at), "kind": e.kind, "note": e.note}
                            for e in events]})


def _subscription_item(customer: Any) -> tk.DataItem | None:
    subscription = tk.waste_register().subscription(customer.customer_number,
                                                    tk.clock.today())
    if subscription is None:
        return None
    place = subscription.property
    return tk.DataItem(
        title=_("Your waste subscription at %(address)s", address=place.street_address),
        when=None, link=url_for(f"{MODULE_ID}.start"), link_text=_("Change your subscription"),
        details=[(_("Customer number"), customer.customer_number),
                 (_("Property"), place.designation),
                 (_("Bins"), ", ".join(f"{c.fraction} {c.litres} l"
                                       for c in subscription.containers))],
        record={"customer": {"customer_number": customer.customer_number,
                             "name": customer.name,
                             "identity_number": customer.identity_number,
                             "phone": customer.phone, "email": customer.email,
                             "language": customer.language},
                "property": {"designation": place.designation,
                             "street_address": place.street_address,
                             "postal_code": place.postal_code, "city": place.city},
                "containers": [{"fraction": c.fraction, "litres": c.litres,
                                "frequency": c.frequency} for c in subscription.containers],
                "frequency": subscription.frequency,
                "home_composting": subscription.home_composting,
                "shared_with": subscription.shared_with,
                "paused_from": _when(subscription.paused_from),
                "paused_to": _when(subscription.paused_to), "on": _when(subscription.on)})


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    customers = _customers(subject)
    subscriptions = [item for item in map(_subscription_item, customers) if item is not None]
    requests = _requests(subject, [c.customer_number for c in customers])
    return [tk.DataSection(key="waste_subscription", title=_("Your waste subscription"),
                           items=subscriptions,
                           empty_text=_("We find no waste subscription in your name.")),
            tk.DataSection(key="waste_subscription_requests",
                           title=_("Requests to change your waste subscription"),
                           items=[_request_item(case) for case in requests],
                           empty_text=_("You have not asked to change a waste "
                                        "subscription."))]


def _kept_until(case: ChangeRequest) -> date | None:
    if case.status == "approved" and case.decided_at is not None:
        year = case.decided_at.astimezone(tk.STOCKHOLM).year
        return date(year + BOOKKEEPING_YEARS, 12, 31)
    return None


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    customers = _customers(subject)
    requests = _requests(subject, [c.customer_number for c in customers])
    gone = [case.id for case in requests if case.status in ("rejected", "withdrawn")]
    open_ = [case for case in requests if case.status in OPEN_STATUSES]
    approved = [case for case in requests if case.status == "approved"]
    if gone:
        tk.db.session.execute(delete(CaseEvent).where(CaseEvent.request_id.in_(gone)))
        tk.db.session.execute(delete(ChangeRequest).where(ChangeRequest.id.in_(gone))
                              .execution_options(synchronize_session=False))
    for case in approved:
        case.email, case.phone, case.neighbour_token_hash = "", "", None
    kept = []
    if open_:
        kept.append(tk.KeptData(
            what=_("Requests to change your waste subscription that we are handling"),
            reason=_("We must decide on the request and tell you the decision. Your contact "
                     "details are removed when it has been decided.")))
    if approved:
        kept.append(tk.KeptData(
            what=_("Approved changes of your waste subscription"),
            reason=_("An approved change decides your waste fee, and the Bookkeeping Act "
                     "requires us to keep what invoices are based on for seven years after "
                     "the end of the year. Your contact details have been removed."),
            until=max(filter(None, map(_kept_until, approved)), default=None)))
    if customers:
        kept.append(tk.KeptData(
            what=_("Your waste subscription"),
            reason=_("The subscription is your contract with the municipality's waste "
                     "collection and is kept in the customer register while you are a "
                     "customer. Contact customer service to end it.")))
    tk.db.session.flush()
    return tk.ErasureOutcome(removed=len(gone), anonymised=len(approved), kept=kept)


def drop_contact_details(cutoff: datetime) -> int:
    """Retention "contact": decided before ``cutoff`` -> no e-mail or phone left."""
    return tk.db.session.execute(
        update(ChangeRequest)
        .where(ChangeRequest.status.not_in(OPEN_STATUSES), ChangeRequest.decided_at < cutoff,
               or_(ChangeRequest.email != "", ChangeRequest.phone != "",
                   ChangeRequest.neighbour_token_hash.is_not(None)))
        .values(**_NO_CONTACT).execution_options(synchronize_session=False)).rowcount or 0


def _delete_decided(statuses: tuple[str, ...], cutoff: datetime) -> int:
    ids = tk.db.session.scalars(select(ChangeRequest.id).where(
        ChangeRequest.status.in_(statuses), ChangeRequest.decided_at < cutoff)).all()
    if not ids:
        return 0
    tk.db.session.execute(delete(CaseEvent).where(CaseEvent.request_id.in_(ids)))
    tk.db.session.execute(delete(ChangeRequest).where(ChangeRequest.id.in_(ids))
                          .execution_options(synchronize_session=False))
    return len(ids)


def drop_closed_requests(cutoff: datetime) -> int:
    """Retention "closed_requests": rejected or withdrawn before ``cutoff`` -> deleted."""
    return _delete_decided(("rejected", "withdrawn"), cutoff)


def drop_approved_requests(cutoff: datetime) -> int:
    """Retention "approved_requests": approved before ``cutoff`` -> deleted."""
    return _delete_decided(("approved",), cutoff)


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(
        tk.Retention("contact", "cases", CONTACT_DAYS, f"{__name__}:drop_contact_details",
                     _l("The e-mail address and mobile number given with a change request, "
                        "counted from the decision: time for questions about it.")),
        tk.Retention("closed_requests", "cases", CLOSED_DAYS,
                     f"{__name__}:drop_closed_requests",
                     _l("Rejected and withdrawn change requests, counted from the decision: "
                        "a year, for an appeal or a question about it.")),
        tk.Retention("approved_requests", "cases", APPROVED_DAYS,
                     f"{__name__}:drop_approved_requests",
                     _l("Approved change requests, counted from the decision: they decide "
                        "the waste fee, so they are kept for the seven years after the end "
                        "of the year that the Bookkeeping Act requires.")),
    ))
