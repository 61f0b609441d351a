"""Conditions as data: evaluated by a small interpreter, described as a sentence.

"Show this page only if ..." is stored as a tree of ``all``/``any``/``not``
over leaves such as "the answer to *bin* is *food*" (schema.py).  There is no
``eval`` and no expression language: the interpreter below knows ten
operators, each of which compares one stored answer with one constant, so a
definition cannot run code, loop, or read anything but earlier answers.

Answers reach the interpreter as plain values - a chosen option's value, a
list of chosen values, a whole number, a date - or None when the question is
unanswered or off the path.  A comparison with an unanswered question is
false (except ``not_answered``), so an optional question left empty never
opens a branch by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _

from .schema import AllOf, AnswerIs, AnyOf, Condition, JourneyDefinition, NotThis, Page

#: The operators each question type can be compared with.
OPERATORS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "one_choice": ("is", "is_not", "is_one_of", "answered", "not_answered"),
    "yes_no": ("is", "is_not", "answered", "not_answered"),
    "several_choices": ("contains", "answered", "not_answered"),
    "number": ("at_least", "at_most", "answered", "not_answered"),
    "date": ("before", "after", "answered", "not_answered"),
    "consent": ("answered", "not_answered"),
}
ANSWERED_ONLY = ("answered", "not_answered")
YES_NO_VALUES = ("yes", "no")


def operators_for(question_type: str) -> tuple[str, ...]:
    """Text-like answers can only be tested for being given: comparing free text
    with a constant is fragile (spelling, case) and GOV.UK Forms forbids it too."""
    return OPERATORS_BY_TYPE.get(question_type, ANSWERED_ONLY)


def evaluate(condition: Condition | None, answer: Callable[[str], Any]) -> bool:
    """Whether ``condition`` holds; ``answer(key)`` gives an answer or None."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(evaluate(part, answer) for part in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(part, answer) for part in condition.any)
    if isinstance(condition, NotThis):
        return not evaluate(condition.not_, answer)
    return _leaf(condition, answer(condition.question))


def _leaf(leaf: AnswerIs, value: Any) -> bool:
    # 0 is an answer; False (an unticked consent) and empty text or lists are not.
    given = value is not None and value is not False and value != "" and (
        not isinstance(value, list | tuple | set) or bool(value))
    if leaf.op == "answered":
        return given
    if leaf.op == "not_answered":
        return not given
    if not given:
        return False
    chosen = set(value) if isinstance(value, list | tuple | set) else {value}
    if leaf.op == "is":
        return chosen == {leaf.value}
    if leaf.op == "is_not":
        return leaf.value not in chosen
    if leaf.op in ("is_one_of", "contains"):
        return bool(chosen & set(leaf.value))  # type: ignore[arg-type]
    if leaf.op in ("at_least", "at_most"):
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return value >= leaf.value if leaf.op == "at_least" else value <= leaf.value  # type: ignore[operator]
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return False
    return value < leaf.value if leaf.op == "before" else value > leaf.value  # type: ignore[operator]


def leaves(condition: Condition | None) -> Iterator[AnswerIs]:
    """Every comparison in a condition, depth first."""
    if condition is None:
        return
    if isinstance(condition, AnswerIs):
        yield condition
    elif isinstance(condition, NotThis):
        yield from leaves(condition.not_)
    else:
        for part in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from leaves(part)


def referenced(condition: Condition | None) -> set[str]:
    return {leaf.question for leaf in leaves(condition)}


def problems(definition: JourneyDefinition, page_index: int,
             condition: Condition | None = None) -> list[str]:
    """Why the condition on page ``page_index`` cannot be saved; empty when it can.

    A condition may only look at questions *before* its page (forward-only
    routes: no loops), with an operator that question's type supports, and at
    options the question actually offers.
    """
    page = definition.pages[page_index]
    condition = condition if condition is not None else page.condition
    earlier = {p.key: p for p in definition.pages[:page_index] if p.question is not None}
    later = {p.key for p in definition.pages[page_index:]}
    found: list[str] = []
    for leaf in leaves(condition):
        target = earlier.get(leaf.question)
        if target is None or target.question is None:
            if leaf.question in later:
                found.append(_("The condition uses the question “%(key)s”, which comes at or "
                               "after this page; a page can only depend on earlier answers",
                               key=leaf.question))
            else:
                found.append(_("The condition uses the question “%(key)s”, which does not "
                               "exist", key=leaf.question))
            continue
        question = target.question
        if leaf.op not in operators_for(question.type):
            found.append(_("A question of this type cannot be compared that way: "
                           "“%(key)s”", key=leaf.question))
            continue
        offered = (YES_NO_VALUES if question.type == "yes_no"
                   else tuple(o.value for o in question.options))
        wanted = ((leaf.value,) if isinstance(leaf.value, str)
                  else leaf.value if isinstance(leaf.value, tuple) else ())
        missing = [value for value in wanted if value not in offered]
        if missing:
            found.append(_("The condition uses the answer “%(value)s”, which the question "
                           "“%(key)s” does not offer", value=", ".join(missing),
                           key=leaf.question))
    return found


# -- in words ------------------------------------------------------------------------

def describe(condition: Condition | None, pages: Sequence[Page] | Mapping[str, Page],
             language: str, fallback: str = "sv") -> str:
    """The condition as a sentence for the editor and the differences between versions.

    "the answer to “Which bin?” is “Food waste”, and the answer to ... ".
    """
    by_key = pages if isinstance(pages, Mapping) else {p.key: p for p in pages}
    if condition is None:
        return _("Always shown")
    return _describe(condition, by_key, language, fallback)


def _text(texts: Mapping[str, str], language: str, fallback: str) -> str:
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), "")


def _describe(condition: Condition, pages: Mapping[str, Page], language: str,
              fallback: str) -> str:
    if isinstance(condition, AllOf):
        parts = [_describe(p, pages, language, fallback) for p in condition.all]
        return _(" and ").join(parts) if len(parts) > 1 else parts[0]
    if isinstance(condition, AnyOf):
        parts = [_describe(p, pages, language, fallback) for p in condition.any]
        return "(" + _(" or ").join(parts) + ")" if len(parts) > 1 else parts[0]
    if isinstance(condition, NotThis):
        return _("it is not so that %(condition)s",
                 condition=_describe(condition.not_, pages, language, fallback))
    page = pages.get(condition.question)
    question = page.question if page is not None else None
    name = (_text(question.summary_label or question.label, language, fallback)
            if question is not None else condition.question)

    def option(value: str) -> str:
        if question is not None and question.type == "yes_no":
            return _("Yes") if value == "yes" else _("No")
        found = next((o for o in question.options if o.value == value),
                     None) if question is not None else None
        return _text(found.label, language, fallback) if found is not None else value

    value = condition.value
    words = {
        "is": lambda: _("the answer to “%(q)s” is “%(v)s”", q=name, v=option(str(value))),
        "is_not": lambda: _("the answer to “%(q)s” is not “%(v)s”", q=name,
                            v=option(str(value))),
        "is_one_of": lambda: _("the answer to “%(q)s” is one of %(v)s", q=name,
                               v=", ".join(f"“{option(v)}”" for v in value)),  # type: ignore[union-attr]
        "contains": lambda: _("the answers to “%(q)s” include %(v)s", q=name,
                              v=_(" or ").join(f"“{option(v)}”" for v in value)),  # type: ignore[union-attr]
        "answered": lambda: _("“%(q)s” is answered", q=name),
        "not_answered": lambda: _("“%(q)s” is not answered", q=name),
        "at_least": lambda: _("the answer to “%(q)s” is at least %(v)s", q=name, v=value),
        "at_most": lambda: _("the answer to “%(q)s” is at most %(v)s", q=name, v=value),
        "before": lambda: _("the answer to “%(q)s” is before %(v)s", q=name,
                            v=value.isoformat()),  # type: ignore[union-attr]
        "after": lambda: _("the answer to “%(q)s” is after %(v)s", q=name,
                           v=value.isoformat()),  # type: ignore[union-attr]
    }
    return words[condition.op]()
