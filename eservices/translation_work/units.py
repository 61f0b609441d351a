"""One language's texts as translation units: every catalogue message and template text.

A unit is what a translator translates once: a catalogue message (with its
plural forms) or one channel of a notification template (``receipt.sms``).  It
carries the English the code was written in, the Swedish a translator here
works from, and the language's current translation with its state:

- ``initial``: no translation yet;
- ``translated``: a draft awaiting review (a fuzzy entry, or a template text
  listed in the template's ``[fuzzy]`` table, e.g. ``fi = ["sms"]``: a table of its
  own, so a language's table holds only its texts);
- ``reviewed``: done.

Unit ids are stable: a catalogue message's is a hash of its context and English
text (what gettext looks it up by), a template text's is ``<file>.<channel>``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from .catalogue_files import (
    SOURCE_LANGUAGE,
    is_plural,
    new_catalogue,
    po_path,
    read_catalogue,
    state_of,
)
from .sources import Source

STATES = ("initial", "translated", "reviewed")
CHANNELS = ("sms", "subject", "email")
DRAFTS_TABLE = "fuzzy"  # in a template: language -> the channels that are still drafts
_STATE_OF = {"missing": "initial", "fuzzy": "translated", "translated": "reviewed"}


@dataclass(frozen=True)
class Unit:
    module: str
    kind: str  # "catalogue" or "templates"
    id: str
    context: str  # the message's msgctxt, or the template file and channel
    english: tuple[str, ...]  # msgid (and msgid_plural), or the template's English
    source: tuple[str, ...]  # the Swedish (English when translating into Swedish)
    target: tuple[str, ...]  # one text per plural form of the language; "" = none yet
    state: str
    python_format: bool = False

    @property
    def file(self) -> str:
        return f"{self.kind}:{self.module}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, self.id)

    @property
    def plural(self) -> bool:
        return len(self.english) > 1

    @property
    def sms(self) -> bool:
        return self.kind == "templates" and self.id.endswith(".sms")

    def source_of_form(self, form: int) -> str:
        """The source text a plural form is translated from: singular for the first."""
        return self.source[0] if form == 0 else self.source[-1]


@dataclass(frozen=True)
class Export:
    language: str
    source_language: str
    units: list[Unit]

    def by_key(self) -> dict[tuple[str, str], Unit]:
        return {unit.key: unit for unit in self.units}


def source_language_for(language: str) -> str:
    """Translators work from Swedish; Swedish itself is translated from the English."""
    return "en" if language == SOURCE_LANGUAGE else SOURCE_LANGUAGE


def message_id(message: Message) -> str:
    singular = message.id[0] if is_plural(message) else message.id
    key = f"{message.context or ''}\x04{singular}".encode()
    return "m" + hashlib.sha256(key).hexdigest()[:16]


def _strings(message: Message | None, count: int) -> tuple[str, ...]:
    if message is None:
        return ("",) * count
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    strings = tuple(strings) + ("",) * (count - len(strings))
    return strings[:count]


def plural_count(translations: Path, language: str) -> int:
    """The plural forms of ``language`` (its catalogue's header, else Babel's rules)."""
    path = po_path(translations, language)
    return (read_catalogue(path) if path.exists() else new_catalogue(language, None)).num_plurals


def template_of(translations: Path) -> Catalog | None:
    """The messages to translate: ``messages.pot``, else the Swedish catalogue, else none."""
    for path in (translations / "messages.pot", po_path(translations, SOURCE_LANGUAGE)):
        if path.exists():
            return read_catalogue(path)
    return None


def catalogue_units(source: Source, language: str) -> Iterator[Unit]:
    assert source.translations is not None
    template = template_of(source.translations)
    if template is None:  # a module still without catalogues
        return
    source_language = source_language_for(language)
    source_path = po_path(source.translations, source_language)
    sources = read_catalogue(source_path) if source_path.exists() else None
    target_path = po_path(source.translations, language)
    targets = read_catalogue(target_path) if target_path.exists() else None
    forms = plural_count(source.translations, language)
    for message in template:
        if not message.id:
            continue
        english = tuple(message.id) if is_plural(message) else (message.id,)
        found = targets.get(message.id, message.context) if targets is not None else None
        count = forms if is_plural(message) else 1
        target = _strings(found, count)
        state = "initial" if found is None or not any(target) else _STATE_OF[state_of(found)]
        if source_language == "en":
            swedish = english
        else:
            swedish_message = sources.get(message.id, message.context) if sources else None
            swedish = _strings(swedish_message, len(english))
            if not all(swedish):  # no Swedish yet: the English is all there is
                swedish = english
        yield Unit(module=source.owner, kind="catalogue", id=message_id(message),
                   context=message.context or "", english=english, source=swedish,
                   target=target, state=state, python_format=message.python_format)


def read_template(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def template_units(source: Source, language: str) -> Iterator[Unit]:
    assert source.templates is not None
    source_language = source_language_for(language)
    for path in sorted(source.templates.glob("*.toml")):
        data = read_template(path)
        english_texts = data.get("en") or {}
        source_texts = data.get(source_language) or {}
        texts = data.get(language) or {}
        drafts = (data.get(DRAFTS_TABLE) or {}).get(language) or []
        for channel in CHANNELS:
            if channel not in source_texts:
                continue
            target = texts.get(channel, "")
            state = ("initial" if not target else
                     "translated" if channel in drafts else "reviewed")
            yield Unit(module=source.owner, kind="templates", id=f"{path.stem}.{channel}",
                       context=f"{path.name} {channel}",
                       english=(english_texts.get(channel, ""),),
                       source=(source_texts[channel],), target=(target,), state=state)


def collect(found: list[Source], language: str) -> Export:
    units: list[Unit] = []
    for source in found:
        if source.translations is not None:
            units.extend(catalogue_units(source, language))
        if source.templates is not None:
            units.extend(template_units(source, language))
    return Export(language=language, source_language=source_language_for(language),
                  units=units)
