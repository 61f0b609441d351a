"""The resident pages of a built journey: start, each page, check answers, confirmation.

Handlers only (``resident_blueprint`` maps the URLs).  The URL's slug is
turned into the journey by the blueprint's URL processors, which also put
it back into every ``url_for`` of the blueprint, so ``Flow.url()`` works as
for a code module.  Navigation, answers kept on the server, the return from
"Change", expired pages and the idempotent submit are the journey engine's.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..db import db
from ..forms.flow import Answers, SubmitForm
from ..forms.journey import Journey
from ..i18n import current_language
from . import catalogue, questions, receipts, runtime
from .submissions import record_submission

TEMPLATES = "eservices/journeys/resident/"


# -- URL processors --------------------------------------------------------------------

def journey_from_url(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """``/<slug>/...``: the published journey, or 404 (none, or a code module has it)."""
    slug = (values or {}).pop("slug", None)
    built = catalogue.served(slug)
    if built is None:
        abort(404)
    g.built_journey = built


def slug_into_urls(_endpoint: str, values: dict[str, Any]) -> None:
    built = g.get("built_journey")
    if built is not None:
        values.setdefault("slug", built.slug)


# -- the pages ---------------------------------------------------------------------------

def _served(journey: Journey | None) -> runtime.Served:
    served = runtime.served(g.built_journey, current_language(), journey)
    if served is None:
        abort(404)
    return served


def _context(served: runtime.Served, **more: Any) -> dict[str, Any]:
    return {"definition": served.definition, "language": served.language,
            "tx": lambda texts: questions.text(texts, served.language), **more}


def start() -> Response | str:
    """The start page; its button starts (or restarts, after a submit) the journey."""
    name = g.built_journey.module_id
    form = SubmitForm()
    if form.validate_on_submit():
        journey = Journey.fresh(name)
        served = _served(journey)
        path = served.flow.path(journey)
        db.session.commit()
        return redirect(served.flow.url(path[0]) if path else url_for(".check"), code=303)
    served = _served(Journey.current(name, create=False))
    return render_template(TEMPLATES + "start.html", form=form, **_context(served))


def page(step: str) -> Response | str:
    journey = Journey.current(g.built_journey.module_id)
    served = _served(journey)
    found = served.flow.by_slug(step)
    definition_page = served.definition.page(found.name)
    if definition_page is not None and definition_page.kind == "exit" \
            and request.method == "POST":
        return redirect(served.flow.url(found), code=303)  # an exit page has no button
    return served.flow.page(found.name, **_context(served, page=definition_page))


def _submit(served: runtime.Served, journey: Journey, answers: Answers) -> None:
    """The case and its receipts, in the transaction that claimed the reference."""
    definition, language = served.definition, served.language
    reference = journey.reference or ""
    displayed: dict[str, str] = {}
    raw: dict[str, Any] = {}
    rows = []
    for step in served.flow.path(journey, answers):
        page = definition.page(step.name)
        if page is None or page.question is None:
            continue
        data = answers.value(step.name)
        displayed[page.key] = questions.display_value(page, data, language)
        raw[page.key] = questions.json_value(data)
        rows.append({"key": page.key, "label": questions.text(
            page.question.summary_label or page.question.label, language),
            "value": displayed[page.key]})
    record_submission(module_id=definition.module_id, version_number=served.number,
                      reference=reference, language=language, rows=rows, values=raw,
                      retention_days=definition.privacy.retention_days)
    receipts.send(definition, reference=reference, language=language, displayed=displayed,
                  raw=raw)


def check() -> Response | str:
    journey = Journey.current(g.built_journey.module_id)
    served = _served(journey)
    return served.flow.check(
        TEMPLATES + "check_answers.html",
        lambda journey, answers: _submit(served, journey, answers),
        reference_prefix=served.definition.reference_prefix, **_context(served))


def confirmation() -> Response | str:
    journey = Journey.finished(g.built_journey.module_id)
    if journey is None:
        return redirect(url_for(".start"))
    served = _served(journey)
    return render_template(TEMPLATES + "confirmation.html", reference=journey.reference,
                           **_context(served))
