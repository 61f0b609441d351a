"""The missed-collection report through the resident's pages (test client) and the staff queue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from eservices.db import db
from eservices.testing import csrf_token_from, sign_in, sign_in_resident
from notifications.models import Notification
from services.waste_requests.models import Report

from .conftest import COLLECTED, MATAVFALL, RESTAVFALL, STORGATAN_1

BASE = "/waste-requests/report"


def post(client, path: str, **data):
    page = client.get(f"{BASE}/{path}")
    assert page.status_code == 200, page.status_code
    return client.post(f"{BASE}/{path}", data={"csrf_token": csrf_token_from(
        page.get_data(as_text=True)), **data})


def reach_contact(client, containers=(RESTAVFALL,)):
    client.get(f"{BASE}/begin")
    assert post(client, "address", street="Storgatan 1").status_code == 302
    assert post(client, "property", designation=STORGATAN_1).status_code == 302
    answer = post(client, "containers", containers=list(containers))
    assert answer.status_code == 302 and answer.location.endswith("/report/contact")
    return client.get(f"{BASE}/contact")


def test_a_report_inside_the_window_is_filed_once_with_a_receipt(app, client):
    page = reach_contact(client).get_data(as_text=True)
    assert "Vart ska vi skicka kvittot?" in page
    assert post(client, "contact", phone="070-123 45 67").status_code in (302, 303)
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "30 november 2026" in check
    token = csrf_token_from(check)
    first = client.post(f"{BASE}/check", data={"csrf_token": token})
    again = client.post(f"{BASE}/check", data={"csrf_token": token})  # a double click
    assert first.status_code == 303 and again.status_code in (302, 303)
    confirmation = client.get(f"{BASE}/confirmation").get_data(as_text=True)
    with app.app_context():
        [report] = db.session.scalars(select(Report)).all()
        [sms] = db.session.scalars(select(Notification)).all()
    assert report.container_id == RESTAVFALL and report.collection_date == COLLECTED
    assert report.status == "received" and report.route_code == "EX-MAN"
    assert report.reference in confirmation and report.reference in sms.body
    assert sms.recipient == "+46701234567" and "Storgatan 1" in sms.body


def test_two_bins_give_two_reports(app, client):
    reach_contact(client, (RESTAVFALL, MATAVFALL))
    post(client, "contact", email="anna@example.se")
    client.post(f"{BASE}/check", data={"csrf_token": csrf_token_from(
        client.get(f"{BASE}/check").get_data(as_text=True))})
    with app.app_context():
        references = sorted(db.session.scalars(select(Report.reference)))
        emails = db.session.scalars(select(Notification)).all()
    assert len(references) == 2 and references[1] == references[0] + "-2"
    assert len(emails) == 2 and {e.recipient for e in emails} == {"anna@example.se"}


def test_after_the_window_the_resident_is_told_the_last_day(app, client, clock):
    clock.advance(days=2)  # Thursday 3 December
    page = reach_contact(client).get_data(as_text=True)
    assert "Det går inte att anmäla tömningen" in page
    assert "2 december 2026" in page and 'name="phone"' not in page
    assert client.get(f"{BASE}/check").location.endswith("/report/contact")


def test_the_crews_skip_reason_is_shown_instead_of_a_form(app, client, record_outcome):
    record_outcome(RESTAVFALL, "skipped", "not_put_out")
    page = reach_contact(client).get_data(as_text=True)
    assert "Kärlet var inte framställt" in page and 'name="phone"' not in page
    assert "215,00" in page  # the paid extra emptying of a 190-litre bin, from the tariff


def test_a_second_report_of_the_same_collection_is_refused(app, client):
    reach_contact(client)
    post(client, "contact", phone="070-123 45 67")
    client.post(f"{BASE}/check", data={"csrf_token": csrf_token_from(
        client.get(f"{BASE}/check").get_data(as_text=True))})
    with app.app_context():
        reference = db.session.scalar(select(Report.reference))
    page = reach_contact(app.test_client()).get_data(as_text=True)
    assert reference in page and "redan anmäld" in page


def test_on_collection_day_before_the_truck_has_been(app, client, clock, record_outcome):
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=clock.now().tzinfo))
    page = reach_contact(client).get_data(as_text=True)
    assert "inte varit hos dig" in page
    record_outcome(RESTAVFALL, "emptied")  # the crew passed and says it emptied the bin
    page = reach_contact(app.test_client()).get_data(as_text=True)
    assert 'name="phone"' in page


def test_staff_see_the_route_days_evidence_and_plan_the_re_collection(
        app, client, clock, create_staff, record_outcome):
    reach_contact(client)
    post(client, "contact", phone="070-123 45 67")
    client.post(f"{BASE}/check", data={"csrf_token": csrf_token_from(
        client.get(f"{BASE}/check").get_data(as_text=True))})
    record_outcome(RESTAVFALL, "emptied")  # the crew's record, after the report
    with app.app_context():
        reference = db.session.scalar(select(Report.reference))
    create_staff("hanna", "handlaggare")
    staff = app.test_client()
    sign_in(staff, "hanna")
    queue = staff.get("/staff/waste-requests/").get_data(as_text=True)
    assert reference in queue and "EX-MAN" in queue
    detail = staff.get(f"/staff/waste-requests/{reference}").get_data(as_text=True)
    assert "måndag 30 november 2026" in detail and "Tömd" in detail
    day = date(2026, 12, 2)
    answer = staff.post(f"/staff/waste-requests/{reference}/schedule", data={
        "csrf_token": csrf_token_from(detail), "recollect_on-day": day.day,
        "recollect_on-month": day.month, "recollect_on-year": day.year})
    assert answer.status_code == 303
    with app.app_context():
        report = db.session.scalar(select(Report))
        messages = {n.template: n for n in db.session.scalars(select(Notification))}
    assert report.status == "scheduled" and report.recollect_on == day
    assert set(messages) == {"waste_requests/report_receipt", "waste_requests/report_update"}
    assert "onsdag 2 december" in messages["waste_requests/report_update"].body
    assert report.updated_at == clock.now() and report.created_at <= report.updated_at


def test_a_resident_signed_in_with_e_id_chooses_among_their_own_addresses(app, client):
    sign_in_resident(client)  # 191212121212: customer 100001 at Storgatan 1
    begin = client.get(f"{BASE}/begin")
    assert begin.location.endswith("/report/property")  # no search to make
    page = client.get(f"{BASE}/property").get_data(as_text=True)
    assert "Storgatan 1, 931 31 Exempelby" in page and 'name="street"' not in page
    assert post(client, "property", designation=STORGATAN_1).status_code == 302
    assert post(client, "containers", containers=[RESTAVFALL]).status_code == 302
    assert 'name="phone"' in client.get(f"{BASE}/contact").get_data(as_text=True)
