"""The receipts editor: placeholders, previews measured and priced, tests to the outbox."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from
from notifications.models import Notification

from . import _editor_texts
from ._editor_texts import BASE, draft, post

designer, journey = _editor_texts.designer, _editor_texts.journey

SMS = {"channel": "sms", "to": "mobile"}


def test_the_list_shows_placeholders_and_each_language_measured_and_priced(designer, journey):
    html = designer.get(f"{BASE}/receipts").get_data(as_text=True)
    assert "{reference}" in html and "{service}" in html
    assert "{mobile}" in html and "The answer to “Mobile number”" in html
    # Filled with the longest sample reference, in each language's own words.
    assert "Tack! Ärende ABCDE-2026-123456." in html
    assert "Thanks! Case ABCDE-2026-123456." in html
    assert html.count("1 SMS (GSM-7)") == 2 and "SEK\xa00.45" in html
    swedish = designer.get(f"{BASE}/receipts?lang=sv").get_data(as_text=True)
    assert "0,45\xa0kr" in swedish


def test_a_receipt_is_added_with_placeholders_and_changed(app, designer, journey):
    response = post(designer, f"{BASE}/receipts/new", {
        **SMS, "text_sv": "Hej! {service}: {problem}, ärende {reference}.",
        "text_en": "Hi! {service}: {problem}, case {reference}.", "action": "save"})
    assert response.status_code == 303
    added = draft(app).receipts[1]
    assert added.text["en"] == "Hi! {service}: {problem}, case {reference}."
    html = designer.get(f"{BASE}/receipts").get_data(as_text=True)
    # The choice placeholder is measured as its longest option label.
    assert "Hi! Report a problem with your bin: The bin was not emptied, case" in html

    response = post(designer, f"{BASE}/receipts/2", {
        **SMS, "text_sv": "Ärende {reference}", "text_en": "Case {reference}",
        "action": "save"})
    assert response.status_code == 303
    assert draft(app).receipts[1].text == {"sv": "Ärende {reference}", "en": "Case {reference}"}
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions.count("journey_receipt_saved") == 2


def test_preview_shows_the_typed_text_without_saving(app, designer, journey):
    response = post(designer, f"{BASE}/receipts/1", {
        **SMS, "text_sv": "Förhandsvisning 😀 {reference}", "text_en": "Preview {reference}",
        "action": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Förhandsvisning 😀 ABCDE-2026-123456" in html
    assert "(UCS-2)" in html and "(GSM-7)" in html
    assert draft(app).receipts[0].text["sv"] == "Tack! Ärende {reference}."


def test_an_over_long_sms_is_saved_warned_and_listed_as_a_problem(app, designer, journey):
    long_text = "Tack för din anmälan om kärlet, ärende {reference}. " * 12
    response = post(designer, f"{BASE}/receipts/1", {
        **SMS, "text_sv": long_text, "text_en": "Thanks {reference}", "action": "save"})
    assert response.status_code == 303
    html = designer.get(f"{BASE}/receipts").get_data(as_text=True)
    assert "Too long:" in html and "at most 3 are allowed" in html
    assert "Problems with the receipts" in html and "The SMS in Swedish takes" in html


def test_bad_input_is_refused_with_its_reason(app, designer, journey):
    response = post(designer, f"{BASE}/receipts/new", {"channel": "email", "to": "mobile",
                                                       "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An e-mail goes to a question for an e-mail address" in html
    assert "Write the text of the receipt" in html
    assert len(draft(app).receipts) == 1


def test_a_stale_save_keeps_what_was_typed(app, designer, journey):
    page = f"{BASE}/receipts/1"
    post(designer, page, {**SMS, "text_sv": "Först", "text_en": "First", "action": "save"})
    response = designer.post(page, data={
        "csrf_token": csrf_token_from(
            designer.get(page).get_data(as_text=True)),
        "revision": "1", **SMS, "text_sv": "Min ändring", "text_en": "Mine", "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Someone else saved this journey" in html
    assert "Min ändring" in html and draft(app).receipts[0].text["sv"] == "Först"


def test_a_receipt_is_deleted_after_confirming(app, designer, journey):
    assert "Delete receipt 1?" in designer.get(f"{BASE}/receipts/1/delete").get_data(
        as_text=True)
    assert post(designer, f"{BASE}/receipts/1/delete", {}).status_code == 303
    assert draft(app).receipts == ()
    assert designer.get(f"{BASE}/receipts/1/delete").status_code == 404


def test_a_test_lands_in_the_outbox_and_is_rate_limited(app, designer, journey):
    url = f"{BASE}/receipts/1/test"
    response = post(designer, url, {"recipient": "070-123 45 67", "language": "en"})
    assert response.status_code == 303
    assert "The test is in the outbox" in designer.get(response.location).get_data(
        as_text=True)
    with app.app_context():
        [sent] = db.session.scalars(select(Notification)).all()
        assert (sent.category, sent.channel, sent.module_id) == ("test", "sms", "bin_problem")
        assert sent.body == "Thanks! Case ABCDE-2026-123456." and sent.language == "en"
        audit = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "journey_test_message_sent"))
        assert "070" not in str(audit.details) and "46701234567" not in str(audit.details)
    for _ in range(9):
        assert post(designer, url, {"recipient": "0701234567",
                                    "language": "sv"}).status_code == 303
    refused = post(designer, url, {"recipient": "0701234567", "language": "sv"})
    assert refused.status_code == 429
    assert "You have sent as many tests as allowed" in refused.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Notification)).all()) == 10


def test_a_test_to_a_wrong_number_says_so(designer, journey):
    response = post(designer, f"{BASE}/receipts/1/test", {"recipient": "hello",
                                                          "language": "sv"})
    assert response.status_code == 200
    assert "Enter a mobile number" in response.get_data(as_text=True)
