"""The "show this page only if ..." builder, without JavaScript.

A condition is a list of rules combined with "all of these" or "any of
these"; each rule compares one earlier answer.  Adding a rule takes three
small steps, each a plain page (pick the question, pick how to compare, give
the value), so no step needs a script to show or hide the right inputs.  A
rule is only saved when ``conditions.problems`` finds nothing wrong with the
whole condition, and it says why otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ...forms import DateInputField, MultiCheckboxField
from ...i18n import current_language
from .. import conditions, store
from ..schema import KEY_PATTERN, AllOf, AnswerIs, AnyOf, Condition, JourneyDefinition, Page
from . import changes
from .common import (
    draft_form,
    is_read_only,
    revision_of,
    save,
    text,
)
from .forms import EditorForm, WholeNumberField
from .pages import located

OPERATOR_LABELS = {
    "is": _l("is"), "is_not": _l("is not"), "is_one_of": _l("is one of"),
    "contains": _l("includes any of"), "answered": _l("is answered"),
    "not_answered": _l("is not answered"), "at_least": _l("is at least"),
    "at_most": _l("is at most"), "before": _l("is before"), "after": _l("is after")}
MODES = {"all": _l("All of these rules must be true"),
         "any": _l("Any one of these rules is enough")}


def rules_of(condition: Condition | None) -> tuple[list[Condition], str]:
    """The condition's top-level rules and how they combine."""
    if condition is None:
        return [], "all"
    if isinstance(condition, AllOf):
        return list(condition.all), "all"
    if isinstance(condition, AnyOf):
        return list(condition.any), "any"
    return [condition], "all"


def combined(rules: list[Condition], mode: str) -> Condition | None:
    if not rules:
        return None
    if len(rules) == 1:
        return rules[0]
    return AllOf(all=tuple(rules)) if mode == "all" else AnyOf(any=tuple(rules))


def _with_condition(definition: JourneyDefinition, index: int,
                    condition: Condition | None) -> JourneyDefinition:
    data = changes.dumped(definition)
    page = data["pages"][index]
    page.pop("condition", None)
    if condition is not None:
        page["condition"] = condition.model_dump(mode="json", by_alias=True, exclude_none=True)
    return changes.validated(data)


def condition(slug: str, key: str):
    """The page's rules as sentences; remove one, choose all/any, or remove them all."""
    record, definition, index, page = located(slug, key)
    rules, mode = rules_of(page.condition)
    form, read_only = draft_form(EditorForm, record)
    if read_only:
        return read_only
    refused: list[str] = []
    if request.method == "POST":
        action = request.form.get("action", "")
        if form.validate():
            if action.startswith("remove-") and action[7:].isdigit() and \
                    int(action[7:]) < len(rules):
                rules.pop(int(action[7:]))
            elif action == "clear":
                rules = []
            elif action == "mode" and request.form.get("mode") in MODES:
                mode = request.form["mode"]
            else:
                abort(400)
            try:
                save(record, _with_condition(definition, index, combined(rules, mode)),
                     revision_of(form.revision.data), action="journey_condition_changed",
                     subject=key)
                return redirect(url_for(".condition", slug=slug, key=key), code=303)
            except store.JourneyRefused as error:
                refused = [str(error)]
    language = current_language()
    return render_template(
        "eservices/journeys/editor/condition.html", record=record, slug=slug,
        definition=definition, section="pages", page=page, form=form, refused=refused,
        heading=text(page.heading(), page.key), mode=mode, modes=MODES,
        sentence=conditions.describe(page.condition, definition.pages, language),
        rules=[conditions.describe(rule, definition.pages, language) for rule in rules],
        problems=conditions.problems(definition, index), read_only=is_read_only(record),
        earlier=bool(_earlier(definition, index)))


def _earlier(definition: JourneyDefinition, index: int) -> list[Page]:
    return [page for page in definition.pages[:index] if page.question is not None]


def _value_choices(target: Page, language: str) -> list[SelectChoice]:
    question = target.question
    assert question is not None
    if question.type == "yes_no":
        return [SelectChoice("yes", _("Yes")), SelectChoice("no", _("No"))]
    return [SelectChoice(option.value, text(option.label, option.value))
            for option in question.options]


def _value_form(target: Page, op: str, language: str) -> type[EditorForm]:
    """The form of step 3: the value ``op`` compares with, in the input that fits it."""
    attributes: dict[str, Any] = {}
    if op in ("is", "is_not"):
        attributes["value"] = RadioField(_l("Which answer?"), choices=_value_choices(
            target, language), validate_choice=False,
            validators=[InputRequired(_l("Select an answer"))])
    elif op in ("is_one_of", "contains"):
        attributes["value"] = MultiCheckboxField(_l("Which answers?"), choices=_value_choices(
            target, language), validate_choice=False,
            validators=[InputRequired(_l("Select at least one answer"))])
    elif op in ("at_least", "at_most"):
        attributes["value"] = WholeNumberField(_l("Number"), validators=[
            InputRequired(_l("Enter a whole number, like 3"))])
    elif op in ("before", "after"):
        attributes["value"] = DateInputField(_l("Date"), validators=[
            InputRequired(_l("Enter a date"))])
    return type("RuleValueForm", (EditorForm,), attributes)


def add_rule(slug: str, key: str):
    """Step 1 (?question), step 2 (?question&op) and step 3 (the value, POST)."""
    record, definition, index, page = located(slug, key)
    language = current_language()
    earlier = _earlier(definition, index)
    question_key = request.args.get("question", "")
    op = request.args.get("op", "")
    refused: list[str] = []
    target = definition.page(question_key) if question_key else None
    context: dict[str, Any] = {
        "record": record, "slug": slug, "definition": definition, "section": "pages",
        "page": page, "heading": text(page.heading(), page.key), "refused": refused,
        "earlier": [(p.key, text(p.heading(), p.key)) for p in earlier],
        "question_key": question_key, "op": op, "operator_labels": OPERATOR_LABELS,
        "read_only": is_read_only(record)}
    if question_key and (target is None or target.question is None):
        if not re.fullmatch(KEY_PATTERN, question_key):
            abort(404)
        refused += conditions.problems(definition, index, AnswerIs(question=question_key,
                                                                   op="answered"))
        context["step"] = 1
        return render_template("eservices/journeys/editor/condition_rule.html", **context)
    if target is None:
        context["step"] = 1
        return render_template("eservices/journeys/editor/condition_rule.html", **context)
    assert target.question is not None
    operators = conditions.operators_for(target.question.type)
    context |= {"target": target, "target_heading": text(target.heading(), target.key),
                "operators": operators}
    if request.method == "GET" and target not in earlier:
        refused += conditions.problems(definition, index, AnswerIs(question=question_key,
                                                                   op="answered"))
        context["step"] = 1
        return render_template("eservices/journeys/editor/condition_rule.html", **context)
    if op not in operators:
        context["step"] = 2
        if op:
            refused.append(_("Select how to compare the answer"))
        return render_template("eservices/journeys/editor/condition_rule.html", **context)
    form_class = _value_form(target, op, language)
    form, read_only = draft_form(form_class, record)
    if read_only:
        return read_only
    if request.method == "POST" and form.validate():
        value = form.value.data if "value" in form else None
        if isinstance(value, list):
            value = tuple(value)
        try:
            leaf = AnswerIs(question=question_key, op=op, value=value)
        except ValidationError:
            refused.append(_("That answer cannot be compared this way"))
        else:
            rules, mode = rules_of(page.condition)
            new = combined([*rules, leaf], mode)
            refused += conditions.problems(definition, index, new)
            if not refused:
                try:
                    save(record, _with_condition(definition, index, new),
                         revision_of(form.revision.data),
                         action="journey_condition_changed", subject=key)
                    return redirect(url_for(".condition", slug=slug, key=key), code=303)
                except (store.JourneyRefused, ValidationError) as error:
                    refused.append(str(error) if isinstance(error, store.JourneyRefused)
                                   else _("A condition can have at most 20 rules"))
    context |= {"step": 3, "form": form}
    return render_template("eservices/journeys/editor/condition_rule.html", **context)
