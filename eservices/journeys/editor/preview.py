"""The live preview: a page exactly as residents will see it, in every site language.

The runtime's own form class and page partial render it, so the preview
cannot drift from the real page.  Each language is rendered with that
language's locale (the "(optional)" after a label and the error wording come
from the catalogues), and with a field prefix of its own so two previews on
one editor page never share an id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from ...languages.current import writing_in
from ..questions import form_class
from ..schema import Page
from .common import language_name

PARTIAL = "eservices/journeys/resident/_page_body.html"


@dataclass(frozen=True)
class Preview:
    language: str
    name: str
    html: Markup


def previews(page: Page, site: Sequence[str]) -> list[Preview]:
    found = []
    for language in site:
        with writing_in(language):
            form = (form_class(page, language)(formdata=None, prefix=f"preview-{language}",
                                               meta={"csrf": False})
                    if page.question is not None else None)
            html = render_template(PARTIAL, page=page, form=form, language=language)
        found.append(Preview(language, language_name(language), Markup(html)))  # noqa: S704 - autoescaped template output
    return found
