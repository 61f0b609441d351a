"""The calendar feed parses as iCalendar, has all-day events and UIDs that stay the same."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from eservices.db import db
from services.collection_alerts.ics import calendar_for, feed_for, filename_for
from services.collection_alerts.models import Address
from services.collection_alerts.schedule import Collection, upcoming_for_address


def events(feed: bytes) -> list:
    return list(Calendar.from_ical(feed).walk("VEVENT"))


def test_the_calendar_has_what_clients_need(app, network):
    with app.app_context():
        address = db.session.get(Address, network.r1_addresses[0])
        collections = upcoming_for_address(address.id, date(2026, 12, 14), days=21)
        calendar = Calendar.from_ical(calendar_for(address, collections, "sv"))
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["PRODID"]).startswith("-//")
        assert str(calendar["X-WR-CALNAME"]) == "Sophämtning Storgatan 1"
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=12)
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert str(calendar["X-PUBLISHED-TTL"]) == "PT12H"

        found = list(calendar.walk("VEVENT"))
        assert [e["DTSTART"].dt for e in found] == [date(2026, 12, 14), date(2026, 12, 21),
                                                    date(2026, 12, 28)]
        for event in found:
            start = event["DTSTART"].dt
            assert type(start) is date  # all-day, not a date-time
            assert event["DTSTART"].params.get("VALUE") == "DATE"
            assert event["DTEND"].dt == start + timedelta(days=1)
            assert str(event["SUMMARY"]) == "Sophämtning: Restavfall, Matavfall"
            assert str(event["TRANSP"]) == "TRANSPARENT"
            assert str(event["UID"]) == f"STO-1-{start:%Y%m%d}@collection-alerts.eservices"
            assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
            assert "Storgatan 1, Exempelby" in str(event["DESCRIPTION"])


def test_uids_are_stable_across_builds(app, network, clock):
    with app.app_context():
        address = db.session.get(Address, network.r1_addresses[3])
        first = feed_for(address, "sv")
        clock.advance(hours=30)
        second = feed_for(address, "sv")
        uids = [str(e["UID"]) for e in events(first)]
        assert len(uids) == len(set(uids)) > 50
        # Every event still ahead in the first build is in the second, under the same UID.
        assert {str(e["UID"]) for e in events(first) if e["DTSTART"].dt >= date(2026, 12, 7)
                } <= {str(e["UID"]) for e in events(second)}


def test_the_feed_covers_twelve_months_and_the_last_weeks(app, network):
    with app.app_context():
        address = db.session.get(Address, network.r1_addresses[0])
        dates = [e["DTSTART"].dt for e in events(feed_for(address, "en"))]
        assert dates[0] == date(2026, 11, 2)  # four weeks back from Monday 30 November
        assert date(2026, 11, 30) in dates
        assert date(2027, 11, 29) in dates and dates[-1] <= date(2027, 12, 1)
        assert all(d.weekday() == 0 for d in dates)


def test_a_holiday_shift_is_explained_in_the_language_asked(app, network):
    with app.app_context():
        address = db.session.get(Address, network.r1_addresses[0])
        collections = [
            Collection(date(2026, 12, 28), ("restavfall", "matavfall"), "R1"),
            Collection(date(2026, 12, 28), ("tradgardsavfall",), "G1",
                       shifted_from=date(2026, 12, 25))]
        [event] = events(calendar_for(address, collections, "en"))
        assert event["DTSTART"].dt == date(2026, 12, 28)
        assert str(event["SUMMARY"]) == (
            "Waste collection: Residual waste, Food waste, Garden waste")
        assert "Moved from Friday 25 December because of a public holiday." in str(
            event["DESCRIPTION"])
        [event] = events(calendar_for(address, collections, "sv"))
        assert "Flyttad från fredag 25 december på grund av helgdag." in str(
            event["DESCRIPTION"])
        english = Calendar.from_ical(calendar_for(address, collections, "en"))
        assert str(english["X-WR-CALNAME"]) == "Waste collection Storgatan 1"


def test_an_empty_calendar_is_still_a_calendar(app, network):
    with app.app_context():
        address = db.session.get(Address, network.r2_addresses[0])
        calendar = Calendar.from_ical(calendar_for(address, [], "sv"))
        assert list(calendar.walk("VEVENT")) == []
        assert str(calendar["X-WR-CALNAME"]) == "Sophämtning Sjövägen 1"


def test_filename_is_plain_ascii(app, network):
    with app.app_context():
        address = db.session.get(Address, network.r2_addresses[0])
        assert filename_for(address) == "sophamtning-sjovagen-1.ics"
        assert filename_for(address, "en") == "waste-collection-sjovagen-1.ics"
