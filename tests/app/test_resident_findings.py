"""What the resident test (issue 17) found in the platform's own pages and formats.

The accessibility statement said "partially ... because of the shortcomings
described below" and listed none, and wrote its English date in US order; a browser
asking for English got Swedish until the language link was used.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime


def text_of(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_a_partly_compliant_statement_without_listed_problems_points_at_none(make_app):
    app = make_app(ACCESSIBILITY_STATUS="partial", ACCESSIBILITY_KNOWN_ISSUES="")
    page = text_of(app.test_client().get("/tillganglighet").get_data(as_text=True))
    assert "brister som beskrivs nedan" not in page and "Kända problem" not in page
    assert "E-tjänsterna är delvis förenliga med lagen" in page
    assert "Vi har ännu inte beskrivit vilka delar" in page


def test_a_partly_compliant_statement_lists_its_problems(make_app):
    app = make_app(ACCESSIBILITY_STATUS="partial",
                   ACCESSIBILITY_KNOWN_ISSUES="Kartan saknar textalternativ|PDF-blanketter")
    html = app.test_client().get("/tillganglighet").get_data(as_text=True)
    assert "på grund av de brister som beskrivs nedan" in text_of(html)
    assert "<li>Kartan saknar textalternativ</li>" in html and "<li>PDF-blanketter</li>" in html


def test_the_statement_in_english_writes_the_day_first(make_app):
    app = make_app(ACCESSIBILITY_ASSESSED="2026-11-01")
    client = app.test_client()
    client.get("/language/en")
    page = text_of(client.get("/tillganglighet").get_data(as_text=True))
    assert "The latest assessment was made on 1 November 2026." in page
    assert "November 1, 2026" not in page


def test_the_date_filters_write_the_day_first_in_both_languages(app):
    env = app.jinja_env
    day, moment = date(2026, 12, 15), datetime(2026, 11, 27, 9, 5, tzinfo=UTC)
    written = env.from_string('{{ d|date("long") }}|{{ d|date("medium") }}|'
                              '{{ d|date("full") }}|{{ m|datetime("short") }}')
    with app.test_request_context("/?lang=en"):
        assert written.render(d=day, m=moment) == (
            "15 December 2026|15 Dec 2026|Tuesday, 15 December 2026|27/11/2026, 10:05")
    with app.test_request_context("/?lang=sv"):
        assert written.render(d=day, m=moment) == (
            "15 december 2026|15 dec. 2026|tisdag 15 december 2026|2026-11-27 10:05")


def language_of(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def test_a_first_visit_follows_the_browsers_languages(app):
    assert language_of(app.test_client().get("/", headers=ENGLISH_BROWSER)) == "en"
    assert language_of(app.test_client().get("/", headers={
        "Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})) == "en"  # the best of ours
    assert language_of(app.test_client().get("/", headers={
        "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.8"})) == "sv"
    assert language_of(app.test_client().get("/", headers={"Accept-Language": "de"})) == "sv"
    assert language_of(app.test_client().get("/")) == "sv"  # nothing asked: Swedish
    response = app.test_client().get("/", headers=ENGLISH_BROWSER)
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_the_residents_own_choice_wins_over_the_browser_and_sticks(app):
    client = app.test_client()
    client.get("/language/sv", headers=ENGLISH_BROWSER)
    assert language_of(client.get("/", headers=ENGLISH_BROWSER)) == "sv"
    assert language_of(client.get("/tillganglighet", headers=ENGLISH_BROWSER)) == "sv"
    other = app.test_client()
    other.get("/?lang=en", headers={"Accept-Language": "sv"})
    assert language_of(other.get("/", headers={"Accept-Language": "sv"})) == "en"
