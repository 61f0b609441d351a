"""Module stages as designers set them: read once per request, cached per process.

Every page asks for its module's stage several times (banner, robots header,
feedback widget, prototype password, a retired module's 410), and the catalogue
for every module's.  The stages change a few times a year, so a process reads
them at most once per ``TTL_SECONDS`` and keeps them per app.  A stage moved in
this process (``move``, or any flush that writes a ``ModuleStage`` row) drops
the cache at once, and again when that commits; another process serves the old
stage for at most ``TTL_SECONDS`` (the bound built journeys have too).  Within
one request the stages never change under a page.  A failed read (before the
migrations ran) is not kept beyond the request.
"""

from __future__ import annotations

from blinker import Namespace
from flask import current_app
from sqlalchemy import select

from ..db import db, utcnow
from ..modules.manifest import Module, Stage
from ..process_cache import ProcessCache
from ..staff import audit
from .models import ModuleStage, StageChange

#: How long another process may serve a stage after a designer moved it.
TTL_SECONDS = 5.0

#: Sent by ``move_id`` with ``module_id``, ``from_stage``, ``to_stage`` and
#: ``changed_by`` (the app is the sender), inside the mover's transaction: what a
#: receiver writes (the idea lock moves the idea its prototype came from) commits
#: with the stage change or rolls back with it.
stage_moved = Namespace().signal("stage-moved")


def _read() -> dict[str, Stage]:
    return dict(db.session.execute(select(ModuleStage.module_id, ModuleStage.stage)).all())


_STAGES: ProcessCache[dict[str, Stage]] = ProcessCache(
    "eservices.designer.stages", _read, ttl_seconds=TTL_SECONDS, watches=(ModuleStage,),
    fallback=dict)


def stored_stages() -> dict[str, Stage]:
    """Designer-set stages (see the module's docstring); empty before migrations ran."""
    return _STAGES.get()


def forget_stages() -> None:
    """Drop this process's stages (a stage was written): the next read goes to the database."""
    _STAGES.forget()


def move(module: Module, current: str, to_stage: str, reason: str, changed_by: str) -> None:
    """Record a stage change: the new stage, its history row and the audit event."""
    move_id(module.id, current, to_stage, reason, changed_by)


def move_id(module_id: str, current: str, to_stage: str, reason: str, changed_by: str
            ) -> None:
    """``move`` by module id: a built journey has no manifest object to hand."""
    now = utcnow()
    row = db.session.get(ModuleStage, module_id)
    if row is None:
        db.session.add(ModuleStage(module_id=module_id, stage=to_stage, changed_at=now))
    else:
        row.stage, row.changed_at = to_stage, now
    db.session.add(StageChange(module_id=module_id, from_stage=current, to_stage=to_stage,
                               reason=reason, changed_by=changed_by, changed_at=now))
    audit.record("stage_changed", subject=module_id, module_id=module_id,
                 from_stage=current, to_stage=to_stage)
    forget_stages()
    stage_moved.send(current_app._get_current_object(), module_id=module_id,
                     from_stage=current, to_stage=to_stage, changed_by=changed_by)
