"""The problems report: every integrity problem, with a link to the field that fixes it.

``Problem.page`` and ``Problem.field`` say where a problem is; this file
turns that into the editor page and the anchor of the box to change, and
sorts problems into the overview's tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for

from .. import store
from ..integrity import Problem
from .common import journey_or_404, link

#: The journey-wide fields each editor page holds (field names before "-<language>").
AREAS = {"name": "start", "summary": "start", "start": "start", "owner": "start",
         "reference_prefix": "start", "category": "start",
         "declaration": "check_answers", "next_steps": "confirmation",
         "controller": "privacy", "purpose": "privacy", "team_email": "privacy",
         "pages": "pages", "receipt": "receipts"}
#: Page fields edited in one box for all languages (the anchor has no language).
PAGE_FIELDS = ("options",)
ENDPOINTS = {"start": "journeys_editor.start", "pages": "journeys_editor.pages",
             "check_answers": "journeys_editor.check_answers",
             "confirmation": "journeys_editor.confirmation",
             "privacy": "journeys_editor.privacy", "receipts": "journeys_editor.receipts"}


def area_of(problem: Problem) -> str:
    """Which task of the overview a problem belongs to."""
    if problem.page:
        return "pages"
    return AREAS.get(problem.field.split("-")[0], "other")


@dataclass(frozen=True)
class Linked:
    problem: Problem
    url: str | None


def url_of(slug: str, problem: Problem) -> str | None:
    """The editor page and anchor of the field a problem is about."""
    if problem.page:
        if problem.field == "condition":
            return url_for("journeys_editor.condition", slug=slug, key=problem.page)
        target = url_for("journeys_editor.page", slug=slug, key=problem.page)
        field = problem.field.split("-")[0]
        if field in PAGE_FIELDS:  # one box for every language's options
            return f"{target}#page-{problem.page}-{field}"
        return target if field == "kind" else f"{target}#{problem.anchor}"
    area = area_of(problem)
    target = link(ENDPOINTS[area], slug=slug) if area in ENDPOINTS else None
    if target is None:
        return None
    return target if area == "pages" else f"{target}#{problem.anchor}"


def linked(slug: str, found: list[Problem]) -> list[Linked]:
    return [Linked(problem, url_of(slug, problem)) for problem in found]


def report(slug: str):
    record = journey_or_404(slug)
    definition = store.draft_of(record)
    found = store.problems_of(definition)
    return render_template("eservices/journeys/editor/problems.html",
                           record=record, slug=record.slug,
                           definition=definition, problems=linked(slug, found),
                           section="problems")
