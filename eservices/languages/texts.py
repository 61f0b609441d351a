"""A manifest's texts (names, summaries, staff page titles) in any configured language.

A manifest names things with lazy strings (``name=_l("Report an accessibility
problem")``) whose translations live in the module's catalogue, like every
other text of the module, so adding a language needs no change to the code.
The older form, a dict per language (``{"sv": ..., "en": ...}``), still works:
a language it lacks gets the Swedish, marked as Swedish.  Either is
translated in the module's own domain (its catalogue over the platform's, so
the platform's category names translate too), in the language asked for, not
the page's: a staff list or an e-mail may name a service in another language.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, has_app_context

from . import marks
from .configured import SWEDISH

Texts = Mapping[str, str] | str


def message_id(text: object) -> str:
    """The msgid of a lazy string (``_l("...")``), or a plain string's own text."""
    args = getattr(text, "_args", None)
    if args and isinstance(args[0], str):
        return args[0]
    return str(text)


def is_per_language(texts: object) -> bool:
    return isinstance(texts, Mapping)


def localized(texts: Texts, language: str, module_id: str | None = None) -> str:
    """``texts`` in ``language``: from the dict, or the catalogue of ``module_id``."""
    if isinstance(texts, Mapping):
        found = texts.get(language)
        if found:
            return found
        swedish = texts.get(SWEDISH) or next((t for t in texts.values() if t), "")
        return swedish if language == SWEDISH else marks.mark(swedish)
    msgid = message_id(texts)
    if not has_app_context():
        return msgid
    registry = current_app.extensions.get("eservices.modules")
    domain = registry.domains.get(module_id) if registry is not None and module_id else None
    if domain is None:
        domain = current_app.extensions.get("eservices.platform_domain")
    if domain is None:
        return msgid
    return domain.translations_for(language).ugettext(msgid)
