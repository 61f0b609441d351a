"""An SMS too long in the recipient's language goes in Swedish when the Swedish fits.

North Sámi letters make a text UCS-2 (70 characters a segment): the collection
alerts' evening reminder to a Sámi subscriber on a long street needs more than
SMS_MAX_SEGMENTS in Sámi, while the Swedish reminder fits.  Sent through the real
path (the outbox provider) on a site that offers North Sámi.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from notifications import MessageTooLong, send_sms
from notifications.api import Sms, send_sms_many
from notifications.models import Notification, NotificationEvent

TEMPLATE = "collection_alerts/reminder"
NOON = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
LONG_STREET = "Övre Kyrkogårdsvägen vid Gamla Tullhuset och Norra Hamnplanen, uppgång B"
SAMI = {"date": "vuossárga 30. skábmamánnu", "fractions": "ruskkat ja biebmoruskkat",
        "unsubscribe_url": "https://e.exempel.se/hamtning/stopp/abc123",
        "municipality": "Exempelkommun"}
SWEDISH = {"date": "måndag 30 november", "fractions": "restavfall och matavfall"}


@pytest.fixture
def app(make_app):
    app = make_app(LANGUAGES="sv,en,se", LANGUAGES_INCOMPLETE="se", QUIET_HOURS="",
                   SWEEP_INTERVAL_SECONDS=0)
    app.extensions["eservices.clock"] = ControlledClock(NOON)
    return app


def wait(app) -> None:
    assert app.extensions["notifications.dispatcher"].wait_idle(timeout=20)


def stored(app, ids: list[str]) -> list[Notification]:
    with app.app_context():
        db.session.expire_all()
        found = {n.id: n for n in db.session.scalars(select(Notification))}
        return [found[id] for id in ids]


def timeline(app, notification_id: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(NotificationEvent.detail)
            .where(NotificationEvent.notification_id == notification_id)
            .order_by(NotificationEvent.id)))


def reminder(i: int, address: str) -> Sms:
    return Sms(to=f"070-200 00 0{i}", language="se", idempotency_key=f"reminder:{i}",
               personalisation={**SAMI, "address": address}, swedish_personalisation=SWEDISH)


def test_a_sami_reminder_for_a_long_street_goes_in_swedish(app, caplog):
    caplog.set_level(logging.INFO)
    with app.app_context():
        ids = send_sms_many([reminder(1, "Storgatan 1"), reminder(2, f"{LONG_STREET} 3")],
                            template=TEMPLATE, category="reminder", module_id="collection_alerts")
        db.session.commit()
    wait(app)
    short, long = stored(app, ids)
    assert short.body.startswith("Ruskaviežžan vuossárga") and short.language == "se"
    assert (short.status, short.encoding) == ("delivered", "UCS-2")
    assert long.status == "delivered" and long.language == "sv"
    assert long.body.startswith("Påminnelse: måndag 30 november hämtas restavfall och matavfall")
    assert LONG_STREET in long.body and (long.encoding, long.segments) == ("GSM-7", 2)
    assert timeline(app, long.id)[0] == (
        "written in Swedish: the se text needs 4 segments, at most 3 allowed")
    assert not any(line.startswith("written in") for line in timeline(app, short.id))
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("notifications")]
    assert ("SMS collection_alerts/reminder: 1 message(s) to se recipients written in "
            "Swedish, the se text was longer than SMS_MAX_SEGMENTS") in logged
    assert not any("070" in line or "+4670" in line for line in logged)


def test_the_swedish_values_make_a_fallback_fit_where_the_sami_ones_would_not(app):
    """Without Swedish values the Swedish text keeps the Sámi date, so it is UCS-2 and too
    long as well: that message is refused."""
    street = "Storgatan " * 11
    with app.app_context():
        without, with_values = send_sms_many(
            [Sms("070-200 00 01", {**SAMI, "address": street}, "se"),
             Sms("070-200 00 02", {**SAMI, "address": street}, "se",
                 swedish_personalisation=SWEDISH)],
            template=TEMPLATE, category="reminder", module_id="collection_alerts")
        db.session.commit()
    first, second = stored(app, [without, with_values])
    assert (first.status, first.error_code, first.language) == ("refused", "too-long", "se")
    assert second.language == "sv" and "måndag" in second.body and "vuossárga" not in second.body


def test_too_long_in_swedish_as_well_is_refused_and_the_batch_goes_on(app):
    impossible = LONG_STREET * 6
    with app.app_context():
        ids = send_sms_many([reminder(1, "Storgatan 1"), reminder(2, impossible),
                             reminder(3, "Kyrkogatan 2")],
                            template=TEMPLATE, category="reminder", module_id="collection_alerts")
        db.session.commit()
    wait(app)
    first, refused, last = stored(app, ids)
    assert (first.status, last.status) == ("delivered", "delivered")
    assert (refused.status, refused.error_code, refused.language) == ("refused", "too-long", "se")
    assert refused.handed_over_at is None and timeline(app, refused.id) == []
    with app.app_context():  # the same batch again (a rerun) sends nothing twice
        again = send_sms_many([reminder(1, "Storgatan 1"), reminder(2, impossible),
                               reminder(3, "Kyrkogatan 2")],
                              template=TEMPLATE, category="reminder",
                              module_id="collection_alerts")
        db.session.commit()
    assert again == ids


def test_one_sms_falls_back_too_and_is_refused_only_when_swedish_is_too_long(app):
    with app.app_context():
        message = send_sms("070-200 00 01", template=TEMPLATE, language="se",
                           personalisation={**SAMI, "address": LONG_STREET},
                           swedish_personalisation=SWEDISH, category="reminder",
                           module_id="collection_alerts")
        assert message.language == "sv" and message.body.startswith("Påminnelse: måndag")
        message_id = message.id
        with pytest.raises(MessageTooLong, match="segments; at most 3 allowed"):
            send_sms("070-200 00 02", template=TEMPLATE, language="se",
                     personalisation={**SAMI, "address": LONG_STREET * 6},
                     swedish_personalisation=SWEDISH, category="reminder",
                     module_id="collection_alerts")
        db.session.commit()
    wait(app)
    [sent] = stored(app, [message_id])
    assert sent.status == "delivered"
    assert timeline(app, message_id)[0].startswith("written in Swedish: the se text needs")


def test_a_swedish_recipient_too_long_is_refused_as_before(app, caplog):
    caplog.set_level(logging.INFO)
    with app.app_context(), pytest.raises(MessageTooLong):
        send_sms("070-200 00 01", template=TEMPLATE, language="sv",
                 personalisation={**SAMI, **SWEDISH, "address": "Storgatan " * 60},
                 category="reminder", module_id="collection_alerts")
    assert not any("written in Swedish" in r.getMessage() for r in caplog.records)
