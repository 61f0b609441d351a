"""Lifecycle, page feedback and prototype passwords: the stage drives what residents see."""

import re

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.designer.models import PageFeedback, StageChange
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in

MODULE = "/accessibility-report/"


def post(client, url, data, page=None):
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


@pytest.fixture
def designer(app, create_staff):
    create_staff("dana", "tjanstedesigner")
    client = app.test_client()
    sign_in(client, "dana")
    return client


def move(designer, stage, reason="Testat med 5 invånare"):
    return post(designer, "/staff/design/accessibility_report", {"stage": stage,
                                                                  "reason": reason})


def test_moving_a_module_is_recorded_with_who_when_and_why(app, designer):
    assert move(designer, "pilot").status_code == 302
    page = designer.get("/staff/design/accessibility_report").get_data(as_text=True)
    assert "Fas nu: Pilot" in page and "I drift → Pilot" in page and "Testat med 5 invånare" in page
    with app.app_context():
        [change] = db.session.scalars(select(StageChange)).all()
        assert (change.from_stage, change.to_stage, change.changed_by) == ("live", "pilot",
                                                                           "dana")
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.subject == "accessibility_report")) == "stage_changed"


def test_a_reason_is_required_and_nothing_changes_without_one(app, designer):
    response = move(designer, "pilot", reason="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Ange varför modulen flyttas" in html
    assert "<title>Fel:" in html
    with app.app_context():
        assert db.session.scalars(select(StageChange)).all() == []


def test_catalogue_banners_and_feedback_follow_the_stage(app, designer):
    resident = app.test_client()
    assert "Pilot" not in resident.get("/").get_data(as_text=True)
    assert 'id="feedback"' not in resident.get(MODULE).get_data(as_text=True)

    move(designer, "pilot")
    page = resident.get(MODULE).get_data(as_text=True)
    assert "Det här är en ny e-tjänst." in page and 'href="#feedback"' in page
    assert "Hjälpte sidan dig?" in page and 'name="robots" content="noindex' in page
    assert re.search(r'class="tag">Pilot<', resident.get("/").get_data(as_text=True))

    move(designer, "prototype")
    page = resident.get(MODULE).get_data(as_text=True)
    assert "Detta är inte en riktig e-tjänst." in page
    assert "Hjälpte sidan dig?" in page

    move(designer, "retired")
    assert resident.get(MODULE).status_code == 410
    assert "Rapportera brister" not in resident.get("/").get_data(as_text=True)


def test_feedback_is_kept_without_personal_data_and_shown_to_the_team(app, designer):
    move(designer, "pilot")
    resident = app.test_client()
    html = resident.get(MODULE).get_data(as_text=True)
    token = re.search(r'name="feedback-csrf_token"[^>]*value="([^"]+)"', html)[1]
    response = resident.post("/feedback", data={
        "feedback-csrf_token": token, "feedback-module_id": "accessibility_report",
        "feedback-path": MODULE, "feedback-helpful": "no",
        "feedback-comment": "Jag hittade inte startknappen"})
    assert response.status_code == 303 and response.location == MODULE
    assert "Tack för din återkoppling" in resident.get(MODULE).get_data(as_text=True)
    bad = resident.post("/feedback", data={
        "feedback-csrf_token": token, "feedback-module_id": "accessibility_report",
        "feedback-path": MODULE, "feedback-helpful": "maybe"})
    assert bad.status_code == 303
    assert "Välj ja eller nej" in resident.get(MODULE).get_data(as_text=True)
    elsewhere = resident.post("/feedback", data={
        "feedback-csrf_token": token, "feedback-module_id": "accessibility_report",
        "feedback-path": "/staff/", "feedback-helpful": "yes"})
    assert elsewhere.status_code == 400
    with app.app_context():
        [item] = db.session.scalars(select(PageFeedback)).all()
        assert (item.path, item.helpful, item.comment) == (MODULE, False,
                                                          "Jag hittade inte startknappen")
    team_page = designer.get("/staff/design/accessibility_report").get_data(as_text=True)
    assert "Jag hittade inte startknappen" in team_page


def test_no_feedback_for_live_services(app):
    resident = app.test_client()
    token = csrf_token_from(resident.get("/staff/sign-in").get_data(as_text=True))
    response = resident.post("/feedback", data={
        "feedback-csrf_token": token, "feedback-module_id": "accessibility_report",
        "feedback-path": MODULE, "feedback-helpful": "yes"})
    assert response.status_code == 400


def test_prototypes_ask_for_a_revocable_test_round_password(make_app, create_staff):
    app = make_app(PROTECT_PROTOTYPES="on")
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    move(designer, "prototype")
    made = post(designer, "/staff/design/passwords", {"label": "Sprint 3, biblioteket"})
    password = re.search(r'class="panel__reference">([0-9a-f-]+)<', made.get_data(True))[1]
    assert password not in designer.get("/staff/design/passwords").get_data(as_text=True)

    resident = app.test_client()
    response = resident.get(MODULE)
    assert response.status_code == 302 and "/prototype-access" in response.location
    wrong = post(resident, "/prototype-access?next=/accessibility-report/",
                 {"password": "fel"}, page="/prototype-access")
    assert "Lösenordet fungerar inte" in wrong.get_data(as_text=True)
    assert 'value="fel"' not in wrong.get_data(as_text=True)  # a password is never echoed
    right = post(resident, "/prototype-access?next=/accessibility-report/",
                 {"password": password}, page="/prototype-access")
    assert right.status_code == 303 and right.location == MODULE
    assert resident.get(MODULE).status_code == 200

    with app.app_context():
        from eservices.designer.models import PrototypePassword
        password_id = db.session.scalar(select(PrototypePassword.id))
    post(designer, f"/staff/design/passwords/{password_id}/revoke", {},
         page="/staff/design/passwords")
    assert resident.get(MODULE).status_code == 302  # the round is over


def test_protection_is_off_in_development_by_default(app, designer):
    move(designer, "prototype")
    assert app.test_client().get(MODULE).status_code == 200
