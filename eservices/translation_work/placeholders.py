"""Placeholders a translation must keep exactly: ``%(name)s``, ``%s``, ``{name}``.

The code fills them in: a translation that drops ``%(reference)s`` loses the
reference number, one that misspells it crashes the page, and a lone ``%`` in a
message the code formats is a crash too.  So an import compares each
translation's placeholders with the English message the code fills (or, for a
notification template, with the Swedish text), and refuses any difference.
"""

from __future__ import annotations

import re
from collections import Counter

from flask_babel import gettext as _

# Python's %-formatting as Babel recognises it ("%(name)s", "%s", "%d", "%.2f", "%%").
PERCENT = re.compile(r"%(?:\([\w]*\))?[-#0 +]?(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
                     r"[diouxXeEfFgGcrs%]")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def found(text: str, percent: bool = True) -> Counter[str]:
    """The placeholders in ``text``: a named one once, ``%s`` as often as it occurs.

    A name may be used twice or not in the same order in a translation; ``%s``
    and ``%d`` are filled in order, so their number must stay the same.
    """
    names: Counter[str] = Counter(set(BRACES.findall(text)))
    if percent:
        for match in PERCENT.findall(text):
            if match.startswith("%("):
                names[match] = 1
            elif match != "%%":
                names[match] += 1
    return names


def stray_percent(text: str) -> bool:
    """A ``%`` that starts no conversion: Python's ``%`` operator fails on it."""
    return "%" in PERCENT.sub("", text)


def shown(names: Counter[str] | set[str]) -> str:
    return ", ".join(sorted(names))


def differences(expected: Counter[str], translated: str, percent: bool) -> list[str]:
    """What is wrong with the placeholders of ``translated``, as sentences (none if right)."""
    got = found(translated, percent)
    problems = []
    missing = expected - got
    extra = got - expected
    if missing:
        problems.append(_("the placeholder %(names)s is missing", names=shown(missing)))
    if extra:
        problems.append(_("%(names)s is not a placeholder of the source text",
                          names=shown(extra)))
    if percent and stray_percent(translated):
        problems.append(_("a single %(sign)s must be written %(double)s in this message",
                          sign="%", double="%%"))
    return problems


def plural_differences(singular: str, plural: str, forms: list[str], percent: bool
                       ) -> list[str]:
    """A plural's forms may leave out the number, never another placeholder.

    Each form uses only placeholders of the English singular or plural, and
    keeps every placeholder the two have in common.
    """
    allowed = found(singular, percent) | found(plural, percent)
    common = found(singular, percent) & found(plural, percent)
    problems = []
    for number, form in enumerate(forms):
        got = found(form, percent)
        extra = set(got) - set(allowed)
        missing = set(common) - set(got)
        if missing:
            problems.append(_("plural form %(form)d: the placeholder %(names)s is missing",
                              form=number, names=shown(missing)))
        if extra:
            problems.append(_("plural form %(form)d: %(names)s is not a placeholder of the "
                              "source text", form=number, names=shown(extra)))
        if percent and stray_percent(form):
            problems.append(_("plural form %(form)d: a single %(sign)s must be written "
                              "%(double)s", form=number, sign="%", double="%%"))
    return problems
