"""The journey's shape and the helpers every resident page shares.

start → identify → subscription (what to change) → one page per change →
when → contact → check answers → confirmation.  The order, the conditional
change pages, next/back, the ``?change=1`` return and the first unanswered
page all come from ``FLOW`` (the platform's journey engine); the handlers in
``views`` and ``journey_end`` only add what this module does on a submit.
Every page re-identifies the subscription from the saved answers and
re-checks the tariff, so nothing the browser sends (a hidden field, a URL)
can point the journey at another customer's subscription.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect
from sqlalchemy import select

from eservices import toolkit as tk

from . import identify
from .forms import (
    ChangesForm,
    CompostingForm,
    ContactForm,
    FrequencyForm,
    PauseForm,
    ShareForm,
    SizeForm,
    WhenForm,
)
from .meta import MODULE_ID
from .models import ChangeRequest
from .proposal import PAGES, Context
from .settings import current_tariff

JOURNEY = MODULE_ID
PAGE_FORMS = {"size": SizeForm, "home_composting": CompostingForm, "frequency": FrequencyForm,
              "share": ShareForm, "pause": PauseForm}


def context_for(journey: tk.Journey) -> Context | None:
    """The identified subscription with today's tariff, or None if not identified.

    Kept for the request: the engine builds each step's form with it, and one
    register lookup per request is enough while the identify answer is the same.
    """
    cache: dict[tuple[str, str], Context | None] = g.setdefault(f"{MODULE_ID}_ctx", {})
    key = (journey.state.id, repr(journey.state.answers.get("identify")))
    if key not in cache:
        form = journey.validated(identify.IdentifyForm, "identify")
        cache[key] = (None if form is None or form.subscription is None else
                      Context(current_tariff(), form.subscription, tk.clock.today(),
                              tk.current_language()))
    return cache[key]


def _with_ctx(journey: tk.Journey) -> dict[str, Any]:
    return {"ctx": context_for(journey)}


def _changes(answers: tk.Answers) -> list[str]:
    """The changes chosen so far ([] before identification: nothing to choose from)."""
    if answers.form("identify") is None:
        return []
    return list(answers.value("changes", "changes") or [])


def asks_when(changes: list[str]) -> bool:
    """A pause alone takes effect on its first day; everything else needs a date."""
    return changes != ["pause"]


def _chosen(page: str):
    return lambda answers: page in _changes(answers)


FLOW = tk.Flow(JOURNEY, [
    tk.Step("identify", identify.IdentifyForm, "waste_subscription/identify.html",
            endpoint=".identify_page", on_summary=False),
    tk.Step("changes", ChangesForm, "waste_subscription/subscription.html",
            endpoint=".subscription", form_kwargs=_with_ctx, on_summary=False),
    *(tk.Step(page, PAGE_FORMS[page], f"waste_subscription/change_{page}.html",
              condition=_chosen(page), form_kwargs=_with_ctx) for page in PAGES),
    tk.Step("when", WhenForm, "waste_subscription/when.html", endpoint=".when",
            condition=lambda answers: asks_when(_changes(answers)), form_kwargs=_with_ctx),
    tk.Step("contact", ContactForm, "waste_subscription/contact.html", endpoint=".contact"),
], step_endpoint=".change")


def chosen_changes(journey: tk.Journey, ctx: Context) -> list[str] | None:
    form = journey.validated(ChangesForm, "changes", ctx=ctx)
    return list(form.changes.data) if form else None


def open_case(ctx: Context) -> ChangeRequest | None:
    return tk.db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.customer_number == ctx.subscription.id,
        ChangeRequest.status.in_(("new", "in_progress"))).limit(1))


def identified() -> tuple[tk.Journey, Context]:
    """The journey and its identified subscription, or off to identification."""
    journey = FLOW.current()
    ctx = context_for(journey)
    if ctx is None:
        abort(redirect(FLOW.url(FLOW.step("identify"))))
    return journey, ctx


def with_changes(journey: tk.Journey, ctx: Context) -> list[str]:
    """The changes asked for, or back to choosing them."""
    changes = chosen_changes(journey, ctx)
    if changes is None:
        abort(redirect(FLOW.url(FLOW.step("changes"))))
    return changes
