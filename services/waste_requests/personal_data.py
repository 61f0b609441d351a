"""What the module keeps about people: its part of Mina sidor, erasure and retention.

A missed-collection report and a pick-up booking are tied to a person only by
the mobile number and e-mail address given for the receipt and the updates, so
a resident finds the reports and bookings sent to the numbers and addresses
proven to be theirs.  They are not found by the register's properties of the
personal number: the module does not record who filed, and a property's bin
may be reported or booked by a tenant or a neighbour sharing it, whose contact
details are not the owner's to see.

What must stay, and why:

- a report still being handled keeps its contact details: we must tell the
  resident when the bin is emptied; a closed report is about a bin and a route
  day, not a person, and is kept without them for the follow-up of the
  collection contract;
- a booking for a coming day stays whole: the crew comes, and the resident can
  cancel it;
- a booking that was carried out at a price (every booking not cancelled whose
  day has passed; the module records no other payment) is bookkeeping material
  (bokföringslagen: seven years after the end of the financial year), kept
  without the contact details.  Cancelled and free bookings go.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, false, func, or_, select, update

from eservices import toolkit as tk

from .bookings import cancel_token
from .models import OPEN_REPORT_STATUSES, Booking, Report
from .settings import MODULE_ID
from .texts import BOOKING_STATUSES, REPORT_STATUSES, fraction_text

CLOSED_REPORT_STATUSES = ("done", "rejected")
#: Days a closed report keeps its contact details and description (retention "contact").
CONTACT_DAYS = 90
#: Days a closed report is kept at all (retention "reports").
REPORT_DAYS = 730
#: Days after its day a booking keeps its contact details, or is kept at all when it
#: was cancelled or free (retention "bookings").
BOOKING_DAYS = 30
#: Days after its day a carried-out, charged booking is kept (retention "paid_bookings"):
#: eight years cover "seven years after the end of the year" for any day of the year.
PAID_DAYS = 8 * 365 + 2


def _tied_to(model: Any, subject: tk.DataSubject) -> Any:
    """The rows whose receipt went to the subject's proven numbers or addresses."""
    conditions = []
    if subject.phone_numbers:
        conditions.append(model.phone.in_(subject.phone_numbers))
    if subject.email_addresses:
        conditions.append(func.lower(model.email).in_(subject.email_addresses))
    return or_(*conditions) if conditions else false()


def _reports(subject: tk.DataSubject) -> list[Report]:
    return list(tk.db.session.scalars(select(Report).where(_tied_to(Report, subject))
                                      .order_by(Report.created_at.desc(), Report.id.desc())))


def _bookings(subject: tk.DataSubject) -> list[Booking]:
    return list(tk.db.session.scalars(select(Booking).where(_tied_to(Booking, subject))
                                      .order_by(Booking.day.desc(), Booking.id.desc())))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _contact_details(row: Report | Booking) -> list[tuple[str, str]]:
    details = []
    if row.phone:
        details.append((_("Mobile number"), tk.display_mobile(row.phone)))
    if row.email:
        details.append((_("E-mail address"), row.email))
    return details


def _report_item(report: Report) -> tk.DataItem:
    details = [(_("Address"), report.street_address),
               (_("Bin"), fraction_text(report.fraction)),
               (_("Collection day"), format_date(report.collection_date, "d MMMM y"))]
    if report.recollect_on:
        details.append((_("Re-collection day"), format_date(report.recollect_on, "d MMMM y")))
    if report.description:
        details.append((_("What you wrote"), report.description))
    record = {"reference": report.reference, "status": report.status,
              "designation": report.designation, "street_address": report.street_address,
              "postal_code": report.postal_code, "container_id": report.container_id,
              "fraction": report.fraction, "collection_date": _iso(report.collection_date),
              "route_code": report.route_code, "outcome": report.outcome,
              "outcome_recorded_at": _iso(report.outcome_recorded_at),
              "description": report.description, "phone": report.phone,
              "email": report.email, "language": report.language, "source": report.source,
              "recollect_on": _iso(report.recollect_on), "status_note": report.status_note,
              "created_at": _iso(report.created_at), "updated_at": _iso(report.updated_at)}
    return tk.DataItem(
        title=_("Missed collection %(reference)s", reference=report.reference),
        record=record, status=str(REPORT_STATUSES.get(report.status, report.status)),
        when=report.created_at, details=[*details, *_contact_details(report)])


def _booking_item(booking: Booking) -> tk.DataItem:
    title = (_("Bulky-waste pick-up %(reference)s", reference=booking.reference)
             if booking.kind == "bulky" else
             _("Extra emptying %(reference)s", reference=booking.reference))
    details = [(_("Address"), booking.street_address), (_("Price"), tk.format_sek(booking.price))]
    record = {"reference": booking.reference, "kind": booking.kind, "status": booking.status,
              "day": _iso(booking.day), "designation": booking.designation,
              "street_address": booking.street_address, "container_id": booking.container_id,
              "items": list(booking.items or ()), "price": str(booking.price),
              "phone": booking.phone, "email": booking.email, "language": booking.language,
              "source": booking.source, "created_at": _iso(booking.created_at),
              "updated_at": _iso(booking.updated_at)}
    coming = booking.status == "booked" and booking.day >= tk.clock.today()
    return tk.DataItem(
        title=title, record=record,
        status=str(BOOKING_STATUSES.get(booking.status, booking.status)), when=booking.day,
        link=url_for(f"{MODULE_ID}.cancel", token=cancel_token(booking)),
        link_text=_("See or cancel the booking") if coming else _("See the booking"),
        details=[*details, *_contact_details(booking)])


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    return [
        tk.DataSection(key="waste_requests_reports", title=_("Reports of missed collections"),
                       items=[_report_item(report) for report in _reports(subject)],
                       empty_text=_("You have not reported any missed collections.")),
        tk.DataSection(key="waste_requests_bookings",
                       title=_("Booked pick-ups and extra emptyings"),
                       items=[_booking_item(booking) for booking in _bookings(subject)],
                       empty_text=_("You have not booked any pick-ups.")),
    ]


def _charged(booking: Booking) -> bool:
    """Carried out at a price: not cancelled, a price, and its day has passed."""
    return (booking.status != "cancelled" and booking.price > 0
            and booking.day < tk.clock.today())


def _forget_contact(row: Report | Booking) -> None:
    row.phone, row.email = "", ""
    if isinstance(row, Report):
        row.description = ""


def _erase_reports(subject: tk.DataSubject, kept: list[tk.KeptData]) -> int:
    reports = _reports(subject)
    closed = [report for report in reports if report.status not in OPEN_REPORT_STATUSES]
    for report in closed:
        _forget_contact(report)
    if len(closed) < len(reports):
        kept.append(tk.KeptData(
            what=_("Reports of missed collections we are still handling"),
            reason=_("We need your mobile number or e-mail address to tell you when the bin "
                     "has been emptied. They are removed when the report is closed.")))
    return len(closed)


def _erase_bookings(subject: tk.DataSubject, kept: list[tk.KeptData]) -> tuple[int, int]:
    today, removed, charged, coming = tk.clock.today(), 0, [], []
    for booking in _bookings(subject):
        if booking.status == "booked" and booking.day >= today:
            coming.append(booking)
        elif _charged(booking):
            _forget_contact(booking)
            charged.append(booking)
        else:
            tk.db.session.delete(booking)
            removed += 1
    if coming:
        kept.append(tk.KeptData(
            what=_("Pick-ups booked for a coming day"),
            reason=_("The crew comes on the booked day and we may need to reach you. Cancel "
                     "the booking with its link if you no longer want it; the contact "
                     "details go %(days)s days after the day.", days=BOOKING_DAYS),
            until=max(b.day for b in coming) + timedelta(days=BOOKING_DAYS)))
    if charged:
        kept.append(tk.KeptData(
            what=_("Pick-ups and extra emptyings you were charged for, without your contact "
                   "details"),
            reason=_("The Swedish Bookkeeping Act requires us to keep what we charged for "
                     "seven years after the end of the year."),
            until=max(b.day for b in charged) + timedelta(days=PAID_DAYS)))
    return removed, len(charged)


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    """Closed reports and charged bookings lose the contact details, cancelled and free past
    bookings go; open reports and coming bookings are kept whole, and the resident told."""
    kept: list[tk.KeptData] = []
    anonymised = _erase_reports(subject, kept)
    removed, charged = _erase_bookings(subject, kept)
    tk.db.session.flush()
    return tk.ErasureOutcome(removed=removed, anonymised=anonymised + charged, kept=kept)


def _days_ended_before(cutoff: datetime) -> date:
    """The last day whose end (midnight after it, Swedish time) is before ``cutoff``."""
    local = cutoff.astimezone(tk.STOCKHOLM)
    return local.date() - timedelta(days=1 if local.time() > time(0) else 2)


def _rowcount(statement: Any) -> int:
    result = tk.db.session.execute(statement.execution_options(synchronize_session=False))
    return result.rowcount or 0


def drop_report_contacts(cutoff: datetime) -> int:
    """Retention "contact": closed before ``cutoff`` -> no phone, e-mail or description."""
    return _rowcount(update(Report).where(
        Report.status.in_(CLOSED_REPORT_STATUSES), Report.updated_at < cutoff,
        or_(Report.phone != "", Report.email != "", Report.description != ""))
        .values(phone="", email="", description=""))


def delete_old_reports(cutoff: datetime) -> int:
    """Retention "reports": closed before ``cutoff`` -> the report is deleted."""
    return _rowcount(delete(Report).where(Report.status.in_(CLOSED_REPORT_STATUSES),
                                          Report.updated_at < cutoff))


def drop_past_bookings(cutoff: datetime) -> int:
    """Retention "bookings": a day ended before ``cutoff`` -> a cancelled or free booking is
    deleted, a charged one loses its phone and e-mail."""
    last = _days_ended_before(cutoff)
    uncharged = or_(Booking.status == "cancelled", Booking.price <= 0)
    removed = _rowcount(delete(Booking).where(Booking.day <= last, uncharged))
    return removed + _rowcount(update(Booking).where(
        Booking.day <= last, ~uncharged, or_(Booking.phone != "", Booking.email != ""))
        .values(phone="", email=""))


def delete_paid_bookings(cutoff: datetime) -> int:
    """Retention "paid_bookings": a charged booking whose day ended before ``cutoff`` goes."""
    return _rowcount(delete(Booking).where(Booking.day <= _days_ended_before(cutoff)))


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(
        tk.Retention("contact", "reports", CONTACT_DAYS, f"{__name__}:drop_report_contacts",
                     _l("The mobile number, e-mail address and description given with a "
                        "missed-collection report, counted from when the report was closed: "
                        "long enough for questions about the decision and a complaint "
                        "about the re-collection.")),
        tk.Retention("reports", "reports", REPORT_DAYS, f"{__name__}:delete_old_reports",
                     _l("Closed missed-collection reports (the address, bin, route day and "
                        "decision, without contact details), counted from when they were "
                        "closed: two years, to follow up the collection contract and the "
                        "routes over more than one season.")),
        tk.Retention("bookings", "bookings", BOOKING_DAYS, f"{__name__}:drop_past_bookings",
                     _l("Bookings of pick-ups and extra emptyings, counted from the end of "
                        "the booked day: a month for questions about the visit and the "
                        "price. Then a cancelled or free booking is deleted, and a charged "
                        "one loses the mobile number and e-mail address.")),
        tk.Retention("paid_bookings", "bookings", PAID_DAYS,
                     f"{__name__}:delete_paid_bookings",
                     _l("Charged pick-ups and extra emptyings, without contact details, "
                        "counted from the end of the booked day: the Bookkeeping Act keeps "
                        "accounting records for seven years after the end of the year, which "
                        "eight years cover for any day.")),
    ))
