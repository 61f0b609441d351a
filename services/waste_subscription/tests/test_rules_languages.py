"""The rules write their dates as the page's language does, by the site's formatting locale.

A Finnish page must read "15. huhtikuuta 2026", not the Swedish "15 april 2026" that every
language other than English used to get.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eservices.clock import ControlledClock
from services.waste_subscription.plan import Pause
from services.waste_subscription.rules import pause_violations
from services.waste_subscription.tariff import load_tariff
from services.waste_subscription.tests.test_journey import BASE, post

TARIFF = load_tariff()
JULY = Pause(date(2026, 7, 1), date(2026, 8, 15))
LATE = date(2026, 4, 16)  # the day after the summer pauses' request-by date


@pytest.fixture
def app(make_app):
    return make_app(LANGUAGES="sv,en,fi", LANGUAGES_INCOMPLETE="fi")


def deadline_message(app, page_language: str, language: str) -> str:
    with app.test_request_context(f"/?lang={page_language}"):
        [violation] = pause_violations(TARIFF, JULY, requested_on=LATE, language=language)
        assert violation.code == "pause_too_late"
        return str(violation.message)


def test_a_finnish_page_writes_the_deadline_in_finnish(app):
    message = deadline_message(app, "fi", "fi")
    assert "15. huhtikuuta 2026" in message
    assert "15. toukokuuta" in message and "15. syyskuuta" in message
    assert "april" not in message and " maj" not in message


def test_swedish_and_english_are_written_as_before(app):
    assert "15 april 2026" in deadline_message(app, "sv", "sv")
    assert "from 15 May to 15 September" in deadline_message(app, "en", "en")
    assert "requested by 15 April 2026" in deadline_message(app, "en", "en")


def test_the_pause_page_in_finnish_gives_the_deadline_in_finnish(app, client, register):
    """Through the journey, on a site that offers Finnish: a holiday home asking on 2 May
    2027 for a summer pause."""
    app.extensions["eservices.clock"] = ControlledClock(datetime(2027, 5, 2, 9, tzinfo=UTC))
    client.get("/language/fi")
    client.get(f"{BASE}/begin")
    post(client, f"{BASE}/identify", {"customer_number": "100004", "place": "Sjöviken 1:8"})
    post(client, f"{BASE}/subscription", {"changes": ["pause"]})
    page = post(client, f"{BASE}/change/pause", {
        "start-day": "1", "start-month": "7", "start-year": "2027",
        "end-day": "15", "end-month": "8", "end-year": "2027"}).get_data(as_text=True)
    assert 'lang="fi"' in page
    assert "15. huhtikuuta 2027" in page and "15. toukokuuta" in page
    assert "15 april 2027" not in page
