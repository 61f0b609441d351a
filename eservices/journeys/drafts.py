"""A draft journey started from another module, and what that module may know of it.

The idea lock's "Starta en prototyp" turns an idea into a built journey: an
empty draft named after the idea, which a service designer then fills in the
editor.  A module may not reach into the journey builder (it imports only the
toolkit), so the toolkit offers these few functions: start a draft under a
free address derived from a name, and read back the journey's name, lifecycle
stage, resident address and test rounds by module id - the one key a module
keeps (``Idea.prototype_module_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, has_request_context, url_for
from sqlalchemy import func, select

from ..db import db
from ..designer.models import Participant, TestRound
from ..i18n import site_languages
from ..staff.auth import required_roles
from . import store
from .catalogue import START_ENDPOINT
from .editor.journeys import slug_refusal, suggested_slug
from .models import JourneyRecord
from .schema import JourneyDefinition

#: Leaves room for "-99" within the slug's 40 characters.
_SLUG_ROOM = 36


@dataclass(frozen=True)
class TestRoundSummary:
    """One sprint test round of a module: its name, when, which version, how many took part."""

    name: str
    created_at: datetime
    version_number: int | None
    participants: int


@dataclass(frozen=True)
class BuiltJourneySummary:
    """A built journey as another module shows it.

    ``editor_url`` is None when the signed-in staff member may not open the
    journey editor; ``resident_url`` is None until a version is published.
    """

    module_id: str
    slug: str
    name: dict[str, str]
    stage: str
    editor_url: str | None
    resident_url: str | None


def free_slug(hint: str) -> str:
    """An address made from ``hint`` that no journey, module or platform page uses."""
    base = suggested_slug(hint)[:_SLUG_ROOM].strip("-")
    if len(base) < 3:
        base = f"e-{base}".strip("-") if base else "e-tjanst"
        base = base if len(base) >= 3 else f"{base}-e"
    candidate, number = base, 1
    while slug_refusal(candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def start_built_journey(*, name: str | dict[str, str], slug_hint: str, by: str) -> str:
    """Create an empty draft journey called ``name`` (every site language) and return
    its module id.  Written in the caller's transaction: the caller commits it together
    with whatever links to it, or rolls both back."""
    names = name if isinstance(name, dict) else {
        language: name for language in site_languages().codes}
    definition = JourneyDefinition(slug=free_slug(slug_hint),
                                   name={k: v[:200] for k, v in names.items()})
    return store.create(definition, by=by).module_id


def _record(module_id: str) -> JourneyRecord | None:
    return db.session.scalar(select(JourneyRecord).where(JourneyRecord.module_id == module_id))


def module_stage(module_id: str) -> str:
    """A module's lifecycle stage: as a designer set it, else its manifest's, else "idea"."""
    registry = current_app.extensions["eservices.modules"]
    overrides = registry.stage_overrides()
    if module_id in overrides:
        return overrides[module_id]
    found = registry.installed.get(module_id)
    return found.stage if found is not None else "idea"


def _may_open(endpoint: str) -> bool:
    user = g.get("staff_user") if has_request_context() else None
    return user is not None and user.has_any_role(required_roles(endpoint))


def built_journey(module_id: str) -> BuiltJourneySummary | None:
    """What a module may show of the built journey ``module_id``; None when there is none."""
    record = _record(module_id)
    if record is None:
        return None
    definition = store.draft_of(record)
    editor = "journeys_editor.overview"
    published = bool(store.stage_versions(record))
    return BuiltJourneySummary(
        module_id=module_id, slug=record.slug, name=dict(definition.name),
        stage=module_stage(module_id),
        editor_url=url_for(editor, slug=record.slug) if _may_open(editor) else None,
        resident_url=url_for(START_ENDPOINT, slug=record.slug)
        if published and record.ejected_at is None else None)


def test_rounds_of(module_id: str) -> list[TestRoundSummary]:
    """The module's sprint test rounds, newest first, with how many took part in each."""
    rows = db.session.execute(
        select(TestRound.name, TestRound.created_at, TestRound.version_number,
               func.count(Participant.id))
        .outerjoin(Participant, Participant.round_id == TestRound.id)
        .where(TestRound.module_id == module_id)
        .group_by(TestRound.id, TestRound.name, TestRound.created_at,
                  TestRound.version_number)
        .order_by(TestRound.created_at.desc(), TestRound.id.desc())).all()
    return [TestRoundSummary(*row) for row in rows]
