"""What the waste services share, as plain frozen values: the register's vocabulary.

A waste-management system (EDP Future in most of northern Sweden) knows customers,
properties, the containers at them and the days they are collected. The services on
this platform read those through one port (``WasteRegister``), never from tables of
their own, so the subscription service, the calendar and the alerts cannot disagree.
Everything here is a value: an adapter builds them from whatever its system answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# How often a container (or a compartment) is emptied, as the tariff names it, and the
# weeks between two collections.
FREQUENCY_WEEKS: dict[str, int] = {
    "weekly": 1,
    "every_2_weeks": 2,
    "every_4_weeks": 4,
    "every_8_weeks": 8,
}

# What a crew may record about a container on a collection day.
OUTCOMES = ("emptied", "skipped")
# Why a crew skipped a container: a fixed list, so residents can be told in their language.
SKIP_REASONS = ("not_put_out", "blocked_access", "wrong_sorting", "frozen", "overfilled")


@dataclass(frozen=True)
class Property:
    """A property (fastighet) and its collection address (hämtställe)."""

    designation: str  # "Exempelby 3:14": the key
    street_address: str  # "Storgatan 1"
    postal_code: str  # "93131" (display with tk.display_postal_code)
    city: str
    latitude: float | None = None
    longitude: float | None = None
    holiday_home: bool = False
    external_id: str = ""  # the address's id in the route-management system, if any


@dataclass(frozen=True)
class Customer:
    """A subscription holder (abonnent), known by the customer number on the invoice."""

    customer_number: str  # the key
    name: str
    identity_number: str = ""  # 12 digits: personnummer or 16 + organisation number
    phone: str = ""  # E.164
    email: str = ""
    language: str = "sv"


@dataclass(frozen=True)
class Compartment:
    """One compartment of a four-compartment (fyrfack) bin: its own fraction and frequency."""

    fraction: str
    frequency: str


@dataclass(frozen=True)
class CollectionDay:
    """When a container is collected: its route's weekday, in the ISO weeks its frequency picks.

    As the waste-management systems and printed calendars say it ("udda veckor"): a
    container emptied every week or every other week is collected in the ISO weeks ``w``
    with ``w % n == week_offset % n`` (a year with 53 ISO weeks has two odd weeks in a
    row, 53 and 1, as residents know); every 4 or 8 weeks counts weeks on without the
    year's break (``schedule.week_number``), so no gap ever grows to 13 weeks. A
    compartment follows its own frequency with the same offset.
    A seasonal route (holiday homes) collects only from ``season[0]`` to ``season[1]``
    ("MM-DD", both included, judged on the planned date so a holiday shift never drops a
    collection); ``start_date``, when given, is the first day the route day applies.
    """

    route_code: str
    weekday: int  # 0 = Monday
    week_offset: int = 0
    season: tuple[str, str] | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class Container:
    """One bin at a property, of one customer, on one route day."""

    container_id: str  # the key, stable across changes of size or frequency
    property_designation: str
    customer_number: str
    fraction: str  # container type: "restavfall", "matavfall", "fyrfack_1", ...
    litres: int
    frequency: str  # a key of FREQUENCY_WEEKS
    day: CollectionDay  # its weekday and week offset; the frequency picks the weeks
    compartments: tuple[Compartment, ...] = ()  # a fyrfack bin's; empty for a plain bin
    shared_with: str | None = None  # the other household's customer number
    paused_from: date | None = None  # both days included
    paused_to: date | None = None

    def is_paused(self, day: date) -> bool:
        return bool(self.paused_from and self.paused_to
                    and self.paused_from <= day <= self.paused_to)


@dataclass(frozen=True)
class Subscription:
    """One customer's collection at one property, as in force on ``on``."""

    customer: Customer
    property: Property
    containers: tuple[Container, ...]
    frequency: str  # the subscription's frequency (the tariff prices one per subscription)
    on: date
    home_composting: bool = False
    shared_with: str | None = None
    paused_from: date | None = None
    paused_to: date | None = None


@dataclass(frozen=True)
class ContainerSpec:
    """A container as a change asks for it: its type and size."""

    fraction: str
    litres: int


@dataclass(frozen=True)
class SubscriptionChange:
    """What a subscription is to be from a date: the whole new plan, not a difference.

    Whole, so "the plan in force on day D" is the latest change effective by D and
    nothing is computed from a state that was never in force.
    """

    containers: tuple[ContainerSpec, ...]
    frequency: str
    home_composting: bool = False
    shared_with: str | None = None
    paused_from: date | None = None
    paused_to: date | None = None


@dataclass(frozen=True)
class ContainerChange:
    """One container's new size and/or frequency from a date (None keeps it)."""

    container_id: str
    litres: int | None = None
    frequency: str | None = None


@dataclass(frozen=True)
class ScheduledChange:
    """A change the register will put in force on ``effective_date``; nothing before."""

    change_id: str
    customer_number: str
    effective_date: date
    change: SubscriptionChange | ContainerChange
    reference: str = ""  # the case it came from, e.g. the resident's reference number
    status: str = "scheduled"  # "scheduled" or "cancelled"


@dataclass(frozen=True)
class Collection:
    """One container collected on one day, holiday shifts applied.

    ``fractions`` are the compartments due that day (a plain bin: its own fraction);
    ``planned_date`` is the day the pattern gave when a holiday shift moved it.
    """

    date: date
    container_id: str
    fraction: str
    fractions: tuple[str, ...]
    route_code: str
    planned_date: date | None = None


@dataclass(frozen=True)
class HolidayShift:
    """"Collections of 29 March move to 30 March", proposed from the holidays or confirmed."""

    original_date: date
    new_date: date
    note: str = ""
    status: str = "confirmed"  # "proposed" (not yet in force) or "confirmed"


@dataclass(frozen=True)
class CollectionOutcome:
    """What the crew recorded about one container on one collection day."""

    container_id: str
    date: date
    outcome: str  # one of OUTCOMES
    reason: str = ""  # one of SKIP_REASONS when skipped
    route_code: str = ""
    recorded_at: object = field(default=None, compare=False)  # aware datetime, if known


@dataclass(frozen=True)
class PickUpItem:
    """A thing a bulky-waste pick-up takes, with its name per language and its price."""

    key: str
    names: tuple[tuple[str, str], ...]  # (language, name); always Swedish ("sv")
    price: Decimal

    def name(self, language: str) -> str:
        names = dict(self.names)
        return names.get(language) or names["sv"]


@dataclass(frozen=True)
class PickUpPrices:
    """The tariff's prices of pick-ups a resident books (kronor, VAT included).

    An extra emptying is priced per container size; a bulky-waste pick-up is a visit
    plus each item. A re-collection the municipality owes is free and not priced here.
    """

    extra_emptying: tuple[tuple[int, Decimal], ...]  # (litres, price)
    bulky_base: Decimal
    bulky_max_items: int
    items: tuple[PickUpItem, ...]

    def extra_emptying_price(self, litres: int) -> Decimal | None:
        return dict(self.extra_emptying).get(litres)

    def item(self, key: str) -> PickUpItem | None:
        return next((item for item in self.items if item.key == key), None)

    def bulky_price(self, item_keys: Sequence[str]) -> Decimal:
        return self.bulky_base + sum((self.item(key).price for key in item_keys), Decimal(0))

