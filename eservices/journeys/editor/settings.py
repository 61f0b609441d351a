"""The journey-wide pages: start page and summary, check answers, confirmation, privacy.

Each is one form of texts in every site language plus a few settings, saved
as a whole through ``store.save_draft`` and redirected back to itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError

from .. import store
from ..models import JourneyRecord
from ..schema import JourneyDefinition
from .common import (
    is_read_only,
    journey_or_404,
    languages,
    read_only_redirect,
    revision_of,
    save,
)
from .forms import (
    CHECK_TITLE,
    CONFIRMATION_TITLE,
    CONTROLLER,
    DECLARATION,
    LEGAL_BASES,
    NAME,
    NEXT_STEPS,
    PURPOSE,
    START,
    SUMMARY,
    AboutForm,
    EditorForm,
    PrivacyForm,
    TextSpec,
    category_field,
    groups,
    initial_texts,
    texts_of,
    with_texts,
)

Apply = Callable[[JourneyDefinition, Any, Sequence[str]], dict[str, Any]]


def _page(slug: str, *, current: str, title: str, base: type[EditorForm],
          specs: Sequence[tuple[TextSpec, Callable[[JourneyDefinition], dict[str, str]]]],
          initial: Callable[[JourneyDefinition], dict[str, Any]], apply: Apply,
          customise: Callable[[type[EditorForm]], None] | None = None):
    """One settings page: GET shows the draft, POST saves it and redirects back."""
    record: JourneyRecord = journey_or_404(slug)
    definition = store.draft_of(record)
    site = languages()
    form_class = with_texts(base, [spec for spec, _read in specs], site)
    if customise:
        customise(form_class)
    refused: list[str] = []
    if request.method == "POST":
        if is_read_only(record):
            return read_only_redirect(record)
        form = form_class()
        if form.validate():
            try:
                changed = definition.replace(**apply(definition, form, site))
                save(record, changed, revision_of(form.revision.data),
                     action="journey_settings_changed", subject=current)
                return redirect(url_for(f".{current}", slug=slug), code=303)
            except ValidationError:
                refused = [_("These answers do not fit the journey; check them and try again")]
            except store.JourneyRefused as error:
                refused = [str(error)]
    else:
        data: dict[str, Any] = {"revision": record.draft_revision, **initial(definition)}
        for spec, read in specs:
            data |= initial_texts(spec.name, read(definition), site)
        form = form_class(data=data)
    return render_template("eservices/journeys/editor/settings.html",
                           record=record, slug=record.slug,
                           definition=definition, form=form, refused=refused,
                           groups=groups(form, [spec for spec, _read in specs], site),
                           section=current, title=title, read_only=is_read_only(record),
                           legal_bases=LEGAL_BASES)


def start(slug: str):
    def apply(definition, form, site):
        return {"name": texts_of(form, "name", site), "summary": texts_of(form, "summary", site),
                "start": texts_of(form, "start", site), "owner": form.owner.data,
                "category": form.category.data,
                "reference_prefix": form.reference_prefix.data}

    def customise(form_class):
        form_class.category = category_field()

    return _page(slug, current="start", title=_("Start page text and summary"),
                 base=AboutForm, customise=customise, apply=apply,
                 specs=[(NAME, lambda d: d.name), (SUMMARY, lambda d: d.summary),
                        (START, lambda d: d.start)],
                 initial=lambda d: {"owner": d.owner, "category": d.category,
                                    "reference_prefix": d.reference_prefix})


def _texts_page(slug: str, current: str, title: str, fields: Sequence[tuple[TextSpec, str]]):
    """A page of texts only, each ``definition.<current>.<attribute>`` in every language."""
    def apply(definition, form, site):
        return {current: {attribute: texts_of(form, spec.name, site)
                          for spec, attribute in fields}}

    def reader(attribute: str) -> Callable[[JourneyDefinition], dict[str, str]]:
        return lambda d: getattr(getattr(d, current), attribute)

    return _page(slug, current=current, title=title, base=EditorForm, apply=apply,
                 initial=lambda d: {},
                 specs=[(spec, reader(attribute)) for spec, attribute in fields])


def check_answers(slug: str):
    return _texts_page(slug, "check_answers", _("Check answers and declaration"),
                       [(CHECK_TITLE, "title"), (DECLARATION, "declaration")])


def confirmation(slug: str):
    return _texts_page(slug, "confirmation", _("Confirmation page"),
                       [(CONFIRMATION_TITLE, "title"), (NEXT_STEPS, "next_steps")])


def privacy(slug: str):
    def apply(definition, form, site):
        return {"privacy": {"controller": texts_of(form, "controller", site),
                            "purpose": texts_of(form, "purpose", site),
                            "legal_basis": form.legal_basis.data,
                            "retention_days": form.retention_days.data},
                "submissions": {"team_email": form.team_email.data}
                if form.team_email.data else {}}

    return _page(slug, current="privacy", title=_("Privacy notice and where submissions go"),
                 base=PrivacyForm, apply=apply,
                 specs=[(CONTROLLER, lambda d: d.privacy.controller),
                        (PURPOSE, lambda d: d.privacy.purpose)],
                 initial=lambda d: {"legal_basis": d.privacy.legal_basis,
                                    "retention_days": d.privacy.retention_days,
                                    "team_email": d.submissions.team_email or ""})
