"""Where the texts are: the platform's and every installed module's catalogue and templates.

One ``Source`` per owner (``platform`` or a module id): its translations folder
(``messages.pot`` and one ``<code>/LC_MESSAGES/messages.po`` per language) and
its folder of notification templates (``*.toml``, a table per language).  Every
installed module counts, enabled or not: a language is translated once for the
site, whichever modules are switched on today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from notifications.templates import PLATFORM_TEMPLATES

from .catalogue_files import PLATFORM_TRANSLATIONS, languages_in

#: Where ``sources()`` finds the files instead, when set (a test points it at a copy).
OVERRIDE = "eservices.translation_work.sources"


@dataclass(frozen=True)
class Source:
    owner: str
    translations: Path | None
    templates: Path | None


def sources() -> list[Source]:
    """The platform first, then the installed modules by id."""
    override = current_app.extensions.get(OVERRIDE)
    if override is not None:
        return list(override)
    found = [Source("platform", PLATFORM_TRANSLATIONS, PLATFORM_TEMPLATES)]
    registry = current_app.extensions["eservices.modules"]
    for module_id, module in sorted(registry.installed.items()):
        translations = module.translations_dir if module.translations_dir.is_dir() else None
        templates = (module.notification_templates_dir
                     if module.notification_templates_dir.is_dir() else None)
        if translations is not None or templates is not None:
            found.append(Source(module_id, translations, templates))
    return found


def languages(found: list[Source]) -> list[str]:
    """The languages that have a catalogue anywhere, Swedish and English first."""
    return languages_in(source.translations for source in found if source.translations)
