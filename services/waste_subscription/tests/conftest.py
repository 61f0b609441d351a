"""Fixtures for the waste-subscription tests: a fixed day and a small customer register.

The clock stands at Friday 27 November 2026, 10:00 in Sweden, so every date rule
(the earliest effective date is then Friday 11 December 2026) reads the same
whenever the suite runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module

import pytest
from flask import current_app

from eservices import toolkit as tk
from eservices.clock import ControlledClock
from eservices.db import db

STANDARD = (("restavfall", 190), ("matavfall", 140))
TODAY = datetime(2026, 11, 27, 9, tzinfo=UTC)


def load_demo() -> None:
    """The waste register's demo households (module waste_register), as load-demo loads them."""
    module = current_app.extensions["eservices.modules"].installed["waste_register"]
    path, _, name = module.demo_data.partition(":")
    getattr(import_module(path), name)()


@pytest.fixture
def app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(TODAY)
    return app


@pytest.fixture
def register(add_subscription) -> dict[str, str]:
    """Neighbours on Storgatan (one on another frequency) and a holiday home."""
    return {
        "anna": add_subscription("100001", "Exempelby 3:14", "Storgatan 1",
                                 email="anna@example.se"),
        "bertil": add_subscription("100002", "Exempelby 3:15", "Storgatan 3",
                                   phone="+46701740002"),
        "cecilia": add_subscription("100003", "Exempelby 3:16", "Storgatan 5",
                                    frequency="weekly", bins=(("restavfall", 240),
                                                              ("matavfall", 140))),
        "stuga": add_subscription("100004", "Sjöviken 1:8", "Sjövägen 8", holiday_home=True),
    }


@pytest.fixture
def add_subscription(app) -> Callable[..., str]:
    """Register a customer with a subscription in the waste register; returns the
    customer number (the key cases keep).

    ``add_subscription("100001", "Exempelby 3:14", "Storgatan 1")`` gives a
    permanent home with a 190-litre residual and a 140-litre food-waste bin,
    emptied every two weeks.
    """

    def factory(customer_number: str, designation: str, street_address: str, *,
                bins: tuple[tuple[str, int], ...] = STANDARD,
                frequency: str = "every_2_weeks", holiday_home: bool = False,
                home_composting: bool = False, name: str = "Test Testsson",
                phone: str = "+46701234567", email: str = "",
                shared_with: str | None = None, pause=None) -> str:
        with app.app_context():
            number = tk.waste_register().add_household(
                customer_number, designation, street_address, bins=bins, frequency=frequency,
                name=name, phone=phone, email=email, holiday_home=holiday_home,
                home_composting=home_composting, shared_with=shared_with, pause=pause)
            db.session.commit()
            return number

    return factory


@pytest.fixture
def make_case(app) -> Callable[..., str]:
    """Insert a change request as the resident journey would; returns its reference.

    ``make_case(customer_number, ["size"], {"size": {"restavfall": 240}},
    bins=(("restavfall", 240), ("matavfall", 140)))`` - keyword arguments other than
    the case's own columns are changes to the current plan (``Plan.with_changes``),
    and the quote is priced with the demo tariff, as the journey does.
    """
    from datetime import date

    from eservices.forms import new_reference
    from services.waste_subscription.household import household
    from services.waste_subscription.models import CaseEvent, ChangeRequest
    from services.waste_subscription.plan import Bin
    from services.waste_subscription.pricing import quote
    from services.waste_subscription.tariff import load_tariff

    columns = {"status", "neighbour_customer_number", "neighbour_status", "phone", "email",
               "language", "created_at", "decided_at", "decided_by", "decision_reason"}

    def factory(customer_number: str, change_types: list[str], details: dict,
                effective_date: date = date(2026, 12, 1), **changes) -> str:
        own = {key: changes.pop(key) for key in list(changes) if key in columns}
        own.setdefault("phone", "+46701234567")
        if "bins" in changes:
            changes["bins"] = tuple(Bin(c, size) for c, size in changes["bins"])
        with app.app_context():
            subscription = household(customer_number)
            current = subscription.plan()
            proposed = current.with_changes(**changes)
            reference = new_reference("AV")
            case = ChangeRequest(
                reference=reference, journey_id=reference, customer_number=customer_number,
                property_designation=subscription.property.designation,
                change_types=list(change_types), details=details,
                current_plan=current.to_json(), proposed_plan=proposed.to_json(),
                quote=quote(load_tariff(), current, proposed, effective_date).to_json(),
                effective_date=effective_date, **own)
            case.events.append(CaseEvent(actor="resident", kind="submitted"))
            db.session.add(case)
            db.session.commit()
            return reference

    return factory
