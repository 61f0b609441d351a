"""Pages in five configured languages: negotiation, the switch, formats, Swedish fallbacks."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask import jsonify
from flask_babel import gettext

from eservices.i18n import format_day, format_sek, show_fallbacks
from eservices.languages import marks

from .conftest import FIT_MESSAGES


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_first_visit_follows_accept_language_among_the_configured_languages(client):
    asked = {"fi-FI,fi;q=0.9,en;q=0.5": "fi", "se-NO": "se", "se": "se", "en-US,en;q=0.8": "en",
             "de-DE,fr;q=0.5": "sv", "fit": "fit", "sv-SE": "sv"}
    for header, language in asked.items():
        response = client.get("/", headers={"Accept-Language": header})
        assert response.status_code == 200
        assert html_lang(response.text) == language, header
        assert "Accept-Language" in response.headers["Vary"]
        client.get("/", headers={"Accept-Language": header})  # nothing was stored
        assert html_lang(client.get("/", headers={"Accept-Language": "en"}).text) == "en"


def test_the_residents_choice_wins_over_the_browser_and_sticks(client):
    client.get("/language/fi?next=/tillganglighet")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert html_lang(response.text) == "fi"
    assert "Accept-Language" not in response.headers.get("Vary", "")  # the session decides
    assert client.get("/language/xx").status_code == 404  # not a site language
    assert client.get("/language/smj").status_code == 404  # not configured here


def test_the_switch_lists_every_other_language_by_its_own_name(client):
    page = client.get("/?lang=sv").text
    links = re.findall(r'<a href="/language/(\w+)\?[^"]*" lang="(\w+)" hreflang="(\w+)">'
                       r"([^<]+)</a>", page)
    assert [(code, name) for code, lang, hreflang, name in links
            if code == lang == hreflang] == [
        ("en", "English"), ("fi", "suomi"), ("se", "davvisámegiella"), ("fit", "meänkieli")]
    fit_page = client.get("/language/fit?next=/", follow_redirects=True).text
    assert html_lang(fit_page) == "fit"
    assert 'hreflang="sv">svenska</a>' in fit_page and 'hreflang="fit"' not in fit_page


def test_a_page_in_meankieli_is_formatted_as_finnish(app, client):
    page = client.get("/tillganglighet?lang=fit").text
    assert html_lang(page) == "fit"
    assert "1. marraskuuta 2026" in page  # ACCESSIBILITY_ASSESSED, the Finnish way
    with app.test_request_context("/?lang=fit"):
        assert format_day(date(2026, 3, 14), "long") == "14. maaliskuuta 2026"
        assert format_sek(Decimal("1234.5")).replace("\xa0", " ") == "1 234,50 SEK"
    with app.test_request_context("/?lang=se"):  # North Sámi as written in Sweden
        assert format_sek(Decimal("1234.5")).replace("\xa0", " ") == "1 234,50 kr"
    with app.test_request_context("/?lang=en"):
        assert format_day(date(2026, 3, 14), "long") == "14 March 2026"


def test_an_untranslated_text_is_shown_in_swedish_marked_as_swedish(client):
    page = client.get("/?lang=fit").text
    # Translated in the test catalogue: as it is, in the page's language.
    assert f'class="skip-link">{FIT_MESSAGES["Skip to main content"]}</a>' in page
    # Missing: the Swedish text in a text node is a lang="sv" span, never the English key.
    assert '<span class="site-header__product"><span lang="sv">E-tjänster</span></span>' in page
    assert "E-services" not in page
    # In an attribute and in <title> the Swedish stands alone (no span, no marks).
    assert 'aria-label="Språk och konto"' in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<span" not in title and "E-tjänster" in title
    assert marks.START not in page and marks.END not in page


def test_swedish_and_english_pages_carry_no_marks_or_spans(client):
    for language in ("sv", "en"):
        page = client.get(f"/?lang={language}").text
        assert '<span lang="sv">' not in page
        assert marks.START not in page and marks.END not in page


def test_a_json_answer_in_meankieli_has_its_swedish_unmarked(app):
    with app.test_request_context("/?lang=fit"):
        app.preprocess_request()
        text = gettext("E-services")
        assert text == marks.mark("E-tjänster")  # the fallback, marked
        response = show_fallbacks(jsonify({"title": text}))
        assert response.get_json() == {"title": "E-tjänster"}
        streamed = app.response_class((part for part in [text, "\n"]), mimetype="text/csv")
        assert "".join(show_fallbacks(streamed).response) == "E-tjänster\n"
