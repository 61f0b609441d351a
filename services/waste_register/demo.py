"""Demo waste register for Exempelkommun: about 300 households, generated the same every time.

The one data set behind both waste services: the subscription service reads these
households' subscriptions and the collection calendar their containers and days.
``load_demo()`` (run by ``flask eservices load-demo``) does nothing if there are customers
already. Every subscription follows the waste-subscription demo tariff. Phone numbers
are in the range +46 70-174 0xxx reserved for fiction, e-mail addresses are at example.se
and example.com.

Fixed customers that tests and the README rely on:

========  ===============  ==============  ===========================================
Customer  Property         Address         Subscription and contact
========  ===============  ==============  ===========================================
100001    Exempelby 3:14   Storgatan 1     restavfall 190 + matavfall 140, every_2_weeks;
                                           +46701740001, anna.andersson@example.se;
                                           personnummer 191212121212 (Skatteverket's test
                                           number); Mondays of odd weeks (EX-MAN)
100002    Exempelby 3:15   Storgatan 3     restavfall 190 + matavfall 140, every_2_weeks;
                                           +46701740002 (the neighbour to share with);
                                           personnummer 198112189876 (a test number)
100003    Exempelby 3:16   Storgatan 5     restavfall 240 + matavfall 140, weekly;
                                           +46701740003 (a neighbour on another frequency)
100004    Sjöviken 1:8     Sjövägen 8      holiday home, restavfall 190 + matavfall 140,
                                           every_2_weeks, no pause; +46701740004
100005    Sjöviken 1:9     Sjövägen 10     holiday home, restavfall 190 + matavfall 140,
                                           every_2_weeks, paused 2026-10-01 to 2027-04-30;
                                           +46701740005
100006    Norrby 2:4       Norrbyvägen 4   fyrfack_1 370 + fyrfack_2 370, every_2_weeks;
                                           ett.hem@example.com only, language "en"
100007    Exempelby 4:2    Skolgatan 2     home composting, restavfall 190, every_4_weeks;
                                           +46701740007
========  ===============  ==============  ===========================================

The generated households: mostly standard bins (restavfall 140-370 l and matavfall 140 l,
every two weeks, some weekly), about 10 % home composting (restavfall only, every 4 or 8
weeks), about 10 % four-compartment bins, about 15 % holiday homes in Sjöviken and
Björkudden (some with a winter pause), and ten pairs of neighbours sharing bins.

Collection days follow the streets' routes (``STREET_ROUTES``, the routes of the
collection-alerts demo network): a bin every two weeks is collected in the odd or the
even ISO weeks of its route's weekday. Holiday shifts: those of 2026-2027 the
municipality announced (Midsommar, Christmas, New Year); others are proposed from the
holidays library on the staff page. Only the two fixed test personnummer are given:
generated numbers could be real people's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from eservices import toolkit as tk

from .adapter import DemoRegister
from .models import Customer, HolidayShift

SEED = 20261127
GENERATED = 293  # plus the 7 fixed customers: 300 households
SHARED_PAIRS = 10

# town -> (trakter for designations, streets as (name, postal code))
TOWNS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "Exempelby": (("Exempelby", "Kvarnen", "Lärkan", "Tallmon"), (
        ("Storgatan", "93131"), ("Skolgatan", "93132"), ("Skolvägen", "93132"),
        ("Kyrkogatan", "93131"), ("Björkstigen", "93133"), ("Lärkvägen", "93134"),
        ("Granvägen", "93134"), ("Ängsvägen", "93135"), ("Torggatan", "93131"),
        ("Kvarnvägen", "93136"), ("Rönnvägen", "93133"), ("Stationsgatan", "93137"))),
    "Norrby": (("Norrby", "Åsen", "Myran"), (
        ("Norrbyvägen", "93150"), ("Tallstigen", "93151"), ("Mossvägen", "93151"),
        ("Älvgatan", "93152"), ("Hagvägen", "93152"), ("Furuvägen", "93153"))),
    "Sjöviken": (("Sjöviken", "Näset"), (
        ("Sjövägen", "93291"), ("Strandvägen", "93291"), ("Badvägen", "93292"),
        ("Båtsmansvägen", "93292"))),
    "Björkudden": (("Björkudden", "Udden"), (
        ("Uddvägen", "93295"), ("Björkuddsvägen", "93295"), ("Fiskarstigen", "93296"))),
}
FIRST_NAMES = ("Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid",
               "Elin", "Sofia", "Linnea", "Maja", "Astrid", "Helena", "Johanna", "Lars",
               "Erik", "Anders", "Johan", "Per", "Karl", "Nils", "Mikael", "Olof", "Ulf",
               "Jonas", "Gustav", "Oskar", "Emil", "Henrik", "Magnus", "Ali", "Amira")
SURNAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
            "Olsson", "Persson", "Svensson", "Gustafsson", "Lindberg", "Lundström",
            "Holmgren", "Burman", "Marklund", "Lindgren", "Öberg", "Åström", "Nordin",
            "Hedlund", "Sandberg", "Forsberg", "Berglund", "Lundqvist", "Hassan")
STANDARD_SIZES = ((140, 25), (190, 45), (240, 20), (370, 10))  # restavfall size, weight
PAUSES = ((date(2025, 10, 1), date(2026, 4, 30)), (date(2025, 11, 1), date(2026, 3, 31)),
          (date(2026, 12, 1), date(2027, 3, 31)), (date(2027, 1, 4), date(2027, 4, 30)))


@dataclass
class Household:
    customer_number: str
    designation: str
    street_address: str
    city: str
    postal_code: str
    name: str
    bins: tuple[tuple[str, int], ...]
    frequency: str = "every_2_weeks"
    phone: str = ""
    email: str = ""
    language: str = "sv"
    holiday_home: bool = False
    home_composting: bool = False
    pause: tuple[date, date] | None = None
    shares_with: str = ""  # customer number of the neighbour sharing the bins
    identity_number: str = ""
    week_offset: int = 0


FIXED = (
    Household("100001", "Exempelby 3:14", "Storgatan 1", "Exempelby", "93131", "Anna Andersson",
              (("restavfall", 190), ("matavfall", 140)), phone="+46701740001",
              email="anna.andersson@example.se", identity_number="191212121212",
              week_offset=1),
    Household("100002", "Exempelby 3:15", "Storgatan 3", "Exempelby", "93131", "Bertil Berg",
              (("restavfall", 190), ("matavfall", 140)), phone="+46701740002",
              identity_number="198112189876", week_offset=1),
    Household("100003", "Exempelby 3:16", "Storgatan 5", "Exempelby", "93131",
              "Cecilia Carlsson", (("restavfall", 240), ("matavfall", 140)), "weekly",
              phone="+46701740003"),
    Household("100004", "Sjöviken 1:8", "Sjövägen 8", "Sjöviken", "93291", "David Dahlberg",
              (("restavfall", 190), ("matavfall", 140)), phone="+46701740004",
              holiday_home=True),
    Household("100005", "Sjöviken 1:9", "Sjövägen 10", "Sjöviken", "93291", "Eva Ekström",
              (("restavfall", 190), ("matavfall", 140)), phone="+46701740005",
              holiday_home=True, pause=(date(2026, 10, 1), date(2027, 4, 30))),
    Household("100006", "Norrby 2:4", "Norrbyvägen 4", "Norrby", "93150", "Sam Taylor",
              (("fyrfack_1", 370), ("fyrfack_2", 370)), email="ett.hem@example.com",
              language="en"),
    Household("100007", "Exempelby 4:2", "Skolgatan 2", "Exempelby", "93132", "Gustav Granlund",
              (("restavfall", 190),), "every_4_weeks", phone="+46701740007",
              home_composting=True),
)


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé", "aaoe"))


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
        self.designations = {h.designation for h in FIXED}
        self.addresses = {h.street_address for h in FIXED}
        self.emails = {h.email for h in FIXED if h.email}
        self.numbers: dict[str, int] = {}  # street -> last house number
        self.customer_number = 100100
        self.phone = 100

    def _designation(self, city: str) -> str:
        while True:
            trakt = self.rng.choice(TOWNS[city][0])
            candidate = f"{trakt} {self.rng.randint(1, 24)}:{self.rng.randint(1, 80)}"
            if candidate not in self.designations:
                self.designations.add(candidate)
                return candidate

    def _address(self, street: str) -> str:
        while True:
            self.numbers[street] = self.numbers.get(street, 0) + self.rng.choice((1, 2, 2, 3))
            # Once a letter ("12B") now and then; the route network has none, so every
            # household is on it. The draw stays, so the rest of the demo is as it was.
            self.rng.random()
            candidate = f"{street} {self.numbers[street]}"
            if candidate not in self.addresses:
                self.addresses.add(candidate)
                return candidate

    def household(self, city: str, street: tuple[str, str] | None = None) -> Household:
        rng = self.rng
        street_name, postal_code = street or rng.choice(TOWNS[city][1])
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        self.customer_number += rng.randint(1, 7)
        household = Household(
            str(self.customer_number), self._designation(city), self._address(street_name),
            city, postal_code, f"{first} {surname}", self.standard_bins(),
            "weekly" if rng.random() < 0.15 else "every_2_weeks",
            language="en" if rng.random() < 0.05 else "sv")
        if rng.random() < 0.7:
            household.phone = f"+46701740{self.phone:03d}"
            self.phone += 1
        if rng.random() < 0.5:
            local = f"{_ascii(first)}.{_ascii(surname)}"
            domain = rng.choice(("example.se", "example.se", "example.com"))
            email, n = f"{local}@{domain}", 1
            while email in self.emails:
                n += 1
                email = f"{local}{n}@{domain}"
            self.emails.add(email)
            household.email = email
        return household

    def standard_bins(self) -> tuple[tuple[str, int], ...]:
        sizes, weights = zip(*STANDARD_SIZES, strict=True)
        return (("restavfall", self.rng.choices(sizes, weights)[0]), ("matavfall", 140))

    def generate(self, count: int) -> list[Household]:
        rng, households = self.rng, []
        for _ in range(SHARED_PAIRS):  # neighbours on the same street sharing their bins
            city = rng.choice(("Exempelby", "Exempelby", "Norrby"))
            street = rng.choice(TOWNS[city][1])
            first, second = self.household(city, street), self.household(city, street)
            second.bins, second.frequency = first.bins, first.frequency
            first.shares_with = second.customer_number
            second.shares_with = first.customer_number
            households += [first, second]
        while len(households) < count:
            kind = rng.random()
            if kind < 0.15:  # holiday home
                household = self.household(rng.choice(("Sjöviken", "Björkudden")))
                household.holiday_home, household.frequency = True, "every_2_weeks"
                if rng.random() < 0.2:
                    household.pause = rng.choice(PAUSES)
            else:
                household = self.household(rng.choice(("Exempelby", "Exempelby", "Norrby")))
            if 0.15 <= kind < 0.26:
                household.home_composting = True
                household.bins = (("restavfall", rng.choice((140, 140, 190, 240))),)
                household.frequency = rng.choice(("every_4_weeks", "every_8_weeks"))
            elif 0.26 <= kind < 0.37:
                household.bins = (("fyrfack_1", 370), ("fyrfack_2", 370))
                household.frequency = "every_2_weeks"
            households.append(household)
        return households


def demo_households(seed: int = SEED) -> list[Household]:
    """The fixed customers followed by the generated ones, the same for the same seed."""
    return [*FIXED, *_Generator(seed).generate(GENERATED)]


# Street -> (route code, weekday, season): the routes of the collection-alerts demo.
STREET_ROUTES: dict[str, tuple[str, int, tuple[str, str] | None]] = {
    **dict.fromkeys(("Storgatan", "Kyrkogatan", "Torggatan", "Stationsgatan"),
                    ("EX-MAN", 0, None)),
    **dict.fromkeys(("Skolgatan", "Skolvägen", "Björkstigen", "Lärkvägen", "Granvägen",
                     "Ängsvägen", "Rönnvägen"), ("EX-TIS-U", 1, None)),
    "Kvarnvägen": ("EX-TIS-J", 1, None),
    **dict.fromkeys(("Norrbyvägen", "Tallstigen", "Mossvägen", "Älvgatan", "Hagvägen",
                     "Furuvägen"), ("NB-ONS-U", 2, None)),
    **dict.fromkeys(("Sjövägen", "Strandvägen", "Badvägen", "Båtsmansvägen", "Uddvägen",
                     "Björkuddsvägen", "Fiskarstigen"), ("SJO-SOM", 3, ("05-01", "09-30"))),
}
# Routes driven in odd (1) or even (0) ISO weeks only; the others every week.
ROUTE_PARITY = {"EX-TIS-U": 1, "EX-TIS-J": 0, "NB-ONS-U": 1}
HOLIDAY_SHIFTS = (
    (date(2026, 6, 19), date(2026, 6, 18), "Midsommarafton"),
    (date(2026, 12, 24), date(2026, 12, 23), "Julafton"),
    (date(2026, 12, 25), date(2026, 12, 28), "Juldagen"),
    (date(2026, 12, 31), date(2026, 12, 30), "Nyårsafton"),
    (date(2027, 1, 1), date(2027, 1, 4), "Nyårsdagen"),
    (date(2027, 1, 6), date(2027, 1, 7), "Trettondedag jul"),
    (date(2027, 6, 25), date(2027, 6, 24), "Midsommarafton"),
    (date(2027, 12, 24), date(2027, 12, 23), "Julafton"),
    (date(2027, 12, 31), date(2027, 12, 30), "Nyårsafton"),
)


def street_of(street_address: str) -> str:
    return street_address.rsplit(" ", 1)[0]


def week_offset(household: Household, rng: random.Random) -> int:
    """An offset its route's weeks allow: an odd-week route's bins in odd weeks."""
    if household.week_offset:
        return household.week_offset
    code = STREET_ROUTES[street_of(household.street_address)][0]
    weeks = {"weekly": 1, "every_2_weeks": 2, "every_4_weeks": 4, "every_8_weeks": 8}[
        household.frequency]
    parity = ROUTE_PARITY.get(code)
    offsets = [w for w in range(weeks) if parity is None or w % 2 == parity or weeks == 1]
    return rng.choice(offsets)


def load_demo() -> None:
    """Fill an empty register with the demo households and their holiday shifts, and commit."""
    if tk.db.session.scalar(select(func.count()).select_from(Customer)):
        return
    register = DemoRegister()
    rng = random.Random(SEED + 1)  # noqa: S311 - repeatable demo data, not secrets
    for h in demo_households():  # the second of a shared pair links both ways
        code, weekday, season = STREET_ROUTES[street_of(h.street_address)]
        register.add_household(
            h.customer_number, h.designation, h.street_address, bins=h.bins,
            frequency=h.frequency, name=h.name, phone=h.phone, email=h.email,
            language=h.language, identity_number=h.identity_number,
            postal_code=h.postal_code, city=h.city, holiday_home=h.holiday_home,
            home_composting=h.home_composting, pause=h.pause,
            shared_with=h.shares_with or None,
            day=tk.register.CollectionDay(code, weekday, week_offset(h, rng), season))
    tk.db.session.add_all(HolidayShift(original_date=original, new_date=new, note=note)
                          for original, new, note in HOLIDAY_SHIFTS)
    tk.db.session.commit()
