"""The journey engine: a ``Flow`` of ``Step``s owns the order of a module's question pages.

Every module used to write its own navigation - step order, next and back
links, the return to check answers after "Change", the first unanswered page,
the rows of the check-answers page - and each wrote it a little differently.
A ``Flow`` is that logic once:

* the *path* is the list of steps whose condition holds for the answers given
  so far, in declared order, so there are no loops and no dead ends;
* answers to steps that fall off the path are discarded when the path changes;
* "next" is the following step on the path, or check answers when the resident
  came from there (``?change=1``) and nothing on the path is unanswered;
* "back" is the previous step on the path (or check answers, or the start page);
* the first unanswered step is where any later page sends a resident who
  skipped ahead, and where check answers sends one whose answers no longer
  validate;
* the check-answers rows come from the validated forms of the steps on the path.

A step is plain data (a name, a form class, a template, an optional condition),
so a journey can be built at run time from a stored definition as well as
declared in Python.  Views stay in charge of what a submit *does*: ``page`` and
``check`` handle the common case and accept hooks for the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import Form

from ..db import db
from .base import QuestionForm
from .journey import Journey, SummaryRow, commit_writes
from .reference import new_reference

FormKwargs = Callable[[Journey], Mapping[str, Any]]


class SubmitForm(QuestionForm):
    """A page whose only input is its button: check answers, confirm, stop.

    One class for every such page (it carries the CSRF token), instead of an
    empty form class per module.
    """


@dataclass(frozen=True)
class Step:
    """One question page: its answers are stored under ``name``.

    ``condition`` decides from the answers so far whether the page is on the
    path ("show this page only if ..."); it must only look at earlier steps.
    ``endpoint`` names the page's own view; without it the flow's shared
    ``step_endpoint`` is used with ``step=<slug>``.
    """

    name: str
    form: type[Form]
    template: str = ""
    condition: Callable[[Answers], bool] | None = None
    endpoint: str = ""
    slug: str = ""
    form_kwargs: FormKwargs | None = None
    on_summary: bool = True

    @property
    def url_slug(self) -> str:
        return self.slug or self.name.replace("_", "-")


class Answers:
    """The validated answers of a journey, step by step, as conditions read them.

    A step found off the path reads as unanswered, even while its old answer
    is still stored: a condition must never depend on a page the resident will
    not see again (A changed, so B left the path, so C - which asked about B -
    must leave it too).
    """

    def __init__(self, flow: Flow, journey: Journey) -> None:
        self.flow = flow
        self.journey = journey
        self._forms: dict[str, Form | None] = {}
        self._path: list[Step] | None = None

    def path(self) -> list[Step]:
        """The steps on the path, each condition seeing only the steps before it."""
        if self._path is None:
            path: list[Step] = []
            for step in self.flow.steps:
                if step.condition is None or step.condition(self):
                    path.append(step)
                else:
                    self._forms[step.name] = None  # off the path: reads as unanswered
            self._path = path
        return self._path

    def form(self, name: str) -> Form | None:
        """The step's validated form, or None if it is unanswered or no longer valid."""
        if name not in self._forms:
            step = self.flow.step(name)
            self._forms[name] = self.journey.validated(step.form, name,
                                                       **self.flow.kwargs_for(step,
                                                                              self.journey))
        return self._forms[name]

    def value(self, name: str, field_name: str | None = None) -> Any:
        """The data of a step's field (the step's only field when not named), or None."""
        form = self.form(name)
        if form is None:
            return None
        fields = [f for f in form if f.name not in ("csrf_token", "submit")]
        chosen = next((f for f in fields if f.name == field_name), None) if field_name else (
            fields[0] if fields else None)
        return chosen.data if chosen is not None else None


@dataclass
class Flow:
    """The ordered steps of one journey and the navigation between them."""

    journey_name: str
    steps: Sequence[Step]
    step_endpoint: str = ".question"
    check_endpoint: str = ".check"
    start_endpoint: str = ".start"
    confirmation_endpoint: str = ".confirmation"
    _by_name: dict[str, Step] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {step.name: step for step in self.steps}
        if len(self._by_name) != len(self.steps):
            raise ValueError(f"{self.journey_name}: two steps share a name")

    # -- the steps -----------------------------------------------------------
    def step(self, name: str) -> Step:
        return self._by_name[name]

    def slugs(self) -> list[str]:
        """The URL segments of the steps on the shared endpoint (for an ``any()`` rule)."""
        return [s.url_slug for s in self.steps if not s.endpoint]

    def by_slug(self, slug: str) -> Step:
        """The step for a URL segment; 404 for anything else."""
        step = next((s for s in self.steps if s.url_slug == slug), None)
        if step is None:
            abort(404)
        return step

    def kwargs_for(self, step: Step, journey: Journey) -> Mapping[str, Any]:
        return step.form_kwargs(journey) if step.form_kwargs else {}

    def answers(self, journey: Journey) -> Answers:
        return Answers(self, journey)

    def path(self, journey: Journey, answers: Answers | None = None) -> list[Step]:
        """The steps whose condition holds, in order."""
        return (answers or self.answers(journey)).path()

    def first_unanswered(self, journey: Journey, answers: Answers | None = None
                         ) -> Step | None:
        answers = answers or self.answers(journey)
        return next((s for s in self.path(journey, answers) if answers.form(s.name) is None),
                    None)

    # -- links ---------------------------------------------------------------
    def url(self, step: Step, **args: Any) -> str:
        if step.endpoint:
            return url_for(step.endpoint, **args)
        return url_for(self.step_endpoint, step=step.url_slug, **args)

    def change_url(self, step: Step) -> str:
        return self.url(step, change=1)

    def next_url(self, journey: Journey, step: Step) -> str:
        answers = self.answers(journey)
        path = self.path(journey, answers)
        if request.args.get("change") == "1" and self.first_unanswered(journey,
                                                                         answers) is None:
            return url_for(self.check_endpoint)
        later = path[path.index(step) + 1:] if step in path else []
        if request.args.get("change") == "1":
            # A change that opened new pages: answer them, then back to check answers.
            missing = next((s for s in later if answers.form(s.name) is None), None)
            return self.url(missing, change=1) if missing else url_for(self.check_endpoint)
        return self.url(later[0]) if later else url_for(self.check_endpoint)

    def back_url(self, journey: Journey, step: Step, answers: Answers | None = None) -> str:
        if request.args.get("change") == "1":
            return url_for(self.check_endpoint)
        path = self.path(journey, answers)
        earlier = path[:path.index(step)] if step in path else []
        return self.url(earlier[-1]) if earlier else url_for(self.start_endpoint)

    # -- keeping answers on the path -----------------------------------------
    def discard_off_path(self, journey: Journey) -> None:
        """Forget answers to steps the path no longer passes through."""
        on_path = {s.name for s in self.path(journey)}
        journey.forget(*(s.name for s in self.steps
                         if s.name not in on_path and journey.has(s.name)))

    # -- check answers -------------------------------------------------------
    def rows(self, journey: Journey, answers: Answers | None = None) -> list[SummaryRow]:
        """One row per answered field of the steps on the path, each with its change link."""
        steps = [s for s in self.path(journey, answers) if s.on_summary]
        return journey.summary([(s.name, s.form, "") for s in steps],
                               change_url={s.name: self.change_url(s) for s in steps},
                               form_kwargs={s.name: dict(self.kwargs_for(s, journey))
                                            for s in steps})

    # -- the common handlers -------------------------------------------------
    def current(self) -> Journey:
        """The resident's journey; a submitted one goes (back) to its confirmation."""
        journey = Journey.current(self.journey_name)
        if journey.submitted:
            abort(redirect(url_for(self.confirmation_endpoint)))
        return journey

    def page(self, name: str, **context: Any) -> Response | str:
        """GET shows the page with saved answers; a valid POST saves and moves on.

        A page not on the path, or reached before an earlier step is answered,
        sends the resident to the first unanswered step instead.
        """
        journey = self.current()
        step = self.step(name)
        answers = self.answers(journey)
        path = self.path(journey, answers)
        if step not in path:
            missing = self.first_unanswered(journey, answers)
            return redirect(self.url(missing) if missing else url_for(self.check_endpoint))
        before = next((s for s in path[:path.index(step)] if answers.form(s.name) is None),
                      None)
        if before is not None:
            return redirect(self.url(before))
        form = journey.form(step.form, name, **self.kwargs_for(step, journey))
        if form.validate_on_submit():
            journey.save(name, form)
            self.discard_off_path(journey)
            db.session.commit()
            return redirect(self.next_url(journey, step))
        # Nothing was saved since ``answers`` was read: its path is still the path.
        back = self.back_url(journey, step, answers)
        commit_writes()
        return render_template(step.template, form=form, back=back, step=step, **context)

    def check(self, template: str, submit: Callable[[Journey, Answers], object],
              reference_prefix: str = "", **context: Any) -> Response | str:
        """Check answers: every step valid, then ``submit`` once on a valid POST.

        With ``reference_prefix`` the engine claims the journey under a new
        reference (``journey.reference``), calls ``submit`` only if this
        request won the claim, and commits: what ``submit`` adds (the case, its
        receipts) is stored together with the claim or not at all.  Without
        it, ``submit`` claims (``journey.claim``) and commits itself.  Either
        way a double click or a retry finds the journey claimed and goes to
        the confirmation.
        """
        journey = self.current()
        answers = self.answers(journey)
        missing = self.first_unanswered(journey, answers)
        if missing is not None:
            return redirect(self.url(missing))
        form = SubmitForm()
        if form.validate_on_submit():
            if not reference_prefix:
                submit(journey, answers)
            elif journey.claim(new_reference(reference_prefix)):
                submit(journey, answers)
                db.session.commit()
            return redirect(url_for(self.confirmation_endpoint), code=303)
        rows = self.rows(journey, answers)
        path = self.path(journey, answers)
        commit_writes()
        return render_template(template, form=form, rows=rows, answers=answers,
                               back=self.url(path[-1]) if path else url_for(
                                   self.start_endpoint), **context)

    def finished(self) -> Journey | None:
        """The submitted journey, for the confirmation page; None if there is none."""
        return Journey.finished(self.journey_name)

    def begin(self) -> Response:
        """The start button: a fresh journey (if the last was submitted), its first page.

        Always the first page on the path, with what was saved filled in - a
        resident pressing "Start now" again expects the beginning, not a page
        in the middle; the pages after it send a skipper back anyway.
        """
        journey = Journey.fresh(self.journey_name)
        path = self.path(journey)
        return redirect(self.url(path[0]) if path else url_for(self.check_endpoint))
