"""A published version as a ``Flow``: the journey engine runs a built journey.

Each page of the definition becomes a ``Step``: question pages with the form
``questions.form_class`` builds and a condition evaluated over the answers;
content pages with only a button, left off check answers; exit pages, which
end the path - the pages after an exit page that is on the path are not on
it.  Everything else (next, back, ``?change=1``, the first unanswered page,
discarding answers that dropped off the path, the idempotent submit) is the
engine's, exactly as for the code modules.

Version pinning: the version a resident's journey started on is stored in
the journey itself (``VERSION_KEY`` among its answers; no page key can take
that name), so publishing version 3 while someone is half-way through
version 2 changes nothing for them.  A test-round participant walks the
round's version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, session

from ..db import db
from ..designer import rounds
from ..designer.models import TestRound
from ..forms.flow import Answers, Flow, Step, SubmitForm
from ..forms.journey import Journey, SummaryRow
from . import catalogue, conditions, questions
from .catalogue import Built
from .schema import JourneyDefinition, Page

#: Where a journey keeps the version it started on (page keys start with a letter).
VERSION_KEY = "_version"
PAGE_TEMPLATE = "eservices/journeys/resident/page.html"
MAX_FLOWS = 256


@dataclass(frozen=True)
class Served:
    """The journey a request is for: which version, its definition, its flow."""

    built: Built
    number: int
    definition: JourneyDefinition
    flow: BuiltFlow
    language: str


class BuiltFlow(Flow):
    """A Flow whose check-answers rows use the designer's summary labels and values."""

    definition: JourneyDefinition
    language: str

    def rows(self, journey: Journey, answers: Answers | None = None) -> list[SummaryRow]:
        answers = answers or self.answers(journey)
        rows = []
        for step in self.path(journey, answers):
            page = self.definition.page(step.name)
            if not step.on_summary or page is None or page.question is None:
                continue
            label = questions.text(page.question.summary_label or page.question.label,
                                   self.language)
            rows.append(SummaryRow(
                key=label, value=questions.display_value(page, answers.value(step.name),
                                                         self.language),
                change_url=self.change_url(step), change_label=label))
        return rows


def _answer_lookup(answers: Answers, definition: JourneyDefinition) -> Callable[[str], Any]:
    def answer(key: str) -> Any:
        page = definition.page(key)
        if page is None or page.question is None:
            return None
        return questions.answer_value(page, answers.value(key))
    return answer


def _condition(definition: JourneyDefinition, page: Page, exits_before: list[Page]
               ) -> Callable[[Answers], bool] | None:
    """The page's own condition, and: no earlier exit page is on the path.

    The first earlier exit page whose condition holds is on the path (no exit
    before it holds), so "some earlier exit's condition holds" is "the path
    has ended".
    """
    if page.condition is None and not exits_before:
        return None

    def holds(answers: Answers) -> bool:
        answer = _answer_lookup(answers, definition)
        if any(conditions.evaluate(exit_page.condition, answer) for exit_page in exits_before):
            return False
        return conditions.evaluate(page.condition, answer)
    return holds


def build_flow(definition: JourneyDefinition, language: str) -> BuiltFlow:
    """The engine's steps for every page of ``definition``, in ``language``."""
    steps: list[Step] = []
    exits: list[Page] = []
    for page in definition.pages:
        form = (questions.form_class(page, language) if page.question is not None
                else SubmitForm)
        steps.append(Step(page.key, form, PAGE_TEMPLATE,
                          condition=_condition(definition, page, list(exits)),
                          on_summary=page.kind == "question"))
        if page.kind == "exit":
            exits.append(page)
    flow = BuiltFlow(definition.module_id, steps, step_endpoint=".page",
                     check_endpoint=".check", start_endpoint=".start",
                     confirmation_endpoint=".confirmation")
    flow.definition, flow.language = definition, language
    return flow


def flow_for(built: Built, number: int, definition: JourneyDefinition, language: str
             ) -> BuiltFlow:
    """The flow of one version in one language, built once per process (per app)."""
    flows: dict[tuple[int, int, str], BuiltFlow] = current_app.extensions.setdefault(
        "eservices.journeys.flows", {})
    key = (built.journey_id, number, language)
    if key not in flows:
        if len(flows) >= MAX_FLOWS:
            flows.pop(next(iter(flows)))
        flows[key] = build_flow(definition, language)
    return flows[key]


# -- which version --------------------------------------------------------------------

def round_version(module_id: str) -> int | None:
    """The version a test-round participant's round measures, for this module."""
    if "test_participant" not in session:
        return None
    participant = rounds.current_participant()
    if participant is None:
        return None
    test_round = db.session.get(TestRound, participant.round_id)
    if test_round is None or test_round.module_id != module_id:
        return None
    return test_round.version_number


def pinned_number(built: Built, state_answers: Mapping[str, Any] | None) -> int | None:
    """The round's version, else the one the journey started on, else the one served now."""
    number = round_version(built.module_id)
    if number is None and state_answers is not None:
        stored = state_answers.get(VERSION_KEY)
        number = stored if isinstance(stored, int) else None
    return number if number is not None else catalogue.serving_version(built)


def served(built: Built, language: str, journey: Journey | None) -> Served | None:
    """This request's version of ``built`` for the resident's journey (pinned on it)."""
    answers = journey.answers if journey is not None else None
    number = pinned_number(built, answers)
    definition = catalogue.definition(built.journey_id, number) if number else None
    if definition is None or number is None:
        return None
    if journey is not None and not journey.submitted and answers.get(VERSION_KEY) != number:
        journey.state.answers = {**answers, VERSION_KEY: number}
    result = Served(built, number, definition, flow_for(built, number, definition, language),
                    language)
    g.served_journey = result
    return result
