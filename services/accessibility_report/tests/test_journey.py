"""The report journey through the test client: validation, state, idempotent submit."""

import time

from sqlalchemy import func, select

from eservices.db import db
from eservices.testing import csrf_token_from
from services.accessibility_report.models import Report

PROBLEM = {"problem_kind": "operate", "location": "https://www.exempelkommun.se/bygglov",
           "description": "Det går inte att nå knappen Skicka med tangentbordet."}
CONTACT = {"name": "Eva Ek", "email": "eva@exempel.se", "phone": "070-123 45 67"}


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def reports(app):
    with app.app_context():
        return db.session.scalars(select(Report)).all()


def test_whole_journey_to_a_reference(app, client):
    assert client.get("/accessibility-report/begin").status_code == 302
    assert post(client, "/accessibility-report/problem", PROBLEM).location.endswith("/contact")
    assert post(client, "/accessibility-report/contact", CONTACT).location.endswith("/check")
    check = client.get("/accessibility-report/check").get_data(as_text=True)
    assert "Jag kan inte använda den med tangentbord eller hjälpmedel" in check
    assert "070-123 45 67" in check  # normalised, and written as on every page
    assert "/accessibility-report/problem?change=1" in check
    done = post(client, "/accessibility-report/check", {})
    assert done.status_code == 303
    confirmation = client.get(done.location).get_data(as_text=True)
    [report] = reports(app)
    assert report.reference in confirmation
    assert report.phone == "+46701234567" and report.language == "sv"


def test_errors_are_summarised_linked_and_nothing_is_saved(app, client):
    client.get("/accessibility-report/begin")
    response = post(client, "/accessibility-report/problem", {"location": "", "description": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fel:" in html
    assert "Det finns ett problem" in html
    assert 'href="#problem_kind-0"' in html and 'href="#location"' in html
    assert "Välj vilken sorts problem det är" in html and "Beskriv problemet" in html
    assert client.get("/accessibility-report/contact").status_code == 302  # step 1 not done
    bad = post(client, "/accessibility-report/problem", {**PROBLEM, "problem_kind": "hacked"})
    assert "Välj vilken sorts problem det är" in bad.get_data(as_text=True)
    assert reports(app) == []


def test_optional_fields_are_marked_and_bad_numbers_explained(client):
    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    page = client.get("/accessibility-report/contact").get_data(as_text=True)
    assert "Ditt namn (valfritt)" in page and "*" not in page
    html = post(client, "/accessibility-report/contact",
                {**CONTACT, "phone": "08-123 456 78"}).get_data(as_text=True)
    assert "Ange ett mobilnummer, inte ett fast telefonnummer" in html
    assert 'value="08-123 456 78"' in html  # what was typed is kept


def test_change_links_return_to_check_answers(client):
    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    post(client, "/accessibility-report/contact", CONTACT)
    page = client.get("/accessibility-report/problem?change=1").get_data(as_text=True)
    assert "bygglov" in page  # saved answers are shown again
    response = post(client, "/accessibility-report/problem?change=1",
                    {**PROBLEM, "location": "Felanmälan"})
    assert response.location.endswith("/check")
    assert "Felanmälan" in client.get("/accessibility-report/check").get_data(as_text=True)


def test_submitting_twice_creates_exactly_one_report(app, client):
    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    post(client, "/accessibility-report/contact", CONTACT)
    token = csrf_token_from(client.get("/accessibility-report/check").get_data(as_text=True))
    first = client.post("/accessibility-report/check", data={"csrf_token": token})
    second = client.post("/accessibility-report/check", data={"csrf_token": token})
    assert first.location == second.location
    assert len(reports(app)) == 1
    # The back button to a question page leads to the confirmation, not a new case.
    assert client.get("/accessibility-report/problem").location.endswith("/confirmation")


def test_another_resident_cannot_see_a_confirmation(app, client):
    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    post(client, "/accessibility-report/contact", CONTACT)
    post(client, "/accessibility-report/check", {})
    other = app.test_client()
    assert other.get("/accessibility-report/confirmation").location.endswith(
        "/accessibility-report/")


def test_expired_page_keeps_the_answers(make_app):
    app = make_app(CSRF_MINUTES=0)
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    client = app.test_client()
    client.get("/accessibility-report/begin")
    token = csrf_token_from(client.get("/accessibility-report/problem").get_data(as_text=True))
    time.sleep(2.1)  # token ages are whole seconds: 1 s + rounding
    response = client.post("/accessibility-report/problem",
                           data={**PROBLEM, "csrf_token": token})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Sidan var öppen för länge" in page
    assert "Det går inte att nå knappen Skicka med tangentbordet." in page
    assert 'value="operate" checked' in page or 'value="operate"\n' in page


def test_english_journey(app, client):
    client.get("/language/en")
    client.get("/accessibility-report/begin")
    html = post(client, "/accessibility-report/problem", {}).get_data(as_text=True)
    assert "<title>Error:" in html and "There is a problem" in html
    assert "Select what kind of problem it is" in html


def test_staff_handle_a_report_and_it_is_audited(app, client, create_staff):
    from eservices.staff.models import AuditEvent
    from eservices.testing import sign_in

    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    post(client, "/accessibility-report/contact", CONTACT)
    post(client, "/accessibility-report/check", {})
    [report] = reports(app)

    create_staff("anna", "handlaggare")
    staff = app.test_client()
    sign_in(staff, "anna")
    queue = staff.get("/staff/accessibility-report/").get_data(as_text=True)
    assert report.reference in queue
    assert "+46 70-••• •• 67" in queue and "+46701234567" not in queue
    url = f"/staff/accessibility-report/{report.reference}"
    response = post(staff, url, {})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Report, report.id).status == "handled"
        actions = db.session.scalars(select(AuditEvent.action)
                                     .where(AuditEvent.subject == report.reference)).all()
        assert "report_handled" in actions and "report_viewed" in actions
        assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    assert staff.get("/staff/accessibility-report/TR-NOPE-NOPE").status_code == 404


def test_receipts_by_sms_and_email_in_the_residents_language(app, client):
    from notifications.models import Notification

    client.get("/language/en")
    client.get("/accessibility-report/begin")
    post(client, "/accessibility-report/problem", PROBLEM)
    post(client, "/accessibility-report/contact", CONTACT)
    token = csrf_token_from(client.get("/accessibility-report/check").get_data(as_text=True))
    for _ in range(2):  # a second click sends nothing more
        client.post("/accessibility-report/check", data={"csrf_token": token})
    app.extensions["notifications.dispatcher"].wait_idle()
    [report] = reports(app)
    with app.app_context():
        sent = {n.channel: n for n in db.session.scalars(select(Notification))}
    assert set(sent) == {"sms", "email"}
    assert sent["sms"].recipient == "+46701234567"
    assert sent["sms"].body.startswith("Thank you for your accessibility report.")
    assert report.reference in sent["sms"].body
    assert sent["email"].subject == f"We have received your report {report.reference}"
    assert sent["email"].body.startswith("Hello Eva Ek,")
    assert all(n.status == "delivered" and n.reference == report.reference
               for n in sent.values())
