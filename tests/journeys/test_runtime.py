"""A published built journey served to residents: pages, branch, exit, check answers, submit."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.journeys.models import JourneySubmission
from eservices.testing import csrf_token_from
from notifications.models import Notification
from tests.sql_statements import WRITES, statements

from ._runtime import answer, errors_of, post, publish, start, walk_broken_bin


def submissions(app):
    with app.app_context():
        db.session.expire_all()
        return db.session.scalars(select(JourneySubmission)).all()


def notifications(app):
    assert app.extensions["notifications.dispatcher"].wait_idle(timeout=20)
    with app.app_context():
        db.session.expire_all()
        return db.session.scalars(select(Notification)).all()


def test_start_page_names_the_service_and_its_privacy_notice(app, client):
    publish(app)
    html = client.get("/bin-problem/").get_data(as_text=True)
    assert "<h1 class=\"heading-xl\">Anmäl problem med kärlet</h1>" in html
    assert "Skellefteå kommun" in html and "Starta nu" in html
    english = client.get("/bin-problem/?lang=en").get_data(as_text=True)
    assert "Report a problem with your bin" in english and "Start now" in english


def test_a_resident_walks_the_journey_and_gets_a_case_and_an_sms(app, client):
    publish(app)
    walk_broken_bin(client)
    check = client.get("/bin-problem/check-answers").get_data(as_text=True)
    assert "Kärlet är trasigt" in check and "3 februari 2024" in check
    assert "+46701234567" in check and "Ring oss" not in check
    response = post(client, "/bin-problem/check-answers")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/bin-problem/confirmation")
    confirmation = client.get("/bin-problem/confirmation").get_data(as_text=True)
    [case] = submissions(app)
    assert case.reference.startswith("BIN-") and case.reference in confirmation
    assert "Vi lagar kärlet." in confirmation
    assert case.version_number == 1 and case.language == "sv"
    assert case.answers["values"] == {"problem": "broken", "since": "2024-02-03",
                                      "contact": "yes", "mobile": "+46701234567"}
    assert case.answers["rows"][0] == {"key": "problem", "label": "Vad är problemet?",
                                       "value": "Kärlet är trasigt"}
    [sms] = notifications(app)
    assert (sms.channel, sms.recipient, sms.status) == ("sms", "+46701234567", "delivered")
    assert sms.body == f"Tack! Ärende {case.reference}." and sms.module_id == "bin_problem"


def test_double_submit_makes_one_case_and_one_receipt(app, client):
    publish(app)
    walk_broken_bin(client)
    html = client.get("/bin-problem/check-answers").get_data(as_text=True)
    token = csrf_token_from(html)
    first = client.post("/bin-problem/check-answers", data={"csrf_token": token})
    second = client.post("/bin-problem/check-answers", data={"csrf_token": token})
    assert first.status_code == 303 and second.status_code in (302, 303)
    assert second.headers["Location"].endswith("/bin-problem/confirmation")
    assert len(submissions(app)) == 1 and len(notifications(app)) == 1


def test_the_branch_leads_to_the_exit_page_which_ends_the_path(app, client):
    publish(app)
    first = start(client)
    response = answer(client, first, {"problem": "missed"})
    assert response.headers["Location"].endswith("/bin-problem/call-us")
    html = client.get("/bin-problem/call-us").get_data(as_text=True)
    assert "Ring oss" in html and "Ring kundtjänst." in html
    assert "Fortsätt" not in html and "<form method=\"post\" novalidate>" not in html
    # Nothing after an exit page: later pages and check answers send the resident back.
    assert client.get("/bin-problem/since").headers["Location"].endswith("/call-us")
    assert client.get("/bin-problem/check-answers").headers["Location"].endswith("/call-us")
    token = csrf_token_from(client.get("/bin-problem/").get_data(as_text=True))
    assert client.post("/bin-problem/call-us", data={"csrf_token": token}
                       ).headers["Location"].endswith("/call-us")


def test_answers_that_drop_off_the_path_are_discarded_and_change_returns(app, client):
    publish(app)
    walk_broken_bin(client)
    # Change "may we contact you" to no: the mobile page leaves the path, its answer goes.
    response = answer(client, "/bin-problem/contact?change=1", {"contact": "no"})
    assert response.headers["Location"].endswith("/bin-problem/check-answers")
    check = client.get("/bin-problem/check-answers").get_data(as_text=True)
    assert "+46701234567" not in check and "Mobilnummer" not in check
    # And back to yes: the mobile page is asked again, then check answers.
    response = answer(client, "/bin-problem/contact?change=1", {"contact": "yes"})
    assert response.headers["Location"].endswith("/bin-problem/mobile?change=1")
    html = client.get("/bin-problem/mobile?change=1").get_data(as_text=True)
    assert 'value=""' in html and "/bin-problem/check-answers" in html  # back link
    assert answer(client, "/bin-problem/mobile?change=1", {"mobile": "0701234568"}
                  ).headers["Location"].endswith("/check-answers")


def test_back_links_follow_the_path(app, client):
    publish(app)
    walk_broken_bin(client)
    assert 'href="/bin-problem/contact" class="back-link"' in client.get(
        "/bin-problem/mobile").get_data(as_text=True)
    assert 'href="/bin-problem/problem" class="back-link"' in client.get(
        "/bin-problem/since").get_data(as_text=True)
    assert 'href="/bin-problem/" class="back-link"' in client.get(
        "/bin-problem/problem").get_data(as_text=True)


def test_skipping_ahead_goes_to_the_first_unanswered_page(app, client):
    publish(app)
    start(client)
    assert client.get("/bin-problem/contact").headers["Location"].endswith("/problem")
    assert client.get("/bin-problem/no-such-page").status_code == 404


def test_an_unknown_or_unpublished_journey_is_not_found(app, client):
    assert client.get("/bin-problem/").status_code == 404
    assert client.get("/no-such-page").status_code == 404


def test_errors_have_a_summary_in_both_languages(app, client):
    publish(app)
    first = start(client)
    html = answer(client, first, {}).get_data(as_text=True)
    assert errors_of(html) == ["Välj ett alternativ"] and "<title>Fel:" in html
    client.get("/language/en")
    html = answer(client, first, {}).get_data(as_text=True)
    assert errors_of(html) == ["Select an option"] and "<title>Error:" in html


def test_showing_a_built_journeys_pages_writes_nothing(app, client):
    publish(app)
    walk_broken_bin(client)
    for url in ("/bin-problem/mobile", "/bin-problem/since", "/bin-problem/check-answers"):
        with statements(app) as seen:
            shown = client.get(url)
        assert shown.status_code == 200, url
        assert not set(seen) & set(WRITES), (url, seen)
        assert "Set-Cookie" not in shown.headers, url
