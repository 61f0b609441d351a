"""Fixtures for the waste-subscription tests: a fixed day and a small customer register.

The clock stands at Friday 27 November 2026, 10:00 in Sweden, so every date rule
(the earliest effective date is then Friday 11 December 2026) reads the same
whenever the suite runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from eservices.clock import ControlledClock
from eservices.db import db
from services.waste_subscription.models import (
    Customer,
    Property,
    Subscription,
    SubscriptionBin,
)

STANDARD = (("restavfall", 190), ("matavfall", 140))
TODAY = datetime(2026, 11, 27, 9, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(TODAY)
    return app


@pytest.fixture
def register(add_subscription) -> dict[str, int]:
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
def add_subscription(app) -> Callable[..., int]:
    """Register a customer with a subscription; returns the subscription id.

    ``add_subscription("100001", "Exempelby 3:14", "Storgatan 1")`` gives a
    permanent home with a 190-litre residual and a 140-litre food-waste bin,
    emptied every two weeks.
    """

    def factory(customer_number: str, designation: str, street_address: str, *,
                bins: tuple[tuple[str, int], ...] = STANDARD,
                frequency: str = "every_2_weeks", holiday_home: bool = False,
                home_composting: bool = False, name: str = "Test Testsson",
                phone: str = "+46701234567", email: str = "",
                shared_with: int | None = None) -> int:
        with app.app_context():
            customer = Customer(customer_number=customer_number, name=name, phone=phone,
                                email=email)
            prop = Property(designation=designation, street_address=street_address,
                            postal_code="93131", city="Exempelby", holiday_home=holiday_home)
            subscription = Subscription(
                customer=customer, property=prop, frequency=frequency,
                home_composting=home_composting,
                bins=[SubscriptionBin(container=c, litres=size) for c, size in bins])
            db.session.add(subscription)
            db.session.flush()
            if shared_with is not None:
                other = db.session.get(Subscription, shared_with)
                subscription.shared_with = other
                other.shared_with = subscription
            db.session.commit()
            return subscription.id

    return factory


@pytest.fixture
def make_case(app) -> Callable[..., str]:
    """Insert a change request as the resident journey would; returns its reference.

    ``make_case(subscription_id, ["size"], {"size": {"restavfall": 240}},
    bins=(("restavfall", 240), ("matavfall", 140)))`` - keyword arguments other than
    the case's own columns are changes to the current plan (``Plan.with_changes``),
    and the quote is priced with the demo tariff, as the journey does.
    """
    from datetime import date

    from eservices.forms import new_reference
    from services.waste_subscription.models import CaseEvent, ChangeRequest
    from services.waste_subscription.plan import Bin
    from services.waste_subscription.pricing import quote
    from services.waste_subscription.tariff import load_tariff

    columns = {"status", "neighbour_subscription_id", "neighbour_status", "phone", "email",
               "language", "created_at", "decided_at", "decided_by", "decision_reason"}

    def factory(subscription_id: int, change_types: list[str], details: dict,
                effective_date: date = date(2026, 12, 1), **changes) -> str:
        own = {key: changes.pop(key) for key in list(changes) if key in columns}
        own.setdefault("phone", "+46701234567")
        if "bins" in changes:
            changes["bins"] = tuple(Bin(c, size) for c, size in changes["bins"])
        with app.app_context():
            subscription = db.session.get(Subscription, subscription_id)
            current = subscription.plan()
            proposed = current.with_changes(**changes)
            reference = new_reference("AV")
            case = ChangeRequest(
                reference=reference, journey_id=reference, subscription=subscription,
                change_types=list(change_types), details=details,
                current_plan=current.to_json(), proposed_plan=proposed.to_json(),
                quote=quote(load_tariff(), current, proposed, effective_date).to_json(),
                effective_date=effective_date, **own)
            case.events.append(CaseEvent(actor="resident", kind="submitted"))
            db.session.add(case)
            db.session.commit()
            return reference

    return factory
