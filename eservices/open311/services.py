"""What a module declares to serve Open311 GeoReport v2, and how the platform finds it.

GeoReport v2 (https://wiki.open311.org/GeoReport_v2) is the interface many municipal
back offices and apps speak: a list of services, each with attribute definitions,
and service requests filed against them.  The platform owns the one endpoint
(``/open311/v2``) so that a client sees a single jurisdiction; each module only
declares its services in its manifest (``Module.open311 = "pkg.mod:function"``,
a function of the answer's language returning ``Open311Service``s) and does the
work of its own requests through the two functions a service names.  Modules
never see HTTP here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import import_module
from typing import Literal

from flask import Flask

Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist",
                   "multivaluelist"]
STATUSES = ("open", "closed")


class Open311Error(Exception):
    """A request the service cannot accept: GeoReport's ``{code, description}`` answer.

    ``status`` is the HTTP status (400 for bad input, 403 for a key that may not,
    404 for something that is not there); ``code`` is the number GeoReport clients
    read (the spec uses the HTTP status as the code).
    """

    def __init__(self, status: int, description: str, code: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.code = code if code is not None else status
        self.description = description


@dataclass(frozen=True)
class Open311Attribute:
    """One attribute definition (``services/{code}.json``)."""

    code: str
    datatype: Datatype
    description: str
    required: bool = True
    order: int = 1
    datatype_description: str = ""
    #: (key, name) pairs for the list datatypes.
    values: tuple[tuple[str, str], ...] = ()
    #: False for an attribute that only informs (GeoReport's ``variable``).
    variable: bool = True


@dataclass(frozen=True)
class Open311NewRequest:
    """A service request as a client filed it, checked against the attribute definitions.

    ``attributes`` hold a string per single-valued attribute and a tuple of keys
    per ``multivaluelist``; ``client`` names the API key (never the key itself).
    """

    service_code: str
    attributes: Mapping[str, str | tuple[str, ...]]
    client: str
    address_id: str = ""
    address_string: str = ""
    lat: float | None = None
    long: float | None = None
    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""
    language: str = "sv"


@dataclass(frozen=True)
class Open311Request:
    """A service request as GeoReport answers it (``requests/{id}.json``)."""

    service_request_id: str
    service_code: str
    service_name: str
    status: Literal["open", "closed"]
    requested_datetime: datetime
    updated_datetime: datetime
    status_notes: str = ""
    description: str = ""
    agency_responsible: str = ""
    service_notice: str = ""
    expected_datetime: datetime | None = None
    address: str = ""
    address_id: str = ""
    zipcode: str = ""
    lat: float | None = None
    long: float | None = None


@dataclass(frozen=True)
class Open311Query:
    """What a client asked ``requests.json`` for; the platform has checked every value."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    status: str | None = None  # "open" or "closed"
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 1000
    language: str = "sv"


@dataclass(frozen=True)
class Open311Service:
    """One service a module offers through Open311.

    ``submit`` files a checked ``Open311NewRequest`` in the caller's transaction and
    returns the new ``Open311Request`` (or raises ``Open311Error``); ``find`` returns
    the module's requests matching an ``Open311Query``.  Both are called inside an
    app context; the platform commits after ``submit``.
    """

    code: str
    name: str
    description: str
    submit: Callable[[Open311NewRequest], Open311Request]
    find: Callable[[Open311Query], Sequence[Open311Request]]
    attributes: tuple[Open311Attribute, ...] = ()
    group: str = ""
    keywords: tuple[str, ...] = ()
    #: GeoReport's type: "realtime" (an id at once), "batch" or "blackbox".
    type: Literal["realtime", "batch", "blackbox"] = "realtime"
    #: Where a request must be: GeoReport needs one of lat/long, address_string or
    #: address_id; a service may insist on the address id (a register's address).
    location: Literal["any", "address_id"] = "any"
    module_id: str = field(default="", compare=False)


def declared_services(app: Flask, language: str = "sv") -> dict[str, Open311Service]:
    """Every enabled module's services by code, in module order, named in ``language``."""
    services: dict[str, Open311Service] = {}
    for module in app.extensions["eservices.modules"].enabled.values():
        target = getattr(module, "open311", None)
        if not target:
            continue
        path, _, name = target.partition(":")
        for service in getattr(import_module(path), name)(language):
            if service.code in services:
                raise ValueError(f"Open311 service code {service.code!r} is declared twice")
            services[service.code] = replace(service, module_id=module.id)
    return services
