"""Module stages as designers set them, read once per request."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..availability import database_unavailable
from ..db import db, utcnow
from ..modules.manifest import Module, Stage
from ..staff import audit
from .models import ModuleStage, StageChange


def stored_stages() -> dict[str, Stage]:
    """Designer-set stages; cached for the request, empty before migrations ran."""
    if not has_app_context():
        return {}
    cached = g.get("_module_stages")
    if cached is None:
        try:
            cached = dict(db.session.execute(select(ModuleStage.module_id,
                                                    ModuleStage.stage)).all())
        except SQLAlchemyError as exc:  # e.g. `flask db upgrade` has not created it yet
            db.session.rollback()
            g._module_stages = {}
            if database_unavailable(exc):
                # The page cannot work either: answer 503 now, not after a second
                # timeout; the error page then reads the (empty) cache.
                raise
            cached = {}
        g._module_stages = cached
    return cached


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
    g.pop("_module_stages", None)
