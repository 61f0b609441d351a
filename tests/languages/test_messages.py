"""Messages in the recipient's language: the TOML table for it, else Swedish; measured in it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask_babel import gettext

from eservices.db import db
from eservices.languages import marks
from eservices.testing import sign_in
from notifications import send_email, send_sms
from notifications.api import Sms, preview_sms, send_sms_many
from notifications.models import Notification

PHONE = "070-123 45 67"
# A test-only template: Finnish (ä ö are GSM-7), North Sámi (á č are not) and no
# Meänkieli, whose recipients get the Swedish; the Sámi table has no e-mail.
TEMPLATE = '''
[sv]
sms = "Sopbilen kommer till {address} om {minutes} minuter."
subject = "Sopbilen kommer"
email = "Hej! Sopbilen kommer till {address} om {minutes} minuter."

[en]
sms = "The bin lorry reaches {address} in {minutes} minutes."
subject = "The bin lorry is coming"
email = "Hello! The bin lorry reaches {address} in {minutes} minutes."

[fi]
sms = "Jäteauto tulee osoitteeseen {address} {minutes} minuutin päästä."
subject = "Jäteauto tulee"
email = "Hei! Jäteauto tulee osoitteeseen {address} {minutes} minuutin päästä."

[se]
sms = "Boaldinbiila boahtá {address} čuojahit {minutes} minuhta geahčen."
'''
VALUES = {"address": "Storgatan 1", "minutes": 15}


@pytest.fixture
def template(tmp_path, monkeypatch):
    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "truck_test.toml").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.setattr("notifications.templates.PLATFORM_TEMPLATES", folder)
    return "platform/truck_test"


def queued(app, language, channel="sms", **values):
    with app.app_context():
        send = send_sms if channel == "sms" else send_email
        to = PHONE if channel == "sms" else "anna@example.se"
        message = send(to, template="platform/truck_test", language=language,
                       personalisation={**VALUES, **values}, category="alert",
                       module_id="platform")
        found = (message.subject, message.body, message.encoding, message.segments)
        db.session.rollback()
        return found


def test_a_finnish_recipient_gets_the_finnish_text_in_gsm7(app, template):
    subject, body, encoding, segments = queued(app, "fi")
    assert body == "Jäteauto tulee osoitteeseen Storgatan 1 15 minuutin päästä."
    assert (encoding, segments) == ("GSM-7", 1)
    subject, body, *_ = queued(app, "fi", channel="email")
    assert subject == "Jäteauto tulee" and body.startswith("Hei! Jäteauto")


def test_a_sami_sms_is_counted_as_ucs2_and_the_preview_says_it_costs_more(app, template):
    _subject, body, encoding, segments = queued(app, "se")
    assert body.startswith("Boaldinbiila boahtá") and (encoding, segments) == ("UCS-2", 1)
    with app.app_context():
        sami, finnish = preview_sms(template, "se", VALUES), preview_sms(template, "fi", VALUES)
        assert sami.length.encoding == "UCS-2" and sami.costs_more
        assert finnish.length.encoding == "GSM-7" and not finnish.costs_more
        long_text = {**VALUES, "address": "Storgatan 1 " * 4}  # 70 UCS-2 characters a segment
        assert preview_sms(template, "se", long_text).length.segments == 2
        assert preview_sms(template, "fi", long_text).length.segments == 1


def test_a_language_without_its_own_table_gets_the_swedish(app, template):
    assert queued(app, "fit")[1] == "Sopbilen kommer till Storgatan 1 om 15 minuter."
    # The Sámi table has an SMS but no e-mail: the e-mail falls back on its own.
    subject, body, *_ = queued(app, "se", channel="email")
    assert subject == "Sopbilen kommer" and body.startswith("Hej! Sopbilen")


def test_many_messages_each_in_its_recipients_language(app, template):
    with app.app_context():
        ids = send_sms_many([Sms(PHONE, VALUES, language) for language in ("fi", "se", "fit")],
                            template=template, category="alert", module_id="platform")
        rows = {id: db.session.get(Notification, id) for id in ids}
        found = [(rows[id].body.split()[0], rows[id].encoding) for id in ids]
        db.session.rollback()
    assert found == [("Jäteauto", "GSM-7"), ("Boaldinbiila", "UCS-2"), ("Sopbilen", "GSM-7")]


def test_a_swedish_fallback_in_a_value_reaches_no_message_marked(app, template):
    with app.test_request_context("/?lang=fit"):
        app.preprocess_request()
        label = gettext("E-services")  # missing in the test Meänkieli catalogue
        assert marks.is_marked(label)
        message = send_sms(PHONE, template=template, language="fit", category="alert",
                           personalisation={**VALUES, "address": label}, module_id="platform")
        email = send_email("anna@example.se", subject=label, body=f"{label}!",
                           language="fit", category="alert", module_id="platform")
        assert "E-tjänster" in message.body and not marks.is_marked(message.body)
        assert (email.subject, email.body) == ("E-tjänster", "E-tjänster!")
        db.session.rollback()


def test_the_staff_template_page_measures_every_configured_language(app, template,
                                                                    create_staff):
    create_staff("dan", "tjanstedesigner")
    client = app.test_client()
    sign_in(client, "dan")
    html = client.get("/staff/notifications/templates?lang=sv").get_data(as_text=True)
    sami = html.index('platform/truck_test (<span lang="se">davvisámegiella</span>, ')
    assert "UCS-2" in html[sami:sami + 1200]
    assert "så den skickas som UCS-2" in html[sami:sami + 1500] or \
        "so it is sent as UCS-2" in html[sami:sami + 1500]
    assert 'platform/truck_test (<span lang="fit">meänkieli</span>)' in html


def test_a_draft_template_text_is_sent_only_in_a_language_offered_as_incomplete(
        app, tmp_path, monkeypatch):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "truck_test.toml").write_text(TEMPLATE + '\n[fuzzy]\nfi = ["sms"]\n',
                                            encoding="utf-8")
    monkeypatch.setattr("notifications.templates.PLATFORM_TEMPLATES", folder)
    assert queued(app, "fi")[1].startswith("Jäteauto")  # fi is offered as incomplete here
    site = app.extensions["eservices.languages"]
    app.extensions["eservices.languages"] = replace(site, incomplete=frozenset({"se", "fit"}))
    assert queued(app, "fi")[1].startswith("Sopbilen")  # a reviewed-only Finnish: Swedish
    assert queued(app, "fi", channel="email")[0] == "Jäteauto tulee"  # not a draft
