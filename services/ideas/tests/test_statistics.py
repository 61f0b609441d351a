"""The innovation office's numbers, counted exactly over the ideas of ``stats_data``."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import sign_in
from services.ideas.tests.stats_data import (
    NOW,
    PERIOD,
    add_challenge,
    add_idea,
    clocked_app,
    seed_with_coach,
)

URL = "/staff/ideas/statistics"


@pytest.fixture
def app(make_app):
    return clocked_app(make_app)


@pytest.fixture
def coach(app, client, create_staff):
    seed_with_coach(app, create_staff)
    sign_in(client, "coach")
    return client


def numbers(html: str, label: str) -> str:
    """The value of a row of the summary list, as text."""
    start = html.index(f'<dt class="summary-list__key">{label}</dt>')
    value = html.index('<dd class="summary-list__value">', start)
    return html[value + len('<dd class="summary-list__value">'):html.index("</dd>", value)]


def csv_rows(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_numbers_of_the_period(coach):
    response = coach.get(URL, query_string=PERIOD)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert numbers(html, "Inlämnade idéer") == "7"
    assert numbers(html, "Besvarade inom 14 dagar") == "5 (71\xa0%)"
    assert numbers(html, "Genomförda idéer") == "2 (29\xa0%)"
    assert numbers(html, "Mediantid till första svaret").startswith("6,5 dagar (6 idéer besvarade)")
    assert numbers(html, "Mediantid till genomförd") == "45,0 dagar"


def test_the_csv_has_the_same_numbers_by_department_challenge_and_status(coach):
    response = coach.get(URL + ".csv", query_string=PERIOD)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "idestatistik-2026-09-01-2026-11-30.csv" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][3] == "Besvarade inom 14 dagar"
    by_name = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert by_name[("Alla idéer", "Alla idéer")] == ["7", "5", "2", "28,6", "6,5", "45,0"]
    department = "Förvaltning"
    assert by_name[(department, "Miljö och avfall")] == ["3", "2", "1", "33,3", "6,0", "60,0"]
    assert by_name[(department, "Utbildning")] == ["2", "1", "0", "0,0", "10,5", ""]
    assert by_name[(department, "Digitalisering och IT")] == ["2", "2", "1", "50,0", "8,5",
                                                              "30,0"]
    assert by_name[(department, "Kultur och fritid")] == ["0", "0", "0", "", "", ""]
    challenge = "Idéutmaning"
    assert by_name[(challenge, "Hur kan vi minska textilavfallet?")] == [
        "3", "3", "1", "33,3", "2,0", "60,0"]
    assert by_name[(challenge, "Inte i en utmaning")] == ["4", "2", "1", "25,0", "14,0", "30,0"]
    assert (challenge, "Hur blir skolmaten godare?") not in by_name  # its idea is outside
    statuses = {name: values[0] for (kind, name), values in by_name.items() if kind == "Status"}
    assert statuses == {"Inkommen": "1", "Bedöms": "1", "Coachas": "1", "Testas": "1",
                        "Genomförd": "2", "Avslutad": "1", "Vilande": "0"}
    with coach.application.app_context():
        entry = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "statistics_exported")).one()
        assert entry.subject == "2026-09-01–2026-11-30"


@pytest.mark.parametrize(("extra", "submitted", "implemented"), [
    ({"department": "miljo"}, "3", "1 (33\xa0%)"),
    ({"challenge": "textil"}, "3", "1 (33\xa0%)"),
    ({"department": "utbildning", "challenge": "textil"}, "1", "0 (0\xa0%)"),
    ({"challenge": "skolmat"}, "0", "0 (–)"),
])
def test_filters(coach, extra, submitted, implemented):
    html = coach.get(URL, query_string={**PERIOD, **extra}).get_data(as_text=True)
    assert numbers(html, "Inlämnade idéer") == submitted
    assert numbers(html, "Genomförda idéer") == implemented


def test_without_a_period_the_page_shows_the_last_year(coach):
    html = coach.get(URL).get_data(as_text=True)
    assert numbers(html, "Inlämnade idéer") == "8"  # all but I9, which is after today
    assert 'value="27"' in html and 'value="2025"' in html  # 27 November 2025 to 2026
    only_some = coach.get(URL, query_string={"department": "miljo"}).get_data(as_text=True)
    assert numbers(only_some, "Inlämnade idéer") == "3"  # a period was not asked for


def test_answered_within_follows_the_setting(make_app, create_staff):
    app = clocked_app(make_app, environ={"IDEAS_ANSWER_WITHIN_DAYS": "2"})
    seed_with_coach(app, create_staff)
    client = app.test_client()
    sign_in(client, "coach")
    html = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert numbers(html, "Besvarade inom 2 dagar") == "2 (29\xa0%)"  # I1 and I5


@pytest.mark.parametrize(("change", "message"), [
    ({"date_from-day": "31", "date_from-month": "2"}, "Datumet måste vara ett riktigt datum"),
    ({"date_to-year": "2025"}, "Sista dagen måste vara samma som eller efter första dagen"),
    ({"date_to-year": "2027"}, "Perioden får vara högst ett år"),
    ({"date_from-year": "1850"}, "Året måste ha fyra siffror"),
    ({"date_to-day": ""}, "Datumet måste ha dag, månad och år"),
    ({"department": "nope"}, "Välj en förvaltning i listan"),
    ({"challenge": "finns-inte"}, "Välj en idéutmaning i listan"),
])
def test_bad_filters_are_errors_on_the_page(coach, change, message):
    for url in (URL, URL + ".csv"):
        response = coach.get(url, query_string={**PERIOD, **change})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Det finns ett problem" in html and message in html
        assert "<title>Fel:" in html and "Inlämnade idéer</dt>" not in html


def test_names_never_become_formulas_in_the_csv(app, coach):
    with app.app_context():
        challenge = add_challenge("formel", "=HYPERLINK(\"http://x\")")
        add_idea("F1", "miljo", "inkommen", NOW, challenge=challenge)
        db.session.commit()
    rows = csv_rows(coach.get(URL + ".csv", query_string={**PERIOD, "challenge": "formel"}))
    assert ["Idéutmaning", "'=HYPERLINK(\"http://x\")", "1"] in [row[:3] for row in rows]


def test_charts_are_images_with_their_numbers_in_words(coach):
    html = coach.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert html.count('<svg role="img"') == 3
    assert "<title id=" in html and "Idéer efter status nu</title>" in html
    assert "Genomförd: 2" in html  # the description names every value


@pytest.mark.parametrize(("roles", "allowed"), [
    (("idecoach",), True), (("administrator",), True), (("handlaggare",), False),
    (("tjanstedesigner",), False)])
def test_who_may_see_the_numbers(client, create_staff, roles, allowed):
    create_staff("someone", *roles)
    sign_in(client, "someone")
    for url in (URL, URL + ".csv"):
        assert (client.get(url).status_code == 200) is allowed


def test_statuses_in_force_come_first_and_ideas_in_others_still_count(make_app,
                                                                       create_staff):
    app = clocked_app(make_app, environ={"IDEAS_STATUSES": "inkommen,bedoms,genomford"})
    seed_with_coach(app, create_staff)
    client = app.test_client()
    sign_in(client, "coach")
    rows = csv_rows(client.get(URL + ".csv", query_string=PERIOD))
    statuses = [(row[1], row[2]) for row in rows if row[0] == "Status"]
    assert statuses[:3] == [("Inkommen", "1"), ("Bedöms", "1"), ("Genomförd", "2")]
    assert sorted(statuses[3:]) == [("Avslutad", "1"), ("Coachas", "1"), ("Testas", "1")]
    assert sum(int(count) for _name, count in statuses) == 7
