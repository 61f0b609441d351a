"""An ejected module's messages write dates as the platform's pages do."""

from __future__ import annotations

import datetime as dt

from eservices.journeys.eject_code import Messages


def test_a_date_in_an_ejected_message_is_written_day_first_in_every_language(app):
    with app.app_context():
        messages = Messages(["sv", "en"])
        msgid = messages.message("earliest", date=dt.date(2026, 6, 19))
        written = messages.entries[msgid]
    assert written["en"] == "The date must be the same as or after 19 June 2026"
    assert "19 juni 2026" in written["sv"]
