"""Messages to typed contact details: per client, per recipient and site-wide budgets.

The accessibility-report form sends a receipt to whatever number and address it
is given; these tests are the attack the security review measured (30 reports
from one client, 20 numbers in two seconds), made against the real journey.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.testing import csrf_token_from
from notifications import send_sms, statuses
from notifications.models import Notification
from services.accessibility_report.models import Report

PROBLEM = {"problem_kind": "operate", "location": "Startsidan",
           "description": "Knappen går inte att nå med tangentbordet."}


def post(client, url, data, remote):
    token = csrf_token_from(client.get(url, environ_base=remote).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, environ_base=remote)


def report(app, phone: str = "", email: str = "", address: str = "203.0.113.7") -> str:
    """Walk the whole report journey as one visitor; the confirmation page's HTML."""
    client, remote = app.test_client(), {"REMOTE_ADDR": address}
    client.get("/accessibility-report/begin", environ_base=remote)
    post(client, "/accessibility-report/problem", PROBLEM, remote)
    post(client, "/accessibility-report/contact", {"phone": phone, "email": email}, remote)
    done = post(client, "/accessibility-report/check", {}, remote)
    assert done.status_code == 303
    return client.get(done.location, environ_base=remote).get_data(as_text=True)


def by_status(app) -> Counter[str]:
    with app.app_context():
        return Counter(db.session.scalars(select(Notification.status)))


def reports(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Report)).all())


def test_one_client_cannot_pump_receipts_but_every_report_is_saved(app):
    pages = [report(app, phone="070-174 00 01", email="eva@exempel.se") for _ in range(8)]
    assert reports(app) == 8  # nothing a resident submitted is lost
    counted = by_status(app)
    queued = sum(n for status, n in counted.items() if status != statuses.REFUSED)
    assert queued == 10  # 5 SMS and 5 e-mails: the client's hourly budget, the number's daily
    assert counted[statuses.REFUSED] == 6
    assert "Vi skickade inget sms till +46 70-••• •• 01" in pages[-1]
    assert "Allt du skickade till oss har kommit fram" in pages[-1]
    assert "Vi skickade inget sms" not in pages[0]


def test_twenty_numbers_from_one_client_get_ten_messages(app):
    for n in range(20):
        report(app, phone=f"070-174 00 {n:02d}")
    assert reports(app) == 20
    counted = by_status(app)
    assert sum(counted.values()) - counted[statuses.REFUSED] == 10  # the client's hourly budget


def test_many_clients_cannot_flood_one_number(app):
    for n in range(8):
        report(app, phone="070-174 00 01", address=f"198.51.100.{n}")
    assert by_status(app)[statuses.REFUSED] == 3


def test_the_site_wide_ceiling_holds_across_clients_and_processes(make_app):
    first = make_app(UNVERIFIED_SMS_PER_HOUR=3)
    second = make_app(UNVERIFIED_SMS_PER_HOUR=3)  # another process, the same database
    for n in range(3):
        report(first, phone=f"070-174 01 {n:02d}", address=f"198.51.100.{n}")
    report(second, phone="070-174 01 99", address="192.0.2.1")
    counted = by_status(second)
    assert counted[statuses.REFUSED] == 1 and sum(counted.values()) == 4


def test_a_double_submit_spends_nothing_twice(app):
    client, remote = app.test_client(), {"REMOTE_ADDR": "203.0.113.7"}
    client.get("/accessibility-report/begin", environ_base=remote)
    post(client, "/accessibility-report/problem", PROBLEM, remote)
    post(client, "/accessibility-report/contact", {"phone": "070-174 00 01"}, remote)
    token = csrf_token_from(client.get("/accessibility-report/check",
                                       environ_base=remote).get_data(as_text=True))
    for _ in range(3):
        client.post("/accessibility-report/check", data={"csrf_token": token},
                    environ_base=remote)
    assert reports(app) == 1 and sum(by_status(app).values()) == 1


def test_staff_pages_jobs_and_verified_recipients_are_not_budgeted(app):
    with app.app_context():  # a job: recipients come from our own records
        for _ in range(7):
            send_sms("070-174 00 01", body="Hämtning i morgon", category="alert")
        db.session.commit()
    with app.test_request_context("/waste-subscription/check"):
        for _ in range(7):
            send_sms("070-174 00 02", body="Dela kärl?", category="verification",
                     verified=True)
        db.session.commit()
    assert by_status(app)[statuses.REFUSED] == 0


def test_a_refused_message_that_is_not_a_receipt_raises(app):
    from notifications import SendRefused

    with app.test_request_context("/collection-alerts/sign-up/check"):
        for _ in range(5):
            send_sms("070-174 00 01", body="Kod 123456", category="verification")
        with pytest.raises(SendRefused) as refused:
            send_sms("070-174 00 01", body="Kod 123456", category="verification")
    assert "+46 70-••• •• 01" in refused.value.message
