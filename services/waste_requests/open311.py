"""The module's Open311 GeoReport v2 services: missed collection, extra emptying, bulky waste.

The platform serves ``/open311/v2`` and checks each request against these
attribute definitions; filing goes through the same rules and the same
tables as the resident's pages (``filing``, ``booking_filing``), so a report
from an app and one from the web cannot disagree, and one open report per
container and collection holds across both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from eservices import toolkit as tk

from . import booking_filing, filing
from .bookings import DayFull
from .evidence import containers_at
from .models import OPEN_REPORT_STATUSES, Booking, Report
from .prices import prices
from .settings import MODULE_ID

MISSED, EXTRA, BULKY = "missed_collection", "extra_emptying", "bulky_waste"


def services(language: str) -> list[tk.Open311Service]:
    with tk.in_language(MODULE_ID, language) as t:
        container = tk.Open311Attribute(
            "container_id", "string", t.gettext(
                "The container's id in the waste register (from the address's containers)"),
            order=1)
        day = tk.Open311Attribute(
            "date", "datetime", t.gettext("The day of the pick-up (YYYY-MM-DD), a working "
                                          "day in the booking window"), order=2)
        items = tk.Open311Attribute(
            "items", "multivaluelist", t.gettext("What to pick up"), order=1,
            values=tuple((item.key, item.name(language)) for item in prices().items))
        group = t.gettext("Waste and recycling")
        return [
            tk.Open311Service(
                MISSED, t.gettext("Missed bin collection"),
                t.gettext("A bin that was not emptied on its collection day, reported up to "
                          "two working days after it."),
                submit=_submit_report, find=_find_reports, attributes=(container,),
                group=group, keywords=("waste", "bin", "missed"), location="address_id"),
            tk.Open311Service(
                EXTRA, t.gettext("Extra emptying"),
                t.gettext("An extra emptying of a bin on a booked day, at the tariff's price."),
                submit=_submit_booking, find=lambda q: _find_bookings(q, "extra_emptying"),
                attributes=(container, day),
                group=group, keywords=("waste", "bin", "extra"), location="address_id"),
            tk.Open311Service(
                BULKY, t.gettext("Bulky waste pick-up"),
                t.gettext("A pick-up of furniture and other bulky waste on a booked day."),
                submit=_submit_booking, find=lambda q: _find_bookings(q, "bulky"), attributes=(
                    items, tk.Open311Attribute(day.code, day.datatype, day.description,
                                               order=2)),
                group=group, keywords=("waste", "bulky", "furniture"), location="address_id"),
        ]


def _property(address_id: str):
    register = tk.waste_register()
    found = register.property(address_id)
    if found is None:
        raise tk.Open311Error(400, f"No address with address_id {address_id[:80]!r} in the "
                                   "waste register")
    return found


def _container(designation: str, container_id: str):
    container = next((c for c in containers_at(designation, tk.clock.today())
                      if c.container_id == container_id), None)
    if container is None:
        raise tk.Open311Error(400, f"attribute[container_id]: no container {container_id!r} "
                                   "at that address")
    return container


def _contact(request: tk.Open311NewRequest) -> filing.Contact:
    return filing.Contact(request.phone, request.email, request.language)


REFUSALS = {
    "skipped": "The crew recorded the container as skipped: {reason}. A paid extra emptying "
               "can be booked instead (service_code extra_emptying).",
    "too_early": "The collection is today and the truck has not been yet.",
    "too_late": "The last day to report the collection of {date} was {deadline}.",
    "no_collection": "The container had no scheduled collection recently.",
}


def _submit_report(request: tk.Open311NewRequest) -> tk.Open311Request:
    place = _property(request.address_id)
    container_id = str(request.attributes["container_id"])
    _container(place.designation, container_id)
    state = filing.state_of(place.designation, container_id)
    assert state is not None
    verdict = state.verdict
    if verdict.kind == "already_reported":
        return _report_answer(_report(verdict.open_reference), request.language)
    try:
        report = filing.file_report(place, state, _contact(request),
                                    tk.new_reference("MC"), request.description,
                                    source=request.client)
    except filing.AlreadyReported as exc:
        return _report_answer(_report(exc.reference), request.language)
    except filing.NotReportable as exc:
        evidence = exc.state.verdict.evidence
        raise tk.Open311Error(400, REFUSALS[exc.state.verdict.kind].format(
            reason=evidence.reason, date=evidence.collection_date,
            deadline=exc.state.verdict.deadline)) from None
    tk.db.session.flush()
    return _report_answer(report, request.language)


def _report(reference: str) -> Report:
    return tk.db.session.scalars(select(Report).where(Report.reference == reference)).one()


def _names(language: str) -> dict[str, str]:
    return {s.code: s.name for s in services(language)}


def _moment(day: date | None) -> datetime | None:
    return datetime.combine(day, time(7), tzinfo=tk.STOCKHOLM) if day else None


def _report_answer(report: Report, language: str) -> tk.Open311Request:
    return tk.Open311Request(
        service_request_id=report.reference, service_code=MISSED,
        service_name=_names(language)[MISSED],
        status="open" if report.status in OPEN_REPORT_STATUSES else "closed",
        requested_datetime=report.created_at, updated_datetime=report.updated_at,
        status_notes=report.status_note, description=report.description,
        agency_responsible="Avfall och återvinning", expected_datetime=_moment(
            report.recollect_on), address=report.street_address,
        address_id=report.designation, zipcode=report.postal_code)


def _submit_booking(request: tk.Open311NewRequest) -> tk.Open311Request:
    place = _property(request.address_id)
    kind = "bulky" if request.service_code == BULKY else "extra_emptying"
    try:
        day = date.fromisoformat(str(request.attributes["date"])[:10])
    except ValueError:
        raise tk.Open311Error(400, "attribute[date] must be a date, such as 2026-12-15"
                              ) from None
    container = None
    if kind == "extra_emptying":
        container = _container(place.designation, str(request.attributes["container_id"]))
    items = tuple(request.attributes.get("items", ()))
    try:
        booking = booking_filing.book_pick_up(
            kind, place, day, _contact(request), container=container, items=items,
            reference=tk.new_reference("HB"), source=request.client)
    except DayFull:
        raise tk.Open311Error(400, f"attribute[date]: {day.isoformat()} cannot be booked: "
                                   "it is full, not a working day or outside the booking "
                                   "window") from None
    except booking_filing.Unbookable as exc:
        raise tk.Open311Error(400, str(exc)) from None
    tk.db.session.flush()
    return _booking_answer(booking, request.language)


def _booking_answer(booking: Booking, language: str) -> tk.Open311Request:
    code = BULKY if booking.kind == "bulky" else EXTRA
    return tk.Open311Request(
        service_request_id=booking.reference, service_code=code,
        service_name=_names(language)[code],
        status="open" if booking.status == "booked" else "closed",
        requested_datetime=booking.created_at, updated_datetime=booking.updated_at,
        agency_responsible="Avfall och återvinning",
        service_notice=_price(booking, language), expected_datetime=_moment(booking.day),
        address=booking.street_address, address_id=booking.designation)


def _price(booking: Booking, language: str) -> str:
    with tk.in_language(MODULE_ID, language) as t:
        return t.gettext("Price: %(price)s", price=tk.format_sek(booking.price))


def _window(query: tk.Open311Query, column, statement):
    if query.ids:
        statement = statement.where(column.in_(query.ids))
    return statement


def _find_reports(query: tk.Open311Query) -> Sequence[tk.Open311Request]:
    statement = _window(query, Report.reference, select(Report))
    if query.status:
        wanted = OPEN_REPORT_STATUSES if query.status == "open" else ("done", "rejected")
        statement = statement.where(Report.status.in_(wanted))
    statement = _dates(query, Report.created_at, statement)
    rows = tk.db.session.scalars(statement.order_by(Report.created_at.desc())
                                 .limit(query.limit))
    return [_report_answer(r, query.language) for r in rows]


def _find_bookings(query: tk.Open311Query, kind: str) -> Sequence[tk.Open311Request]:
    statement = _window(query, Booking.reference, select(Booking)).where(Booking.kind == kind)
    if query.status:
        statement = statement.where(Booking.status == "booked" if query.status == "open"
                                    else Booking.status != "booked")
    statement = _dates(query, Booking.created_at, statement)
    rows = tk.db.session.scalars(statement.order_by(Booking.created_at.desc())
                                 .limit(query.limit))
    return [_booking_answer(b, query.language) for b in rows]


def _dates(query: tk.Open311Query, column, statement):
    if query.start:
        statement = statement.where(column >= query.start.astimezone(UTC))
    if query.end:
        statement = statement.where(column <= query.end.astimezone(UTC))
    return statement
