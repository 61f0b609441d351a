"""What the idea's pages show of its prototype: the built journey, its stage, its test rounds.

The prototype lives in the journey builder; the idea keeps only its module id.
Both the coach's page and the idea giver's follow page read it through here,
so the two never disagree about what the prototype is called or where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .models import Idea

STAGE_LABELS = {"idea": _l("Idea"), "prototype": _l("Prototype"), "pilot": _l("Pilot"),
                "live": _l("Live"), "retired": _l("Retired")}


@dataclass(frozen=True)
class Prototype:
    name: str
    stage: str
    stage_label: str
    #: The resident's start page, once a version is published (and not retired).
    url: str | None
    #: The journey editor, for staff who may open it.
    editor_url: str | None
    rounds: list[Any]


def prototype_of(idea: Idea, *, with_rounds: bool = False) -> Prototype | None:
    """The idea's prototype, or None when none was started (or its journey is gone)."""
    if not idea.prototype_module_id:
        return None
    found = tk.built_journey(idea.prototype_module_id)
    if found is None:
        return None
    language = tk.current_language()
    name = found.name.get(language) or next(iter(found.name.values()), found.slug)
    return Prototype(
        name=name, stage=found.stage, stage_label=str(STAGE_LABELS.get(found.stage,
                                                                       found.stage)),
        url=found.resident_url if found.stage in ("prototype", "pilot", "live") else None,
        editor_url=found.editor_url,
        rounds=tk.test_rounds_of(found.module_id) if with_rounds else [])
