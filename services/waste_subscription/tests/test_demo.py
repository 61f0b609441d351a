"""The demo register: the tariff allows every subscription, and the fixed customers are there.

The demo households are the waste register's (module waste_register), read here through
``tk.waste_register()`` as this service reads them.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from eservices import toolkit as tk
from eservices.db import db
from services.waste_subscription import rules
from services.waste_subscription.household import Household, household
from services.waste_subscription.plan import Bin, Pause, Plan
from services.waste_subscription.tariff import load_tariff

from .conftest import load_demo

TARIFF = Path(__file__).parents[1] / "data" / "tariff.yaml"


def by_number(number: str) -> Household:
    return household(number)


def all_households() -> list[Household]:
    return [household(n) for n in tk.waste_register().customer_numbers()]


def test_every_demo_subscription_follows_the_tariff(app):
    tariff = load_tariff(TARIFF)
    with app.app_context():
        load_demo()
        subscriptions = all_households()
        assert subscriptions
        for subscription in subscriptions:
            plan = subscription.plan()
            assert rules.plan_violations(tariff, plan) == [], (
                subscription.customer.customer_number, plan)


def test_the_register_has_the_promised_mix(app):
    with app.app_context():
        load_demo()
        subscriptions = all_households()
        customers = [s.customer for s in subscriptions]
        properties = [s.property for s in subscriptions]

        assert 280 <= len(subscriptions) <= 320
        assert len({s.property.designation for s in subscriptions}) == len(subscriptions)
        assert all(re.fullmatch(r"\d{6}", c.customer_number) for c in customers)
        assert all(re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+ \d+:\d+", p.designation)
                   for p in properties)
        assert all(re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+ \d+[A-Z]?", p.street_address)
                   for p in properties)
        assert all(re.fullmatch(r"93[12]\d\d", p.postal_code) for p in properties)
        phones = [c.phone for c in customers if c.phone]
        assert all(re.fullmatch(r"\+46701740\d{3}", p) for p in phones)
        assert len(set(phones)) == len(phones)
        assert 0.6 <= len(phones) / len(customers) <= 0.8
        emails = [c.email for c in customers if c.email]
        assert all(re.fullmatch(r"[a-z0-9.]+@example\.(se|com)", e) for e in emails)
        assert 0.4 <= len(emails) / len(customers) <= 0.6
        languages = Counter(c.language for c in customers)
        assert set(languages) == {"sv", "en"} and languages["en"] < languages["sv"] / 5

        holiday = [s for s in subscriptions if s.property.holiday_home]
        assert 0.1 <= len(holiday) / len(subscriptions) <= 0.22
        assert all(s.property.city in ("Sjöviken", "Björkudden") for s in holiday)
        paused = [s for s in subscriptions if s.plan().pause]
        assert 3 <= len(paused) <= 20 and all(s.property.holiday_home for s in paused)
        composting = [s for s in subscriptions if s.plan().home_composting]
        assert 0.06 <= len(composting) / len(subscriptions) <= 0.14
        assert all([b.container for b in s.plan().bins] == ["restavfall"] for s in composting)
        assert {s.plan().frequency for s in composting} == {"every_4_weeks", "every_8_weeks"}
        fyrfack = [s for s in subscriptions if s.plan().bins[0].container == "fyrfack_1"]
        assert 0.06 <= len(fyrfack) / len(subscriptions) <= 0.14
        frequencies = Counter(s.plan().frequency for s in subscriptions)
        assert frequencies["every_2_weeks"] > frequencies["weekly"] > 10


def test_shared_bins_are_consistent_both_ways(app):
    with app.app_context():
        load_demo()
        shared = [s for s in all_households() if s.shared_with is not None]
        assert len(shared) == 20
        for subscription in shared:
            other = by_number(subscription.shared_with)
            assert other.shared_with == subscription.id and other.id != subscription.id
            assert other.plan().frequency == subscription.plan().frequency
            assert other.plan().bins == subscription.plan().bins
            street = subscription.property.street_address.rsplit(" ", 1)[0]
            assert other.property.street_address.rsplit(" ", 1)[0] == street
            assert other.property.city == subscription.property.city


def test_the_fixed_customers(app):
    standard_190 = (Bin("restavfall", 190), Bin("matavfall", 140))
    with app.app_context():
        load_demo()
        expected = {
            "100001": ("Exempelby 3:14", "Storgatan 1",
                       Plan(standard_190, "every_2_weeks")),
            "100002": ("Exempelby 3:15", "Storgatan 3",
                       Plan(standard_190, "every_2_weeks")),
            "100003": ("Exempelby 3:16", "Storgatan 5",
                       Plan((Bin("restavfall", 240), Bin("matavfall", 140)), "weekly")),
            "100004": ("Sjöviken 1:8", "Sjövägen 8",
                       Plan(standard_190, "every_2_weeks", holiday_home=True)),
            "100005": ("Sjöviken 1:9", "Sjövägen 10",
                       Plan(standard_190, "every_2_weeks", holiday_home=True,
                            pause=Pause(date(2026, 10, 1), date(2027, 4, 30)))),
            "100006": ("Norrby 2:4", "Norrbyvägen 4",
                       Plan((Bin("fyrfack_1", 370), Bin("fyrfack_2", 370)), "every_2_weeks")),
            "100007": ("Exempelby 4:2", "Skolgatan 2",
                       Plan((Bin("restavfall", 190),), "every_4_weeks", home_composting=True)),
        }
        for number, (designation, address, plan) in expected.items():
            subscription = by_number(number)
            assert subscription.property.designation == designation
            assert subscription.property.street_address == address
            assert subscription.plan() == plan, number

        anna = by_number("100001").customer
        assert (anna.phone, anna.email) == ("+46701740001", "anna.andersson@example.se")
        assert by_number("100002").customer.phone == "+46701740002"
        assert by_number("100004").customer.phone == "+46701740004"
        assert by_number("100005").customer.phone == "+46701740005"
        english = by_number("100006").customer
        assert (english.phone, english.email, english.language) == (
            "", "ett.hem@example.com", "en")


def test_loading_twice_creates_nothing_new(app):
    with app.app_context():
        load_demo()
        db.session.remove()  # what load_demo made is committed, not only in its session
        counts = len(tk.waste_register().customer_numbers())
        load_demo()
        db.session.expire_all()
        assert len(tk.waste_register().customer_numbers()) == counts == 300
