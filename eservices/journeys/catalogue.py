"""Built journeys as modules: what the registry, the catalogue and the designer tools see.

A published journey must be "a module like any other": listed on ``/``,
with its lifecycle page, test rounds, feedback widget, stage banner,
prototype password and robots rules.  All of those read ``Module`` objects
from the registry, so each published, non-ejected journey gets one, built
from the version its stage serves.  A code module with the same id (after
``flask journeys eject``) wins and the built one is not served.

What the registry reads on every request is a ``ProcessCache``: kept per
process for at most ``TTL_SECONDS`` and dropped at once when this process
writes a journey's stage pointers or record (publish, point, eject); another
process notices a publish within that bound.  Versions never change, so their parsed
definitions are cached for the life of the process (per app).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context
from sqlalchemy import select

from ..db import db
from ..modules import categories
from ..modules.manifest import Module
from ..process_cache import ProcessCache
from .models import JourneyRecord, JourneyStage, JourneyVersion
from .personal_data import personal_data
from .schema import JourneyDefinition
from .store import serving_version as pointer_for

TTL_SECONDS = 5.0
MAX_DEFINITIONS = 256
#: The resident blueprint's name and its start endpoint (``resident_blueprint``).
BLUEPRINT = "journeys"
START_ENDPOINT = "journeys.start"
CATEGORIES = {c.key: c for c in (categories.WASTE, categories.ENVIRONMENT,
                                 categories.ACCESSIBILITY, categories.CONTACT,
                                 categories.OTHER)}


@dataclass(frozen=True)
class Built:
    """A published journey: its record's ids, its stage pointers and its module."""

    journey_id: int
    slug: str
    module_id: str
    pointers: dict[str, int]
    module: Module


def invalidate() -> None:
    """Forget the published journeys (a write the flush cannot see)."""
    _PUBLISHED.forget()


def definition(journey_id: int, number: int) -> JourneyDefinition | None:
    """A published version's definition (immutable, so cached for the process)."""
    definitions: dict[tuple[int, int], JourneyDefinition] = current_app.extensions.setdefault(
        "eservices.journeys.definitions", {})
    key = (journey_id, number)
    if key not in definitions:
        stored = db.session.scalar(select(JourneyVersion.definition).where(
            JourneyVersion.journey_id == journey_id, JourneyVersion.number == number))
        if stored is None:
            return None
        if len(definitions) >= MAX_DEFINITIONS:
            definitions.pop(next(iter(definitions)))
        definitions[key] = JourneyDefinition.model_validate(stored)
    return definitions[key]


def _module(latest: JourneyDefinition) -> Module:
    return Module(
        id=latest.module_id, name=dict(latest.name), summary=dict(latest.summary),
        stage="prototype", owner=latest.owner or "-", package=__package__,
        category=CATEGORIES.get(latest.category, categories.OTHER),
        blueprint=None, url_prefix=f"/{latest.slug}", start_endpoint=START_ENDPOINT,
        personal_data=personal_data(latest))


def _load() -> dict[str, Built]:
    pointers: dict[int, dict[str, int]] = {}
    for journey_id, stage, number in db.session.execute(select(
            JourneyStage.journey_id, JourneyStage.stage, JourneyStage.version_number)):
        pointers.setdefault(journey_id, {})[stage] = number
    found: dict[str, Built] = {}
    for record_id, slug, module_id in db.session.execute(
            select(JourneyRecord.id, JourneyRecord.slug, JourneyRecord.module_id)
            .where(JourneyRecord.ejected_at.is_(None))):
        if record_id not in pointers:
            continue  # never published
        latest = definition(record_id, max(pointers[record_id].values()))
        if latest is None:
            continue
        found[slug] = Built(record_id, slug, module_id, pointers[record_id],
                            _module(latest))
    return found


# Before the migrations ran there are none; a database that is down is raised.
_PUBLISHED: ProcessCache[dict[str, Built]] = ProcessCache(
    "eservices.journeys.published", _load, ttl_seconds=TTL_SECONDS,
    watches=(JourneyStage, JourneyRecord), fallback=dict)


def published() -> dict[str, Built]:
    """Slug -> every published, non-ejected journey (cached, see the module's docstring)."""
    return _PUBLISHED.get()


def built_modules() -> dict[str, Module]:
    """Module id -> module of every published journey (the registry's ``built``)."""
    return {built.module_id: built.module for built in published().values()}


def served(slug: str | None) -> Built | None:
    """The journey residents reach at ``/<slug>/``; None when none, or a code module has it."""
    built = published().get(slug or "")
    if built is None or built.module_id in current_app.extensions["eservices.modules"].installed:
        return None
    return built


def current_module(blueprint: str) -> Module | None:
    """The module of this request's built journey (the registry's ``current_built``)."""
    if blueprint != BLUEPRINT or not has_request_context():
        return None
    built = g.get("built_journey")
    return built.module if built is not None else None


def by_module_id(module_id: str) -> Built | None:
    return next((b for b in published().values() if b.module_id == module_id), None)


def serving_version(built: Built) -> int | None:
    """The version residents get now, at the journey's lifecycle stage."""
    registry = current_app.extensions["eservices.modules"]
    return pointer_for(built.pointers, registry.stage(built.module))


def version_for_round(module_id: str) -> int | None:
    """The version a test round created now measures: the one served (None for code modules)."""
    built = by_module_id(module_id)
    return serving_version(built) if built is not None else None
