"""The demo municipality's route network: about 2,900 addresses on 8 routes, the same every time.

``load_demo()`` (run by ``flask eservices load-demo``) does nothing if there are
addresses already.  Four places around Skellefteå-like coordinates (the towns and
postal codes of the waste-subscription demo): Exempelby, Norrby with its
countryside, and the holiday homes of Sjöviken and Björkudden.  Each street is a
straight line starting where the previous street of its route ended, odd numbers
on one side and even on the other, so a route's stops lie in a plausible driving
order, 1-3 planned minutes apart.

=========  ====  =========================  ======================================
Route      Day   Weeks                      Addresses
=========  ====  =========================  ======================================
EX-MAN     Mon   every week                 Exempelby centre (Storgatan 1 first)
EX-TIS-U   Tue   odd                        Exempelby, western villas
EX-TIS-J   Tue   even                       Exempelby, eastern villas
NB-ONS-U   Wed   odd                        Norrby (some four-compartment bins)
NB-ONS-J   Wed   even                       Norrby (some four-compartment bins)
NB-LAND    Fri   every 4th, from week 4     Norrby countryside, restavfall only
SJO-SOM    Thu   every week, 05-01..09-30   Sjöviken and Björkudden holiday homes
EX-TRG     Thu   even, 04-15..10-15         garden waste, some Tuesday addresses
=========  ====  =========================  ======================================

"Storgatan 1, Exempelby" (external id HP000001) is the first stop of EX-MAN, from
07:00 every Monday.  Which bins are emptied on which of those days is the waste
register's (module waste_register: Storgatan 1's every other Monday, odd weeks), as
are the holiday shifts (Midsommar, Christmas and New Year 2026-2027, e.g. 2026-12-25
-> 2026-12-28, NB-LAND's Christmas collection).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import time

from sqlalchemy import func, select

from eservices.toolkit import db

from .addressing import search_text
from .models import Address, Route, RouteStop, Truck

SEED = 20261130
CENTRES = {"Exempelby": (64.750, 20.950), "Norrby": (64.728, 21.060),
           "Sjöviken": (64.800, 21.140), "Björkudden": (64.822, 21.260)}
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class RoutePlan:
    code: str
    name: str
    weekday: int
    weeks: tuple[int, int]  # week_cycle, week_offset
    start: time
    truck: str
    fractions: tuple[str, ...]
    streets: tuple[tuple[str, str, str, int], ...]  # street, postal code, town, addresses
    spacing: float = 12.0  # metres between neighbouring house numbers
    season: tuple[str, str] | None = None


def _streets(town: str, *streets: tuple[str, str, int]) -> tuple[tuple[str, str, str, int], ...]:
    return tuple((name, postal_code, town, count) for name, postal_code, count in streets)


ROUTES = (
    RoutePlan("EX-MAN", "Exempelby centrum, måndag", 0, (1, 0), time(7, 0), "T1",
              ("restavfall", "matavfall"), _streets(
                  "Exempelby", ("Storgatan", "93131", 70), ("Kyrkogatan", "93131", 60),
                  ("Torggatan", "93131", 50), ("Norra Järnvägsgatan", "93137", 60),
                  ("Stationsgatan", "93137", 60), ("Nygatan", "93131", 60))),
    RoutePlan("EX-TIS-U", "Exempelby väster, tisdag udda veckor", 1, (2, 1), time(6, 30),
              "T1", ("restavfall", "matavfall"), _streets(
                  "Exempelby", ("Skolvägen", "93132", 80), ("Skolgatan", "93132", 60),
                  ("Björkstigen", "93133", 60), ("Lärkvägen", "93134", 70),
                  ("Granvägen", "93134", 70), ("Ängsvägen", "93135", 60),
                  ("Rönnvägen", "93133", 40))),
    RoutePlan("EX-TIS-J", "Exempelby öster, tisdag jämna veckor", 1, (2, 0), time(6, 30),
              "T1", ("restavfall", "matavfall"), _streets(
                  "Exempelby", ("Tallvägen", "93136", 80), ("Kvarnvägen", "93136", 70),
                  ("Blåbärsvägen", "93138", 60), ("Lingonvägen", "93138", 60),
                  ("Violvägen", "93138", 90), ("Solvägen", "93139", 80))),
    RoutePlan("NB-ONS-U", "Norrby, onsdag udda veckor", 2, (2, 1), time(6, 30), "T2",
              ("restavfall", "matavfall"), _streets(
                  "Norrby", ("Norrbyvägen", "93150", 80), ("Tallstigen", "93151", 70),
                  ("Mossvägen", "93151", 70), ("Älvgatan", "93152", 70),
                  ("Hagvägen", "93152", 60), ("Furuvägen", "93153", 90))),
    RoutePlan("NB-ONS-J", "Norrby, onsdag jämna veckor", 2, (2, 0), time(6, 30), "T2",
              ("restavfall", "matavfall"), _streets(
                  "Norrby", ("Åsvägen", "93153", 80), ("Myrstigen", "93154", 70),
                  ("Skogsvägen", "93154", 80), ("Grusvägen", "93150", 60),
                  ("Bäckvägen", "93152", 70), ("Vallvägen", "93151", 80))),
    RoutePlan("NB-LAND", "Norrby landsbygd, fredag var fjärde vecka", 4, (4, 0), time(7, 0),
              "T3", ("restavfall",), _streets(
                  "Norrby", ("Byvägen", "93155", 70), ("Kvarnbyvägen", "93155", 60),
                  ("Åkervägen", "93156", 70), ("Gärdesvägen", "93156", 60)),
              spacing=90.0),
    RoutePlan("SJO-SOM", "Sjöviken och Björkudden, fritidshus", 3, (1, 0), time(7, 0), "T3",
              ("restavfall", "matavfall"), _streets(
                  "Sjöviken", ("Sjövägen", "93291", 90), ("Strandvägen", "93291", 90),
                  ("Badvägen", "93292", 70), ("Båtsmansvägen", "93292", 50)) + _streets(
                  "Björkudden", ("Uddvägen", "93295", 80), ("Björkuddsvägen", "93295", 70),
                  ("Fiskarstigen", "93296", 50)),
              spacing=30.0, season=("05-01", "09-30")),
)
# Garden waste: about a quarter of the Tuesday villas, collected in their driving order.
GARDEN = RoutePlan("EX-TRG", "Exempelby trädgårdsavfall, torsdag jämna veckor", 3, (2, 0),
                   time(7, 0), "T1", ("tradgardsavfall",), (), season=("04-15", "10-15"))
GARDEN_FROM = ("EX-TIS-U", "EX-TIS-J")
TRUCKS = (("T1", "Bil 1 (baklastare)"), ("T2", "Bil 2 (fyrfack)"), ("T3", "Bil 3"))


@dataclass
class DemoStop:
    external_id: str
    street: str
    number: str
    postal_code: str
    city: str
    latitude: float
    longitude: float
    offset: int  # planned minutes after the route's start
    fractions: tuple[str, ...] = field(default=())


def _generate(seed: int) -> dict[str, list[DemoStop]]:
    """Route code -> its stops in driving order (the garden route reuses addresses)."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
    network: dict[str, list[DemoStop]] = {}
    serial = 0
    for plan in ROUTES:
        stops: list[DemoStop] = []
        lat, lon = CENTRES[plan.streets[0][2]]
        lat += rng.uniform(-0.006, 0.006)
        lon += rng.uniform(-0.012, 0.012)
        heading, minutes = rng.uniform(0, 2 * math.pi), 0
        for street, postal_code, town, count in plan.streets:
            if stops and town != stops[-1].city:
                lat, lon = CENTRES[town]
            heading += rng.choice((-1, 1)) * math.pi / 2 + rng.uniform(-0.3, 0.3)
            north, east = math.cos(heading), math.sin(heading)
            metres_east = METRES_PER_DEGREE * math.cos(math.radians(lat))
            minutes += rng.randint(1, 4) if stops else 0  # turning into the next street
            for n in range(1, count + 1):
                serial += 1
                along = (n + 1) // 2 * plan.spacing
                side = 8.0 if n % 2 else -8.0  # odd numbers left, even right
                stops.append(DemoStop(
                    f"HP{serial:06d}", street, str(n), postal_code, town,
                    round(lat + (along * north - side * east) / METRES_PER_DEGREE, 6),
                    round(lon + (along * east + side * north) / metres_east, 6),
                    minutes, plan.fractions))
                minutes += rng.choices((1, 2, 3), (80, 17, 3))[0]
            end = (count + 1) // 2 * plan.spacing
            lat += end * north / METRES_PER_DEGREE
            lon += end * east / metres_east
        if plan.code.startswith("NB-ONS"):  # some villas have four-compartment bins
            for stop in stops:
                if rng.random() < 0.12:
                    stop.fractions = ("fyrfack_1", "fyrfack_2")
        network[plan.code] = stops
    garden, minutes = [], 0
    for code in GARDEN_FROM:
        for stop in network[code]:
            if rng.random() < 0.25:
                minutes += rng.choices((1, 2, 3), (40, 40, 20))[0] if garden else 0
                garden.append(replace(stop, offset=minutes, fractions=GARDEN.fractions))
    network[GARDEN.code] = garden
    return network


def demo_network(seed: int = SEED) -> dict[str, list[DemoStop]]:
    """The demo routes' stops, the same for the same seed."""
    return _generate(seed)


def load_demo() -> None:
    """Fill an empty address register with the demo network and commit."""
    if db.session.scalar(select(func.count()).select_from(Address)):
        return
    trucks = {code: Truck(code=code, name=name) for code, name in TRUCKS}
    addresses: dict[str, Address] = {}
    rows: list[object] = [*trucks.values()]
    network = demo_network()
    for plan in (*ROUTES, GARDEN):
        route = Route(code=plan.code, name=plan.name, weekday=plan.weekday,
                      week_cycle=plan.weeks[0], week_offset=plan.weeks[1],
                      season_start=plan.season[0] if plan.season else None,
                      season_end=plan.season[1] if plan.season else None,
                      start_time=plan.start, truck=trucks[plan.truck])
        rows.append(route)
        for position, stop in enumerate(network[plan.code], start=1):
            address = addresses.get(stop.external_id)
            if address is None:
                address = addresses[stop.external_id] = Address(
                    external_id=stop.external_id, street=stop.street, number=stop.number,
                    postal_code=stop.postal_code, city=stop.city, latitude=stop.latitude,
                    longitude=stop.longitude,
                    search_text=search_text(stop.street, stop.number, stop.postal_code,
                                            stop.city))
                rows.append(address)
            rows.append(RouteStop(route=route, position=position, address=address,
                                  fractions=list(stop.fractions),
                                  planned_offset_minutes=stop.offset))
    db.session.add_all(rows)
    db.session.commit()
