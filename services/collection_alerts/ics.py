"""The collection calendar as an iCalendar feed (RFC 5545) residents subscribe to.

One all-day event per collection date.  The UID is made of the address and the
date only, never of the host or the build, so a calendar that downloads the feed
again updates its events instead of adding copies.  REFRESH-INTERVAL (RFC 7986)
and X-PUBLISHED-TTL (what Outlook and older Apple clients read) ask subscribers
to fetch again twice a day, so holiday shifts reach them in time.

The feed's language comes from the feed address, not from a browser session: a
calendar client fetching the feed has no session, so the few texts here are
translated in the feed's language (``tk.in_language``), not the request's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta

from babel.dates import format_date
from icalendar import Calendar, Event

from eservices.toolkit import clock, in_language, site_languages

from .models import Address
from .schedule import Collection, fractions_label, upcoming_for_address
from .settings import MODULE_ID

PRODID = "-//Exempelkommun//Collection calendar//SV"
UID_DOMAIN = "collection-alerts.eservices"  # the same on every host: UIDs must not change
FEED_PAST_DAYS = 28  # keep last weeks' events, so a refresh does not erase them
FEED_DAYS = 366  # twelve months ahead
REFRESH = timedelta(hours=12)



def _language(language: str) -> str:
    """"en", "en-GB" -> "en", "fi-FI" -> "fi": one of the site's languages, else "sv"."""
    return site_languages().usable((language or "sv").split("-")[0].lower())


def _title(address: Address, language: str) -> str:
    with in_language(MODULE_ID, _language(language)) as t:
        return t.gettext("Waste collection %(address)s", address=_street(address))


def event_uid(address: Address, day: date) -> str:
    return f"{address.external_id}-{day:%Y%m%d}@{UID_DOMAIN}"


def _street(address: Address) -> str:
    return f"{address.street} {address.number}".strip()


def _by_date(collections: Iterable[Collection]) -> list[tuple[date, list[str], set[date]]]:
    """Collections of several routes on one day become one event with every fraction."""
    days: dict[date, tuple[list[str], set[date]]] = {}
    for collection in collections:
        fractions, shifted_from = days.setdefault(collection.date, ([], set()))
        fractions.extend(f for f in collection.fractions if f not in fractions)
        if collection.shifted_from is not None:
            shifted_from.add(collection.shifted_from)
    return [(day, fractions, shifted) for day, (fractions, shifted) in sorted(days.items())]


def calendar_for(address: Address, collections: list[Collection], language: str) -> bytes:
    """The VCALENDAR for one address, one all-day VEVENT per collection date."""
    locale = _language(language)
    with in_language(MODULE_ID, locale) as t:
        description = t.gettext("Waste collection at %(address)s.", address=address.label)
        summary = t.gettext("Waste collection: %(fractions)s")
        shifted = t.gettext("Moved from %(date)s because of a public holiday.")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _title(address, locale))
    calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = clock.now().replace(microsecond=0)
    for day, fractions, shifted_from in _by_date(collections):
        event = Event()
        event.add("uid", event_uid(address, day))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary % {"fractions": fractions_label(fractions, locale)})
        lines = [description]
        formatting = site_languages().locale_of(locale)
        lines += [shifted % {"date": format_date(planned, "EEEE d MMMM", locale=formatting)}
                  for planned in sorted(shifted_from)]
        event.add("description", "\n".join(lines))
        event.add("location", address.label)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def feed_for(address: Address, language: str, today: date | None = None) -> bytes:
    """The feed as served: the last few weeks and twelve months ahead from today."""
    start = (today or clock.today()) - timedelta(days=FEED_PAST_DAYS)
    collections = upcoming_for_address(address.id, start, days=FEED_PAST_DAYS + FEED_DAYS)
    return calendar_for(address, collections, language)


def filename_for(address: Address, language: str = "sv") -> str:
    """"sophamtning-storgatan-1.ics": ASCII, so every browser saves it under that name."""
    title = _title(address, language)
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") + ".ics"

