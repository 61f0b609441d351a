"""Is a translator's file right?  Every problem with its line, or the changes it makes.

An import is all or nothing: one problem anywhere and nothing is written, so a
file with one broken placeholder never leaves a half-imported language.  The
checks: the file's language is a language code; every unit is one this site has
(no unknown units, none twice); a plural has as many forms as the language has;
the placeholders are kept exactly; no text is absurdly long.  An SMS that comes
out longer than the Swedish, or than the site sends, is a warning, not a refusal:
the translator may know better, but is told what it costs.

An empty translation leaves the text as it is: a file that only fills some
texts never wipes the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from notifications.segments import measure, sanitise

from .catalogue_files import LANGUAGE_CODE
from .incoming import TEXT_LIMIT, Incoming, Parsed, Problem
from .placeholders import differences, found, plural_differences
from .units import Export, Unit


@dataclass(frozen=True)
class Change:
    unit: Unit
    forms: tuple[str, ...]
    state: str


@dataclass
class Verdict:
    language: str | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    units: int = 0  # units the file carried


def check_language(parsed: Parsed) -> Verdict:
    verdict = Verdict(parsed.language, problems=list(parsed.problems))
    if parsed.language is not None and not LANGUAGE_CODE.fullmatch(parsed.language):
        verdict.problems.append(Problem(_("“%(code)s” is not a language code (two or three "
                                          "small letters, such as fi, se or fit)",
                                          code=parsed.language)))
    elif parsed.language is None and not parsed.problems:
        verdict.problems.append(Problem(_("the file does not say which language it is in")))
    return verdict


def check(parsed: Parsed, current: Export) -> Verdict:
    """``current``: the site's texts in the file's language, as they are now."""
    verdict = check_language(parsed)
    known = current.by_key()
    seen: set[tuple[str, str]] = set()
    for incoming in parsed.units:
        unit = known.get(incoming.key)
        if unit is None:
            verdict.problems.append(Problem(_("there is no such text on this site (an "
                                              "unknown unit)"), incoming.line, incoming.name))
            continue
        if incoming.key in seen:
            verdict.problems.append(Problem(_("the text is in the file twice"),
                                            incoming.line, incoming.name))
            continue
        seen.add(incoming.key)
        verdict.units += 1
        _check_unit(unit, incoming, current.language, verdict)
    if not parsed.units and not verdict.problems:
        verdict.problems.append(Problem(_("the file has no texts to import")))
    if verdict.problems:
        verdict.changes = []
    return verdict


def _check_unit(unit: Unit, incoming: Incoming, language: str, verdict: Verdict) -> None:
    forms = incoming.forms
    if len(forms) != len(unit.target):
        verdict.problems.append(Problem(
            _("the text has %(found)d forms; in %(language)s it has %(wanted)d (plural forms)",
              found=len(forms), language=language, wanted=len(unit.target)),
            incoming.line, incoming.name))
        return
    if not any(forms):
        return  # an empty translation leaves the text as it is
    if not all(forms):
        verdict.problems.append(Problem(_("fill in every plural form, or none"),
                                        incoming.line, incoming.name))
        return
    for form, text in enumerate(forms):
        if len(text) > TEXT_LIMIT:
            verdict.problems.append(Problem(_("the text is longer than %(limit)d characters",
                                              limit=TEXT_LIMIT), incoming.lines[form],
                                            incoming.name))
            return
    problems = _placeholder_problems(unit, list(forms))
    for message in problems:
        verdict.problems.append(Problem(message, incoming.line, incoming.name))
    if problems:
        return
    if unit.sms:
        warning = sms_warning(unit, forms[0], language)
        if warning:
            verdict.warnings.append(Problem(warning, incoming.line, incoming.name))
    state = "translated" if incoming.state == "initial" else incoming.state
    if tuple(forms) != unit.target or state != unit.state:
        verdict.changes.append(Change(unit, tuple(forms), state))


def _placeholder_problems(unit: Unit, forms: list[str]) -> list[str]:
    if unit.kind == "templates":
        # The code fills a template's placeholders by name, as the Swedish uses them.
        return differences(found(unit.source[0], percent=False), forms[0], percent=False)
    if unit.plural:
        return plural_differences(unit.english[0], unit.english[1], forms, unit.python_format)
    return differences(found(unit.english[0], unit.python_format), forms[0],
                       unit.python_format)


def sms_warning(unit: Unit, text: str, language: str) -> str:
    """Why an SMS translation costs more than the Swedish, or is longer than is sent."""
    source = measure(sanitise(unit.source[0]))
    length = measure(sanitise(text))
    most = current_app.config["SMS_MAX_SEGMENTS"]
    if length.segments <= source.segments and length.segments <= most:
        return ""
    return _("the SMS in %(language)s takes %(segments)d segments (%(encoding)s, %(units)d "
             "characters) before its placeholders are filled in, the source %(source)d "
             "(%(source_encoding)s); at most %(most)d are sent", language=language,
             segments=length.segments, encoding=length.encoding, units=length.units,
             source=source.segments, source_encoding=source.encoding, most=most)
