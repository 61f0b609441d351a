"""Message templates: one TOML file per message, a table per language.

    # services/<module>/notifications/receipt.toml
    [sv]
    sms = "Vi har tagit emot din rapport {reference}."
    subject = "Vi har tagit emot din rapport"
    email = \"\"\"Hej {name}! ...\"\"\"

    [en]
    ...

Placeholders are ``{name}``; a missing one is an error when sending, so a resident
never receives a literal placeholder.  Templates are named ``<module id>/<file>``.

A message is written in its recipient's language, any of the site's
(``LANGUAGES``): the template's table for it (``[fi]``, ``[se]``, ``[fit]``),
else its Swedish table, per template and channel, so a language can be added
one template at a time (and an SMS too long in its language goes from the
Swedish table when that fits: ``sms_text``).  A text listed in the template's ``[fuzzy]`` table
(``fi = ["sms"]``) is a machine-assisted draft, sent only in a language the site
offers as incomplete.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app

from eservices.languages import marks
from eservices.languages.current import site_languages

PLATFORM_TEMPLATES = Path(__file__).resolve().parent / "messages"
FALLBACK_LANGUAGE = "sv"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Control characters (line breaks among them) and Unicode's line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class TemplateError(ValueError):
    """A template is missing, malformed, or lacks a language or channel."""


class MissingPersonalisation(ValueError):
    def __init__(self, template: str, missing: list[str]) -> None:
        super().__init__(f"template {template!r} needs personalisation: {', '.join(missing)}")
        self.missing = missing


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def placeholders(text: str) -> list[str]:
    return sorted(set(_PLACEHOLDER.findall(text)))


def fill(template_id: str, text: str, personalisation: Mapping[str, Any],
         one_line: bool = False) -> str:
    """``text`` with its placeholders filled; ``one_line`` (a subject) turns any line
    break a value carries into a space, so no value can start new header lines or
    push the real subject out of view."""
    missing = [name for name in placeholders(text) if name not in personalisation
               or personalisation[name] is None]
    if missing:
        raise MissingPersonalisation(template_id, missing)

    def value(match: re.Match[str]) -> str:
        # A translated value may carry a Swedish fallback's marks: text, not HTML.
        filled = marks.strip(str(personalisation[match.group(1)]))
        return " ".join(_CONTROL.sub(" ", filled).split()) if one_line else filled

    return _PLACEHOLDER.sub(value, text)


@cache
def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: {exc}") from exc


def template_dirs() -> dict[str, Path]:
    """Folders of message templates by owner id: the platform's and each module's."""
    dirs = {"platform": PLATFORM_TEMPLATES}
    registry = current_app.extensions["eservices.modules"]
    for module in registry.enabled.values():
        if module.notification_templates_dir.is_dir():
            dirs[module.id] = module.notification_templates_dir
    return dirs


def source(template_id: str) -> dict[str, Any]:
    owner, _, name = template_id.partition("/")
    folder = template_dirs().get(owner)
    if folder is None or not re.fullmatch(r"[a-z0-9_]+", name):
        raise TemplateError(f"unknown message template {template_id!r}")
    path = folder / f"{name}.toml"
    if not path.is_file():
        raise TemplateError(f"unknown message template {template_id!r}")
    return _load(path)


def _has(texts: Any, channel: str) -> bool:
    if not isinstance(texts, dict):
        return False
    return "sms" in texts if channel == "sms" else "email" in texts and "subject" in texts


def _is_draft(data: Mapping[str, Any], channel: str, language: str) -> bool:
    """Whether the language's text for ``channel`` is a draft (listed in the template's
    ``[fuzzy]`` table) that the site does not show: only a language offered as
    incomplete (``LANGUAGES_INCOMPLETE``) sends its drafts."""
    drafts = data.get("fuzzy", {})
    listed = drafts.get(language, ()) if isinstance(drafts, dict) else ()
    keys = ("sms",) if channel == "sms" else ("subject", "email")
    if not any(key in listed for key in keys):
        return False
    return language not in site_languages().incomplete


def written_in(data: Mapping[str, Any], channel: str, language: str) -> str:
    """The table a message in ``language`` is written from: its own, else Swedish's."""
    if _has(data.get(language), channel) and not _is_draft(data, channel, language):
        return language
    return FALLBACK_LANGUAGE


def texts_for(template_id: str, channel: str, language: str) -> dict[str, str]:
    """The template's texts (``sms``, or ``subject`` and ``email``) for ``language``."""
    data = source(template_id)
    table = written_in(data, channel, language)
    texts = data.get(table)
    if not _has(texts, channel):
        key = "sms" if channel == "sms" else "subject and email"
        raise TemplateError(f"template {template_id!r} has no [{table}] table with {key}")
    return texts


def render(template_id: str, channel: str, language: str,
           personalisation: Mapping[str, Any]) -> Rendered:
    texts = texts_for(template_id, channel, language)
    key = "sms" if channel == "sms" else "email"
    subject = fill(template_id, texts.get("subject", ""), personalisation, one_line=True) \
        if channel == "email" else ""
    return Rendered(subject=subject, body=fill(template_id, texts[key], personalisation))


def all_templates() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for owner, folder in sorted(template_dirs().items()):
        for path in sorted(folder.glob("*.toml")):
            found.append((f"{owner}/{path.stem}", _load(path)))
    return found
