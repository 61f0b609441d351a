"""Both waste services read one register: for every demo household they say the same.

The subscription service's page ("Your subscription today": the bins and how often
they are emptied) and the collection calendar's public outputs (the address page and
the ``.ics`` feed a year ahead) are read as a resident reads them, and must agree on
every bin's fraction and frequency, and on the dates, for all 300 demo households.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from html import unescape
from itertools import pairwise

from icalendar import Calendar

from eservices import toolkit as tk
from eservices.register.schedule import week_number
from eservices.testing import csrf_token_from

from .conftest import TODAY

SUBSCRIPTION = "/waste-subscription"
CALENDAR = "/collection-alerts"
# The subscription page's words (the tariff's English names) and the calendar's.
BINS = {"Residual waste": "restavfall", "Food waste": "matavfall",
        "Four-compartment bin 1": "fyrfack_1", "Four-compartment bin 2": "fyrfack_2"}
CALENDAR_FRACTIONS = {**BINS, "Garden waste": "tradgardsavfall"}
WEEKS = {"Every week": 1, "Every 2 weeks": 2, "Every 4 weeks (monthly collection)": 4,
         "Every 8 weeks (quarterly collection)": 8}
ROW = re.compile(r'<dt class="summary-list__key">(.*?)</dt>\s*'
                 r'<dd class="summary-list__value">(.*?)</dd>', re.S)


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def subscription_today(client, number: str, street_address: str) -> tuple[set[str], int, bool]:
    """The bins, the weeks between emptyings and whether paused, as the page says."""
    client.get(f"{SUBSCRIPTION}/begin")
    identified = post(client, f"{SUBSCRIPTION}/identify",
                      {"customer_number": number, "place": street_address})
    assert identified.status_code == 302, (number, street_address)
    page = client.get(f"{SUBSCRIPTION}/subscription").get_data(as_text=True)
    today = page.split('class="summary-list"', 1)[1].split("</dl>", 1)[0]
    rows = [(unescape(key).strip(), unescape(value).strip())
            for key, value in ROW.findall('class="summary-list"' + today)]
    bins = {fraction for key, _value in rows for label, fraction in BINS.items()
            if key.startswith(label)}
    weeks = next(WEEKS[value] for key, value in rows if key == "Emptied")
    return bins, weeks, any(key == "Pause in collection" for key, _v in rows)


def address_page(client, street_address: str, city: str) -> str:
    found = client.get(f"{CALENDAR}/search", query_string={"address": f"{street_address}, "
                                                                     f"{city}"})
    assert found.status_code == 302, (street_address, "not one address")
    return found.location


def _planned(day: date, text: str) -> date:
    """"Moved from Friday 25 December ..." -> the planned date nearest ``day``."""
    moved = re.search(r"Moved from \w+ (\d+ \w+) because", text)
    if not moved:
        return day
    options = [datetime.strptime(f"{moved.group(1)} {year}", "%d %B %Y").date()
               for year in (day.year - 1, day.year, day.year + 1)]
    return min(options, key=lambda option: abs(option - day))


def feed(client, address_url: str) -> dict[str, list[tuple[date, date]]]:
    """Fraction -> [(date, planned date)] from the .ics feed (English)."""
    ics = client.get(f"{address_url}/calendar.ics", query_string={"lang": "en"})
    by_fraction: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for event in Calendar.from_ical(ics.data).walk("VEVENT"):
        day = event.decoded("dtstart")
        names = str(event["summary"]).removeprefix("Waste collection: ").split(", ")
        for name in names:
            by_fraction[CALENDAR_FRACTIONS[name]].append(
                (day, _planned(day, str(event["description"]))))
    return by_fraction


def page_dates(client, address_url: str) -> dict[str, set[date]]:
    """Fraction -> dates from the address page's three months."""
    html = client.get(address_url).get_data(as_text=True)
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    found: dict[str, set[date]] = defaultdict(set)
    for heading, cell in re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', table, re.S):
        day = datetime.strptime(heading.split(" ", 1)[1], "%d %B %Y").date()
        for name in re.split(r"<br>", cell)[0].split(", "):
            found[CALENDAR_FRACTIONS[unescape(name).strip()]].add(day)
    return found


def assert_every(weeks: int, planned: list[date], holiday_home: bool, who: str) -> None:
    """Planned dates every ``weeks`` weeks, on one weekday, in the same ISO weeks."""
    assert planned, who
    assert len({d.weekday() for d in planned}) == 1, who
    assert len({week_number(d, weeks) % weeks for d in planned}) == 1, who
    for first, second in pairwise(planned):
        gap = (second - first).days
        year = first.isocalendar().year
        # Counted in ISO weeks, a year of 53 weeks shortens or stretches the step across
        # New Year (odd weeks 53 and 1 in a row), as the printed calendars say too.
        across_week_53 = (second.isocalendar().year != year
                          and date(year, 12, 28).isocalendar().week == 53)
        if across_week_53 and gap <= 7 * (weeks + 1):
            continue
        assert gap >= 7 * weeks, (who, first, second)
        if gap > 7 * weeks:
            assert holiday_home, (who, first, second)  # a season or a pause between


def test_the_two_services_agree_for_every_demo_household(demo_app):
    client = demo_app.test_client()
    client.get("/language/en")
    today = TODAY.date()
    with demo_app.app_context():
        register = tk.waste_register()
        households = [register.subscription(n, today) for n in register.customer_numbers()]
    assert len(households) == 300
    for household in households:
        number, prop = household.customer.customer_number, household.property
        who = f"{number} {prop.street_address}"
        bins, weeks, _paused = subscription_today(client, number, prop.street_address)
        assert bins == {c.fraction for c in household.containers}, who
        url = address_page(client, prop.street_address, prop.city)
        calendar = feed(client, url)
        assert set(calendar) - {"tradgardsavfall"} == bins, who  # garden waste: its own route
        with demo_app.app_context():
            expected = tk.waste_register().collections(
                prop.designation, today - timedelta(days=28), today + timedelta(days=365))
        for fraction in bins:
            dates = sorted(calendar[fraction])
            assert [d for d, _p in dates] == [c.date for c in expected
                                               if c.fraction == fraction], who
            assert_every(weeks, [p for _d, p in dates], prop.holiday_home, f"{who} {fraction}")
        shown = page_dates(client, url)
        for fraction in bins:
            assert shown.get(fraction, set()) == {
                d for d, _p in calendar[fraction] if today <= d < today + timedelta(days=92)}, who


def test_storgatan_1_is_every_other_monday_in_both(demo_app):
    """The issue's case: the subscription said every other week, the calendar every Monday."""
    client = demo_app.test_client()
    client.get("/language/en")
    bins, weeks, _paused = subscription_today(client, "100001", "Storgatan 1")
    assert (bins, weeks) == ({"restavfall", "matavfall"}, 2)
    calendar = feed(client, address_page(client, "Storgatan 1", "Exempelby"))
    december = [d for d, _p in calendar["restavfall"] if d.month == 12 and d.year == 2026]
    assert december == [date(2026, 12, 14), date(2026, 12, 28)]  # weeks 51 and 53
    assert calendar["matavfall"] == calendar["restavfall"]
