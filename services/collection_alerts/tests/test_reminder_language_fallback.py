"""A Sámi subscriber's reminder that would be too long in Sámi (UCS-2) goes in Swedish,
with the Swedish day and fraction names, and the evening's batch goes on.

Route R1 collects on Mondays: on Sunday 29 November 2026 at 18:00 its subscribers
hear of Monday 30 November.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from eservices.clock import STOCKHOLM
from eservices.db import db
from notifications.models import Notification
from services.collection_alerts.models import Address
from services.collection_alerts.reminders import send_due_reminders

EVENING = datetime(2026, 11, 29, 18, 0, tzinfo=STOCKHOLM)
LONG_STREET = "Övre Kyrkogårdsvägen vid Gamla Tullhuset och Norra Hamnplanen"
MONDAY = date(2026, 11, 30)


@pytest.fixture
def app(make_app, clock):
    app = make_app(STAFF_IDLE_MINUTES=8 * 60, LANGUAGES="sv,en,se", LANGUAGES_INCOMPLETE="se",
                   QUIET_HOURS="")
    app.extensions["eservices.clock"] = clock
    return app


def test_a_sami_reminder_too_long_in_sami_goes_in_swedish(app, clock, network, subscribe):
    long_one, short_one = network.r1_addresses[0], network.r1_addresses[1]
    with app.app_context():
        db.session.execute(update(Address).where(Address.id == long_one)
                           .values(street=LONG_STREET))
        db.session.commit()
    subscribe("+46701000001", long_one, language="se")
    subscribe("+46701000002", short_one, language="se")
    clock.set(EVENING)
    with app.app_context():
        assert send_due_reminders() == 2
        db.session.commit()
        rows = {n.recipient: n for n in db.session.scalars(select(Notification))}
    long_sms, short_sms = rows["+46701000001"], rows["+46701000002"]
    assert long_sms.language == "sv" and long_sms.encoding == "GSM-7"
    assert LONG_STREET in long_sms.body and "måndag 30 november" in long_sms.body
    assert short_sms.language == "se" and short_sms.encoding == "UCS-2"
