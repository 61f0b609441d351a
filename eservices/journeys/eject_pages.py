"""What an ejected module's templates are filled with, page by page.

``eject.py`` renders ``eject_templates/`` with this context: the form classes
and the flow's steps (via ``eject_code``), each page's template, the receipts'
notification templates, and the one path through the journey its generated
test walks - chosen here by running the definition's own conditions
(``conditions.evaluate``) on sample answers, preferring answers that keep the
resident out of exit pages.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from . import conditions
from . import eject_code as code
from .schema import JourneyDefinition, Page, Question, Texts

#: A sample answer per type for the generated test (what a resident might type).
SAMPLES = {"short_text": "Test", "long_text": "Ett test av e-tjänsten", "name": "Anna Svensson",
           "address": "Kanalgatan 31", "email": "anna@example.se", "mobile": "070-123 45 67",
           "personal_number": "19811218-9876", "postal_code": "931 85"}
SAMPLE_MOBILE = "+46701234567"
LEGAL_BASES = {
    "consent": code.N_("We process them with your consent."),
    "contract": code.N_("We process them to fulfil an agreement with you."),
    "legal_obligation": code.N_("We process them because the law requires it."),
    "vital_interests": code.N_("We process them to protect someone's vital interests."),
    "public_interest": code.N_("We process them to perform a task in the public interest."),
    "legitimate_interests": code.N_("We process them for a legitimate interest."),
}


def _paragraphs(texts: Texts, module: code.Messages) -> list[str]:
    """A text's paragraphs (blank line between them), each its own message."""
    source = [p.strip() for p in texts.get(module.source, "").split("\n\n") if p.strip()]
    others = {language: [p.strip() for p in texts.get(language, "").split("\n\n") if p.strip()]
              for language in module.languages}
    found = []
    for index, paragraph in enumerate(source):
        found.append(module.in_template(module.text({
            language: (parts[index] if len(parts) == len(source) else texts.get(language, ""))
            for language, parts in others.items()} | {module.source: paragraph})))
    return found


def _input_call(page: Page, question: Question, field: str, hint: str | None) -> str:
    arguments = ["form", f"form.{field}"]
    if hint:
        arguments.append(f"hint=_({hint})")
    kind = question.type
    if kind == "long_text":
        return "{{ f.textarea(" + ", ".join([*arguments, "page_heading=True"]) + ") }}"
    if kind in ("one_choice", "yes_no", "several_choices"):
        box = "radio" if kind in ("one_choice", "yes_no") else "checkbox"
        return "{{ f.choices(" + ", ".join([*arguments, f'type="{box}"',
                                             "page_heading=True"]) + ") }}"
    if kind == "date":
        return "{{ f.date_input(" + ", ".join(arguments) + ") }}"
    if kind == "consent":
        return "{{ f.consent(" + ", ".join(arguments) + ") }}"
    token = question.autocomplete_token
    if token:
        arguments.append(f'autocomplete="{token}"')
    arguments += {"email": ['type="email"', "spellcheck=False"],
                  "mobile": ['type="tel"', "width=20"], "postal_code": ["width=10"],
                  "personal_number": ["width=20"], "number": ['inputmode="numeric"', "width=10"],
                  }.get(kind, [])
    return "{{ f.input(" + ", ".join([*arguments, "page_heading=True"]) + ") }}"


def _sample(page: Page, value: Any) -> str:
    """The generated test's POST data for a page, as Python source."""
    question = page.question
    field = code.identifier(page.key)
    if question is None:
        return "{}"
    if question.type == "date":
        if isinstance(value, dt.date):
            return f"_date({code.literal(field)}, dt.date({value.year}, {value.month}, " \
                   f"{value.day}))"
        return f"_date({code.literal(field)}, _days_from_today({value}))"
    if isinstance(value, list):
        value = value[0]
    if value is True:
        value = "y"
    return "{" + f"{code.literal(field)}: {code.literal(str(value))}" + "}"


def _candidates(question: Question) -> list[Any]:
    """Sample answers in order of preference (a later exit page may refuse some)."""
    kind = question.type
    if kind == "yes_no":
        return ["yes", "no"]
    if kind == "one_choice":
        return [option.value for option in question.options]
    if kind == "several_choices":
        return [[option.value] for option in question.options]
    if kind == "consent":
        return [True]
    if kind == "number":
        low = question.minimum if question.minimum is not None else min(
            1, question.maximum if question.maximum is not None else 1)
        return [low]
    if kind == "date":
        if question.earliest or question.latest:
            return [question.earliest or question.latest]
        return [{"past": -1, "future": 1, "any": 0}[question.date_rule]]
    return [SAMPLES[kind]]


def _walk(definition: JourneyDefinition) -> tuple[list[tuple[Page, Any]], dict[str, Any]]:
    """One path: each question answered with the first sample that opens no exit page."""
    answers: dict[str, Any] = {}
    walked: list[tuple[Page, Any]] = []
    today = dt.date.today()

    def opens_exit(after: int) -> bool:
        for page in definition.pages[after + 1:]:
            if page.question is not None:
                return False
            if page.kind == "exit" and conditions.evaluate(page.condition, answers.get):
                return True
        return False

    for index, page in enumerate(definition.pages):
        if not conditions.evaluate(page.condition, answers.get):
            continue
        if page.kind == "exit":
            break
        if page.question is None:
            walked.append((page, None))
            continue
        options = _candidates(page.question)
        for value in options:
            answers[page.key] = (today + dt.timedelta(days=value)
                                 if page.question.type == "date" and isinstance(value, int)
                                 else value)
            if not opens_exit(index):
                break
        walked.append((page, value))
    return walked, answers


def _docstring(definition: JourneyDefinition, page: Page, language: str) -> list[str]:
    sentence = conditions.describe(page.condition, definition.pages, language)
    lines = textwrap.wrap(f"Shown only if {sentence}.", 91)
    if len(lines) == 1:
        return [f'    """{lines[0]}"""']
    return ['    """' + lines[0], *(f"    {line}" for line in lines[1:]), '    """']


def page_context(definition: JourneyDefinition, module: code.Messages) -> dict[str, Any]:
    """The context of forms.py, views.py, the page templates and the test."""
    module_id = definition.module_id
    forms: list[dict[str, Any]] = []
    needs: set[str] = set()
    steps, summary, functions, templates = [], [], [], {}
    for page in definition.pages:
        question = page.question
        condition = ""
        if page.condition is not None:
            function = f"_show_{page.key}"
            functions.append({"function": function,
                              "doc": _docstring(definition, page, module.source),
                              "lines": code.condition_lines(page.condition)})
            condition = f", condition={function}"
        template = f'"{module_id}/{page.key}.html"'
        if question is not None:
            lines, wanted = code.field_lines(page.key, question, module.text, module.message)
            needs |= wanted
            forms.append({"class_name": code.class_name(page.key), "lines": lines})
            steps.append(f'    tk.Step("{page.key}", forms.{code.class_name(page.key)}, '
                         f"{template}{condition}),")
            summary += code.wrapped(module.text(question.summary_label or question.label), 4,
                                    f'"{page.key}": _l(', "),")
            hint = module.in_template(module.text(question.hint)) if question.hint else None
            templates[page.key] = {"template": "question", "kind": question.type,
                                   "field": code.identifier(page.key),
                                   "call": _input_call(page, question,
                                                       code.identifier(page.key), hint)}
        else:
            form = "forms.ExitPage" if page.kind == "exit" else "tk.SubmitForm"
            steps.append(f'    tk.Step("{page.key}", {form}, {template}{condition}, '
                         "on_summary=False),")
            templates[page.key] = {"template": "content", "kind": page.kind,
                                   "title": module.in_template(module.text(page.title)),
                                   "paragraphs": _paragraphs(page.body, module)}
    steps = [line if len(line) <= code.WIDTH else
             line.replace(", condition=", ",\n            condition=") for line in steps]
    return {"page_count": len(definition.pages), "forms": forms, "needs": needs,
            "has_exit": any(page.kind == "exit" for page in definition.pages),
            "wtforms_names": ", ".join(sorted(
                {"BooleanField", "StringField", "TextAreaField", "RadioField"} & needs
                | ({"ValidationError"} if needs & {"WholeNumber", "DateRule", "DateBound"}
                   else set()))) or "Form",
            "validator_names": ", ".join(sorted({"InputRequired", "Length", "Optional"}
                                                & needs | ({"StopValidation"} if
                                                           "ExclusiveNone" in needs
                                                           else set()))),
            "steps": steps, "summary_lines": summary, "conditions": functions,
            "uses_dates": any(leaf.op in ("before", "after") for page in definition.pages
                              for leaf in conditions.leaves(page.condition)),
            "templates": templates | _fixed_pages(definition, module),
            **_receipts_and_test(definition, module)}


def _fixed_pages(definition: JourneyDefinition, module: code.Messages) -> dict[str, dict[str, Any]]:
    """Start, check answers and confirmation: the definition's texts or the platform's."""
    def heading(texts: Texts, fallback: str) -> str:
        return module.in_template(module.text(texts) if texts.get(module.source)
                                  else module.message(fallback))

    privacy = definition.privacy
    days = module.message(code.N_("We keep your answers for %(days)s days."),
                          days=privacy.retention_days)
    return {
        "start": {"template": "start", "name": module.in_template(module.text(definition.name)),
                  "paragraphs": _paragraphs(definition.start or definition.summary, module),
                  "privacy_heading": module.in_template(
                      module.message(code.N_("Your personal data"))),
                  "privacy": [*_paragraphs(privacy.controller, module),
                              *_paragraphs(privacy.purpose, module),
                              module.in_template(module.message(
                                  LEGAL_BASES[privacy.legal_basis])),
                              module.in_template(days)]},
        "check_answers": {"template": "check_answers",
                          "title": heading(definition.check_answers.title,
                                           "Check your answers"),
                          "declaration": _paragraphs(definition.check_answers.declaration,
                                                     module)},
        "confirmation": {"template": "confirmation",
                         "title": heading(definition.confirmation.title, "Sent"),
                         "next_steps": _paragraphs(definition.confirmation.next_steps,
                                                   module)},
    }


def _receipts_and_test(definition: JourneyDefinition, module: code.Messages) -> dict[str, Any]:
    walked, answers = _walk(definition)
    receipts = [{"to": receipt.to, "template": f"receipt_{number}",
                 "send": "send_sms" if receipt.channel == "sms" else "send_email"}
                for number, receipt in enumerate(definition.receipts, start=1)]
    sms = [receipt for receipt in definition.receipts if receipt.channel == "sms"
           and receipt.to in answers]
    questions = [page for page, _value in walked if page.question is not None]
    first = next((page for page in definition.pages
                  if conditions.evaluate(page.condition, lambda _key: None)), None)
    first_error = ""
    if first is not None and first.question is not None and first.question.required:
        first_error = module.entries[module.message(
            code.REQUIRED[first.question.type])][module.languages[0]]
    walk = [f"        ({code.literal(page.key.replace('_', '-'))}, {_sample(page, value)}),"
            for page, value in walked]
    return {"receipts": receipts, "walk": walk,
            "test_dates": any(page.question.type == "date" for page in questions
                              if page.question is not None),
            "name": code.literal(definition.name.get(module.languages[0], "")),
            "first_slug": first.key.replace("_", "-") if first is not None else "",
            "first_error": code.literal(first_error) if first_error else "",
            "answered_keys": [code.literal(key) for key in sorted(page.key
                                                                    for page in questions)],
            "receipt_expected": len(sms) == 1 and len(definition.receipts) == 1,
            "receipt_recipient": SAMPLE_MOBILE}


def notification_files(definition: JourneyDefinition, languages: list[str]) -> dict[str, str]:
    """``notifications/receipt_<n>.toml``: each receipt's texts in every language."""
    files = {}
    for number, receipt in enumerate(definition.receipts, start=1):
        lines = [f"# Receipt {number} of the journey, sent by {receipt.channel} to the answer "
                 f"to {receipt.to!r}."]
        for language in languages:
            lines.append(f"\n[{language}]")
            if receipt.channel == "sms":
                lines.append(f"sms = {code.literal(receipt.text.get(language, ''))}")
            else:
                lines.append(f"subject = {code.literal(receipt.subject.get(language, ''))}")
                lines.append(f"email = {code.literal(receipt.text.get(language, ''))}")
        files[f"notifications/receipt_{number}.toml"] = "\n".join(lines) + "\n"
    return files
