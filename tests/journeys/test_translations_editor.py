"""The translation table: every text by language, and the CSV a translator fills in."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent

from . import _editor_texts
from ._editor_texts import BASE, create_journey, draft, post

designer, journey = _editor_texts.designer, _editor_texts.journey
URL = f"{BASE}/translations"


def exported(client) -> list[list[str]]:
    response = client.get(f"{URL}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def upload(client, rows: list[list[str]] | bytes, delimiter: str = ";"):
    if isinstance(rows, bytes):
        data = rows
    else:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        data = buffer.getvalue().encode("utf-8-sig")
    return post(client, f"{URL}/import", {"csv_file": (io.BytesIO(data), "texts.csv")},
                page=URL, content_type="multipart/form-data")


def test_the_table_lists_every_text_and_marks_the_missing(app, designer):
    create_journey(app, start={"sv": "Välkommen"})
    html = designer.get(URL).get_data(as_text=True)
    for path in ("name", "summary", "pages.problem.question.label",
                 "pages.problem.question.options.broken.label", "pages.call_us.title",
                 "pages.call_us.body", "confirmation.next_steps", "receipts.1.text",
                 "privacy.controller", "privacy.purpose", "start"):
        assert f'name="{path}.sv"' in html and f'name="{path}.en"' in html
    assert 'name="pages.problem.question.hint.sv"' not in html  # optional and unwritten
    assert 'id="t-start-en-missing"' in html and "1 text is missing." in html


def test_the_table_saves_every_language_in_one_form(app, designer, journey):
    response = post(designer, URL, {"name.en": "Report a bin problem",
                                    "pages.problem.question.options.missed.label.en":
                                        "Not emptied",
                                    "summary.sv": ""})
    assert response.status_code == 303
    saved = draft(app)
    assert saved.name["en"] == "Report a bin problem"
    assert saved.pages[0].question.options[1].label["en"] == "Not emptied"
    assert "sv" not in saved.summary  # emptied: now missing, and marked so
    html = designer.get(URL).get_data(as_text=True)
    assert 'id="t-summary-sv-missing"' in html
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "journey_translations_saved")) is not None


def test_a_too_long_text_is_refused_and_the_typed_texts_kept(app, designer, journey):
    response = post(designer, URL, {"name.en": "Typed", "summary.en": "x" * 5001})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="#t-summary-en"' in html
    assert 'value="Typed"' in html and draft(app).name["en"] == "Report a problem with your bin"


def test_a_stale_table_is_refused_with_the_input_kept(app, designer, journey):
    html = designer.get(URL).get_data(as_text=True)
    post(designer, URL, {"name.en": "First"})
    from eservices.testing import csrf_token_from
    response = designer.post(URL, data={"csrf_token": csrf_token_from(html), "revision": "1",
                                        "name.en": "Second"})
    assert response.status_code == 409 and 'value="Second"' in response.get_data(as_text=True)
    assert draft(app).name["en"] == "First"


def test_csv_round_trip_export_translate_import(app, designer, journey):
    rows = exported(designer)
    assert rows[0] == ["key", "sv", "en"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["name"] == ["name", "Anmäl problem med kärlet",
                              "Report a problem with your bin"]
    by_key["name"][2] = "Bin problems"
    by_key["pages.call_us.body"][2] = "=Call 0910-123"  # a formula-looking text
    by_key["summary"][2] = ""  # an empty cell leaves the text as it is
    response = upload(designer, [rows[0], *by_key.values()])
    assert response.status_code == 303
    assert "2 texts were imported" in designer.get(URL).get_data(as_text=True)
    saved = draft(app)
    assert saved.name["en"] == "Bin problems" and saved.pages[1].body["en"] == "=Call 0910-123"
    assert saved.summary["en"] == "Tell us if your bin is broken."
    again = {row[0]: row for row in exported(designer)}
    assert again["pages.call_us.body"][2] == "'=Call 0910-123"  # neutralised for spreadsheets
    assert upload(designer, exported(designer)).status_code == 303  # nothing to change
    assert draft(app) == saved


def test_comma_separated_files_are_read_too(app, designer, journey):
    response = upload(designer, [["key", "en"], ["name", "Comma, separated"]], delimiter=",")
    assert response.status_code == 303 and draft(app).name["en"] == "Comma, separated"


def test_a_bad_file_lists_every_problem_and_saves_nothing(app, designer, journey):
    before = draft(app)
    response = upload(designer, [
        ["key", "sv", "en"],
        ["name", "Nytt namn", "New name"],
        ["pages.nowhere.title", "Ingen", "None"],
        ["summary", "bara två"],
        ["name", "Igen", "Again"],
        ["privacy.purpose", "ok", "y" * 5001],
    ])
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The file was not imported" in html
    for expected in ("Row 3: the journey has no text “pages.nowhere.title”",
                     "Row 4 has 2 columns; the first row has 3",
                     "Row 5: the text “name” is in the file twice",
                     "Row 6: the text in English is longer than 5000 characters"):
        assert expected in html
    assert draft(app) == before


def test_wrong_columns_and_wrong_files_are_refused(app, designer, journey):
    html = upload(designer, [["text", "sv", "fi"], ["name", "a", "b"]]).get_data(as_text=True)
    assert "the first column must be “key”" in html and "column 3 “fi”" in html
    assert "not UTF-8" in upload(designer, "key;sv\nname;K\xe4rl\n".encode("latin-1")
                                 ).get_data(as_text=True)
    assert "The file is empty" in upload(designer, b"").get_data(as_text=True)
    no_file = post(designer, f"{URL}/import", {}, page=URL)
    assert "Choose the CSV file" in no_file.get_data(as_text=True)
