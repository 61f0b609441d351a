"""The module's personal data: what a resident finds, what erasure takes and keeps, what
retention drops, and the section on Mina sidor.

The clock stands at Tuesday 1 December 2026, 10:00 in Sweden (conftest).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.residents.models import ResidentContact
from eservices.testing import assert_accessible, sign_in_resident
from services.waste_requests import module
from services.waste_requests.models import Booking, Report
from services.waste_requests.personal_data import (
    PAID_DAYS,
    delete_old_reports,
    delete_paid_bookings,
    drop_past_bookings,
    drop_report_contacts,
    erase,
    find,
)

from .conftest import NOW, RESTAVFALL, STORGATAN_1

EVA_PHONE, EVA_EMAIL = "+46701234567", "eva@exempel.se"
OTHER_PHONE = "+46709876543"
EVA = tk.DataSubject(personal_number="191212121212", phone_numbers=(EVA_PHONE,),
                     email_addresses=(EVA_EMAIL,))
COMING, PAST = date(2026, 12, 8), date(2026, 11, 20)
#: The end of PAST in Swedish time (midnight after it), in UTC.
END_OF_PAST = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _report(reference: str, *, phone: str = "", email: str = "", status: str = "received",
            closed_at: datetime = NOW, collected: date = date(2026, 11, 30)) -> None:
    db.session.add(Report(
        reference=reference, status=status, designation=STORGATAN_1,
        street_address="Storgatan 1", postal_code="93131", container_id=RESTAVFALL,
        fraction="restavfall", collection_date=collected, route_code="EX-MAN",
        description="Tunnan stod vid vägen", phone=phone, email=email, language="sv",
        created_at=closed_at, updated_at=closed_at))


def _booking(reference: str, day: date, *, phone: str = EVA_PHONE, email: str = "",
             status: str = "booked", price: str = "380") -> None:
    db.session.add(Booking(
        reference=reference, kind="bulky", status=status, day=day, designation=STORGATAN_1,
        street_address="Storgatan 1", items=["sofa", "chair"], price=Decimal(price),
        phone=phone, email=email, language="sv", created_at=NOW, updated_at=NOW))


def _all(app, model) -> dict[str, object]:
    with app.app_context():
        return {row.reference: row for row in db.session.scalars(select(model))}


@contextmanager
def reading(app):
    """A request to the module's pages in English, as Mina sidor's reader might make."""
    with app.test_request_context("/waste-requests/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def test_the_manifest_declares_it():
    assert module.personal_data is not None and module.personal_data.resident_data.erase
    assert {r.key: r.days for r in module.personal_data.retention} == {
        "contact": 90, "reports": 730, "bookings": 30, "paid_bookings": PAID_DAYS}
    assert all(str(r.description) for r in module.personal_data.retention)


def test_find_returns_the_residents_reports_and_bookings_and_nothing_of_others(app):
    with reading(app):
        _report("SR-1", phone=EVA_PHONE, closed_at=NOW - timedelta(days=1))
        _report("SR-2", email="Eva@Exempel.se", status="done", collected=date(2026, 11, 16))
        _report("SR-3", phone=OTHER_PHONE, collected=date(2026, 11, 2))
        _booking("HB-1", COMING)
        _booking("HB-2", PAST, phone=OTHER_PHONE, email="annan@exempel.se")
        db.session.commit()
        reports, bookings = find(EVA)
        assert (reports.key, bookings.key) == ("waste_requests_reports",
                                               "waste_requests_bookings")
        assert [item.record["reference"] for item in reports.items] == ["SR-2", "SR-1"]
        open_one = reports.items[1]
        assert "SR-1" in open_one.title and open_one.status == "Received"
        assert ("Mobile number", "070-123 45 67") in open_one.details
        assert open_one.record["phone"] == EVA_PHONE
        assert open_one.record["description"] == "Tunnan stod vid vägen"
        assert open_one.record["collection_date"] == "2026-11-30"
        assert reports.items[0].status == "Emptied"
        [booking] = bookings.items
        assert "HB-1" in booking.title and booking.status == "Booked"
        assert booking.when == COMING and booking.record["price"] == "380.00"
        assert booking.link.startswith("/waste-requests/cancel/")
        assert booking.link_text == "See or cancel the booking"
        assert booking.record["items"] == ["sofa", "chair"]
        everything = repr([item.record for item in [*reports.items, *bookings.items]])
        assert OTHER_PHONE not in everything and "SR-3" not in everything
        assert "annan@exempel.se" not in everything
        nobody = find(tk.DataSubject(personal_number="191212121212"))
        assert [section.items for section in nobody] == [[], []]


def test_erase_takes_what_it_may_and_keeps_what_it_must(app):
    with reading(app):
        _report("SR-1", phone=EVA_PHONE)  # under handling: kept whole
        _report("SR-2", email=EVA_EMAIL, status="rejected", collected=date(2026, 11, 16))
        _report("SR-3", phone=OTHER_PHONE, status="done", collected=date(2026, 11, 2))
        _booking("HB-1", COMING)  # coming: kept whole
        _booking("HB-2", PAST, email=EVA_EMAIL)  # charged: kept for bookkeeping
        _booking("HB-3", COMING + timedelta(days=1), status="cancelled")  # goes
        _booking("HB-4", PAST, phone=OTHER_PHONE)
        db.session.commit()
        outcome = erase(EVA)
        db.session.commit()
        assert (outcome.removed, outcome.anonymised) == (1, 2)
        reports, coming, charged = outcome.kept
        assert "still handling" in reports.what and reports.reason
        assert "coming day" in coming.what and coming.until == COMING + timedelta(days=30)
        assert "charged" in charged.what and "Bookkeeping" in charged.reason
        assert charged.until == PAST + timedelta(days=PAID_DAYS)
        again = erase(EVA)  # what is left is only what must stay
        assert (again.removed, again.anonymised, len(again.kept)) == (0, 0, 2)
        db.session.commit()
    report_rows, booking_rows = _all(app, Report), _all(app, Booking)
    assert report_rows["SR-1"].phone == EVA_PHONE
    assert (report_rows["SR-2"].phone, report_rows["SR-2"].email,
            report_rows["SR-2"].description) == ("", "", "")
    assert report_rows["SR-2"].container_id == RESTAVFALL  # the report itself stays
    assert report_rows["SR-3"].phone == OTHER_PHONE
    assert set(booking_rows) == {"HB-1", "HB-2", "HB-4"}
    assert booking_rows["HB-1"].phone == EVA_PHONE
    assert (booking_rows["HB-2"].email, booking_rows["HB-2"].price) == ("", Decimal("380"))
    assert booking_rows["HB-4"].phone == OTHER_PHONE


def test_closed_reports_lose_contacts_then_go_at_the_cutoff_not_before(app):
    closed = NOW - timedelta(days=100)
    with app.app_context():
        _report("SR-1", phone=EVA_PHONE, status="done", closed_at=closed)
        _report("SR-2", email=EVA_EMAIL, status="rejected", closed_at=closed + timedelta(days=5),
                collected=date(2026, 11, 16))
        _report("SR-3", phone=EVA_PHONE, closed_at=closed - timedelta(days=900),
                collected=date(2026, 11, 2))  # still open, however old: never touched
        db.session.commit()
        assert drop_report_contacts(closed) == 0  # closed exactly at the cutoff: not older
        assert drop_report_contacts(closed + SECOND) == 1
        db.session.commit()
        assert drop_report_contacts(closed + SECOND) == 0
        assert delete_old_reports(closed) == 0
        assert delete_old_reports(closed + timedelta(days=6)) == 2
        db.session.commit()
        assert delete_old_reports(closed + timedelta(days=6)) == 0
    reports = _all(app, Report)
    assert set(reports) == {"SR-3"} and reports["SR-3"].phone == EVA_PHONE


def test_past_bookings_go_or_lose_contacts_after_their_day_and_paid_ones_later(app):
    with app.app_context():
        _booking("HB-1", PAST, email=EVA_EMAIL)  # charged
        _booking("HB-2", PAST, status="cancelled")
        _booking("HB-3", PAST, price="0")  # free
        _booking("HB-4", PAST + timedelta(days=1))  # a day later: not yet
        _booking("HB-5", COMING)
        db.session.commit()
        assert drop_past_bookings(END_OF_PAST) == 0  # the day ends exactly at the cutoff
        assert drop_past_bookings(END_OF_PAST + SECOND) == 3
        db.session.commit()
        assert drop_past_bookings(END_OF_PAST + SECOND) == 0
        assert delete_paid_bookings(END_OF_PAST) == 0
        assert delete_paid_bookings(END_OF_PAST + SECOND) == 1
        db.session.commit()
        assert delete_paid_bookings(END_OF_PAST + SECOND) == 0
    bookings = _all(app, Booking)
    assert set(bookings) == {"HB-4", "HB-5"}
    assert bookings["HB-4"].phone == EVA_PHONE and bookings["HB-5"].phone == EVA_PHONE


def test_mina_sidor_shows_the_section_with_only_the_residents_own(app, client):
    account_id = sign_in_resident(client)
    with app.app_context():
        db.session.add(ResidentContact(account_id=account_id, channel="sms",
                                       address=EVA_PHONE, proven_at=NOW, source="test"))
        _report("SR-MINE", phone=EVA_PHONE)
        _report("SR-THEIRS", phone=OTHER_PHONE, collected=date(2026, 11, 16))
        _booking("HB-MINE", COMING)
        _booking("HB-THEIRS", COMING, phone=OTHER_PHONE)
        db.session.commit()
    client.get("/language/en")
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Reports of missed collections" in page
    assert "Booked pick-ups and extra emptyings" in page
    assert "SR-MINE" in page and "HB-MINE" in page and "/waste-requests/cancel/" in page
    assert "SR-THEIRS" not in page and "HB-THEIRS" not in page


def test_mina_sidor_in_chromium_links_to_the_booking_and_is_accessible(app, page):
    page.goto("/")
    account_id = sign_in_resident(page)
    with app.app_context():
        db.session.add(ResidentContact(account_id=account_id, channel="sms",
                                       address=EVA_PHONE, proven_at=NOW, source="test"))
        _report("SR-MINE", phone=EVA_PHONE)
        _booking("HB-MINE", COMING)
        db.session.commit()
    page.goto("/mina-sidor")
    assert page.get_by_text("SR-MINE").first.is_visible()
    assert page.get_by_text("HB-MINE").first.is_visible()
    assert_accessible(page)
    page.locator("a[href*='/waste-requests/cancel/']").first.click()
    page.wait_for_load_state()
    assert "/waste-requests/cancel/" in page.url
    assert page.locator("h1").inner_text() == "Avboka din bokning"
