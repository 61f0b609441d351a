"""Drafts, versions and stages of built journeys: the one place that writes them.

The editor, the CLI and the importer all go through these functions, so the
rules hold whichever door a change comes in by:

* a draft may have problems while it is built; a version may not (publishing
  runs the integrity checks and refuses);
* a save names the draft revision it started from, and a save from an older
  revision is refused (``StaleDraft``) instead of overwriting a colleague;
* versions are never changed; restoring one copies it into the draft;
* an ejected journey is read-only: its code module owns it now.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..db import db, utcnow
from ..designer import lifecycle
from ..i18n import site_languages as _configured
from ..modules.manifest import STAGES
from ..staff import audit
from .integrity import Problem, check
from .models import JourneyRecord, JourneyStage, JourneyVersion
from .schema import JourneyDefinition

#: The stages a version can be published to, in lifecycle order.
PUBLISH_STAGES = ("prototype", "pilot", "live")


class JourneyRefused(Exception):
    """A change that cannot be made; ``problems`` says why, each with its place."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class StaleDraft(JourneyRefused):
    """Someone saved the draft since this change was started."""


def site_languages() -> list[str]:
    """The languages a journey has texts in (the editor's fields): the site's, in order."""
    return list(_configured().codes)


def required_languages() -> list[str]:
    """The languages a journey must have every text in to be published: the site's,
    except those offered as incomplete (``LANGUAGES_INCOMPLETE``), whose gaps are
    shown in Swedish as every other missing text of theirs."""
    site = _configured()
    return [code for code in site.codes if code not in site.incomplete]


def problems_of(definition: JourneyDefinition) -> list[Problem]:
    return check(definition, required_languages(), current_app.config["SMS_MAX_SEGMENTS"])


# -- reading ----------------------------------------------------------------------

def by_slug(slug: str) -> JourneyRecord | None:
    return db.session.scalar(select(JourneyRecord).where(JourneyRecord.slug == slug))


def all_journeys() -> list[JourneyRecord]:
    return list(db.session.scalars(select(JourneyRecord).order_by(JourneyRecord.slug)))


def draft_of(record: JourneyRecord) -> JourneyDefinition:
    return JourneyDefinition.model_validate(record.draft)


def versions_of(record: JourneyRecord) -> list[JourneyVersion]:
    return list(db.session.scalars(select(JourneyVersion)
                                   .where(JourneyVersion.journey_id == record.id)
                                   .order_by(JourneyVersion.number.desc())))


def version(record: JourneyRecord, number: int) -> JourneyVersion | None:
    return db.session.scalar(select(JourneyVersion).where(
        JourneyVersion.journey_id == record.id, JourneyVersion.number == number))


def definition_of(record: JourneyRecord, number: int) -> JourneyDefinition | None:
    found = version(record, number)
    return JourneyDefinition.model_validate(found.definition) if found is not None else None


def stage_versions(record: JourneyRecord) -> dict[str, int]:
    """Stage -> the version number it serves."""
    return dict(db.session.execute(select(JourneyStage.stage, JourneyStage.version_number)
                                   .where(JourneyStage.journey_id == record.id)).all())


def serving_version(pointers: dict[str, int], stage: str) -> int | None:
    """The version residents get in ``stage``: that stage's, else the nearest earlier one's.

    A designer may move a journey on in the lifecycle before publishing a
    version to the new stage; residents then keep the version they had.
    """
    if stage not in STAGES:
        return None
    order = list(PUBLISH_STAGES)
    reachable = order[:order.index(stage) + 1] if stage in order else (
        order if stage == "retired" else [])
    for candidate in reversed(reachable):
        if candidate in pointers:
            return pointers[candidate]
    return None


# -- writing ----------------------------------------------------------------------

def _writable(record: JourneyRecord) -> None:
    if record.ejected_at is not None:
        raise JourneyRefused(_("This journey was turned into a code module and can no longer "
                               "be changed here"))


def create(definition: JourneyDefinition, by: str) -> JourneyRecord:
    """A new journey with ``definition`` as its draft; the slug and id must be free."""
    taken = db.session.scalar(select(func.count()).select_from(JourneyRecord).where(
        (JourneyRecord.slug == definition.slug)
        | (JourneyRecord.module_id == definition.module_id)))
    if taken or definition.module_id in current_app.extensions["eservices.modules"].installed:
        raise JourneyRefused(_("The address /%(slug)s/ is already used by another service",
                               slug=definition.slug))
    record = JourneyRecord(slug=definition.slug, module_id=definition.module_id,
                           draft=_stored(definition), created_by=by, draft_updated_by=by)
    db.session.add(record)
    db.session.flush()
    audit.record("journey_created", subject=definition.slug, module_id=definition.module_id)
    return record


def _stored(definition: JourneyDefinition) -> dict[str, Any]:
    return definition.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def save_draft(record: JourneyRecord, definition: JourneyDefinition, by: str,
               revision: int | None = None) -> list[Problem]:
    """Store a new draft; the problems it still has (saving is allowed with problems).

    ``revision`` is the draft revision the change was made on; the save is a
    compare-and-set on it, so of two designers saving from the same revision
    the second is told instead of silently undoing the first.
    """
    _writable(record)
    if definition.slug != record.slug:
        raise JourneyRefused(_("A journey's address cannot be changed; import it under a "
                               "new address instead"))
    expected = record.draft_revision if revision is None else revision
    result = db.session.execute(
        update(JourneyRecord)
        .where(JourneyRecord.id == record.id, JourneyRecord.draft_revision == expected)
        .values(draft=_stored(definition), draft_revision=expected + 1,
                draft_updated_at=utcnow(), draft_updated_by=by)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleDraft(_("Someone else saved this journey while you were editing it. "
                           "Your change was not saved; look at the journey again and "
                           "make it once more"))
    db.session.refresh(record)
    return problems_of(definition)


def publish(record: JourneyRecord, note: str, by: str, stage: str = "prototype"
            ) -> JourneyVersion:
    """Publish the draft as the next version and point ``stage`` at it.

    Refused with every problem when the draft has any.  When the journey's
    lifecycle stage is before ``stage`` (or it has never been published), it
    moves there, with the change in the stage history.
    """
    _writable(record)
    if stage not in PUBLISH_STAGES:
        raise JourneyRefused(_("A version can be published as a prototype, a pilot or a "
                               "live service"))
    definition = draft_of(record)
    found = problems_of(definition)
    if found:
        raise JourneyRefused(_("The journey cannot be published until its problems are "
                               "fixed"), found)
    latest = db.session.scalar(select(func.max(JourneyVersion.number))
                               .where(JourneyVersion.journey_id == record.id)) or 0
    published = JourneyVersion(journey_id=record.id, number=latest + 1,
                               definition=_stored(definition), note=note.strip(),
                               published_by=by)
    db.session.add(published)
    db.session.flush()
    point(record, stage, published.number, by)
    audit.record("journey_published", subject=f"{record.slug} v{published.number}",
                 module_id=record.module_id, stage=stage, note=note.strip())
    return published


def point(record: JourneyRecord, stage: str, number: int, by: str) -> None:
    """Have ``stage`` serve version ``number``, and move the lifecycle on if it is behind."""
    if version(record, number) is None:
        raise JourneyRefused(_("There is no version %(number)s", number=number))
    row = db.session.get(JourneyStage, (record.id, stage))
    if row is None:
        db.session.add(JourneyStage(journey_id=record.id, stage=stage, version_number=number,
                                    set_by=by))
    else:
        row.version_number, row.set_by, row.set_at = number, by, utcnow()
    registry = current_app.extensions["eservices.modules"]
    current = registry.stage_overrides().get(record.module_id, "idea")
    if STAGES.index(current) < STAGES.index(stage) or current == "retired":
        lifecycle.move_id(record.module_id, current, stage,
                          _("Version %(number)s published", number=number), by)
    db.session.flush()


def restore(record: JourneyRecord, number: int, by: str) -> None:
    """Copy version ``number`` into the draft (the draft's own changes are replaced)."""
    found = definition_of(record, number)
    if found is None:
        raise JourneyRefused(_("There is no version %(number)s", number=number))
    save_draft(record, found, by)
    audit.record("journey_restored", subject=f"{record.slug} v{number}",
                 module_id=record.module_id)
