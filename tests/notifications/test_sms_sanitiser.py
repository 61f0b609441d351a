"""Typographic characters with a GSM-7 equivalent are replaced before an SMS is measured.

The resident test found the textile booking SMS cost two UCS-2 segments for the en
dash in "09–12"; as GOV.UK Notify's SMS sanitiser does, the notification layer
writes such characters the GSM-7 way before measuring and sending.  Characters with
no equivalent (an emoji, "ł") still make the message UCS-2: nothing is dropped.
"""

import pytest
from sqlalchemy import select

from eservices.db import db
from notifications import send_sms
from notifications.api import preview_sms
from notifications.models import Notification
from notifications.segments import measure, sanitise


@pytest.mark.parametrize(("typed", "sent"), [
    ("09–12", "09-12"), ("nej — ja", "nej - ja"), ("‘a’ “b”", "'a' \"b\""),
    ("„c“ ‚d‘ «e» »f«", "\"c\" 'd' \"e\" \"f\""), ("vänta…", "vänta..."),
    ("kl.\u00a012\u202f00\u2009x", "kl. 12 00 x"), ("a\u200bb\ufeffc\u2060d", "abcd"),
    ("ett\ttab", "ett tab"), ("nr\u2011 1 \u2212 2 \u2010 3", "nr- 1 - 2 - 3"),
])
def test_typographic_characters_become_their_gsm7_equivalent(typed, sent):
    assert sanitise(typed) == sent
    assert measure(sanitise(typed)).encoding == "GSM-7"


def test_characters_without_an_equivalent_are_kept():
    text = "Hej Łukasz 🙂 – välkommen"
    assert sanitise(text) == "Hej Łukasz 🙂 - välkommen"
    assert measure(sanitise(text)).encoding == "UCS-2"
    assert sanitise("Åsa, Östen, é, €, [x]") == "Åsa, Östen, é, €, [x]"


def test_a_sent_sms_is_sanitised_before_it_is_measured(app):
    body = "Vi hämtar dina textilier måndag 30 november kl. 09–12. Ställ ut påsarna…"
    assert measure(body).segments == 2 and measure(body).encoding == "UCS-2"
    with app.app_context():
        send_sms("070-123 45 67", body=body, category="receipt", module_id="platform")
        db.session.commit()
        [sent] = db.session.scalars(select(Notification)).all()
        assert sent.body == ("Vi hämtar dina textilier måndag 30 november kl. 09-12. Ställ ut "
                             "påsarna...")
        assert (sent.encoding, sent.segments) == ("GSM-7", 1)


def test_a_preview_shows_and_prices_the_sanitised_text(app):
    with app.test_request_context():
        preview = preview_sms("textile_reuse/confirmation", "sv", {
            "date": "måndag 30 november", "time": "09–12", "street": "Storgatan 12",
            "reference": "TX-1234-5678"})
        assert "kl. 09-12," in preview.text and "–" not in preview.text
        assert (preview.length.encoding, preview.length.segments) == ("GSM-7", 1)
