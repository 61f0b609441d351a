"""Export -> import round-trips every catalogue and template unchanged, in both formats;
a translator's edits come back exactly, with their state."""

import tomllib

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from eservices.translation_work import csv_file, workflow
from eservices.translation_work.catalogue_files import po_path
from eservices.translation_work.units import message_id

from .conftest import snapshot


def _import(app, body: bytes, name: str = "file"):
    with app.test_request_context(), force_locale("en"):
        result = workflow.import_file(body, name)
        from eservices.db import db

        db.session.commit()
        return result


@pytest.mark.parametrize("file_format", ["xliff", "csv"])
@pytest.mark.parametrize("language", ["fi", "en"])
def test_an_export_imported_again_changes_no_file(app, copied_site, file_format, language):
    before = snapshot(copied_site)
    with app.test_request_context(), force_locale("en"):
        body = workflow.export(language, file_format)
    result = _import(app, body)
    assert not result.refused, [str(p) for p in result.verdict.problems]
    assert result.verdict.units > 2000  # every message and template text of the site
    assert result.verdict.changes == [] and result.written == []
    assert snapshot(copied_site) == before


def _read(path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_csv_edits_come_back_exactly_and_export_again_as_edited(app, small_site):
    with app.test_request_context(), force_locale("en"):
        body = workflow.export("fi", "csv").decode("utf-8-sig")
    edited = (body.replace(";Hei;translated;", ";Hei!;reviewed;")
              .replace(";Goodbye;Hej då;;initial;", ";Goodbye;Hej då;Näkemiin;translated;"))
    assert edited != body
    result = _import(app, edited.encode("utf-8-sig"))
    assert not result.refused, [str(p) for p in result.verdict.problems]
    assert len(result.verdict.changes) == 2
    catalogue = _read(po_path(small_site.translations, "fi"))
    assert catalogue.get("Hello").string == "Hei!" and not catalogue.get("Hello").fuzzy
    assert catalogue.get("Goodbye").string == "Näkemiin" and catalogue.get("Goodbye").fuzzy
    assert po_path(small_site.translations, "fi").with_suffix(".mo").exists()  # compiled
    with app.test_request_context(), force_locale("en"):
        again = workflow.export("fi", "csv").decode("utf-8-sig")
    assert again == edited


def test_xliff_plural_forms_and_template_states_are_written(app, small_site):
    with app.test_request_context(), force_locale("en"):
        body = workflow.export("fi", "xliff").decode()
    plural = message_id(_read(small_site.translations / "messages.pot").get("One bin"))
    assert f'<unit id="{plural}"' in body
    unit_start = body.index(f'<unit id="{plural}"')
    unit = body[unit_start:body.index("</unit>", unit_start)]
    filled = unit.replace('state="initial"', 'state="reviewed"').replace(
        '<target xml:lang="fi"></target>', '<target xml:lang="fi">X</target>', 1).replace(
        '<target xml:lang="fi"></target>', '<target xml:lang="fi">%(num)d astiaa</target>', 1)
    body = body.replace(unit, filled)
    sms = "Hei {name}! Asiasi {reference} on valmis."
    start = body.index('<unit id="done.sms"')
    template_unit = body[start:body.index("</unit>", start)]
    body = body.replace(template_unit, template_unit.replace(
        '<target xml:lang="fi"></target>', f'<target xml:lang="fi">{sms}</target>').replace(
        'state="initial"', 'state="translated"'))
    result = _import(app, body.encode())
    assert not result.refused, [str(p) for p in result.verdict.problems]
    catalogue = _read(po_path(small_site.translations, "fi"))
    assert catalogue.get("One bin").string == ("X", "%(num)d astiaa")
    assert not catalogue.get("One bin").fuzzy
    toml_text = (small_site.templates / "done.toml").read_text(encoding="utf-8")
    assert toml_text.startswith("# A comment the import must keep.")
    data = tomllib.loads(toml_text)
    assert data["fi"] == {"sms": sms}
    assert data["fuzzy"] == {"fi": ["sms"]}  # a draft awaiting review
    assert data["sv"]["sms"].startswith("Hej {name}")
    with app.test_request_context(), force_locale("en"):
        again = workflow.export("fi", "csv").decode("utf-8-sig")
    reviewed = again.replace(f";{sms};translated;", f";{sms};reviewed;")
    assert reviewed != again
    assert not _import(app, reviewed.encode("utf-8-sig")).refused
    data = tomllib.loads((small_site.templates / "done.toml").read_text(encoding="utf-8"))
    assert data["fi"] == {"sms": sms} and "fuzzy" not in data  # reviewed: no draft left


def test_a_new_language_gets_its_catalogue_from_the_template(app, small_site):
    with app.test_request_context(), force_locale("en"):
        body = workflow.export("smj", "csv").decode("utf-8-sig")
    assert ";Hello;Hej;;initial;" in body
    result = _import(app, body.replace(";Hello;Hej;;initial;", ";Hello;Hej;Buorre;reviewed;")
                     .encode("utf-8-sig"))
    assert not result.refused, [str(p) for p in result.verdict.problems]
    catalogue = _read(po_path(small_site.translations, "smj"))
    assert catalogue.get("Hello").string == "Buorre"
    assert catalogue.get("Goodbye") is not None and catalogue.get("Goodbye").string == ""


def test_a_cell_a_spreadsheet_would_run_is_quoted_and_read_back(app, small_site):
    with app.test_request_context(), force_locale("en"):
        body = workflow.export("fi", "csv").decode("utf-8-sig")
        edited = body.replace(";Hei;translated;", ";=Hei;translated;")
        result = workflow.checked(edited.encode("utf-8-sig"))
    [change] = result.verdict.changes
    assert change.forms == ("=Hei",)  # a text is a text, whatever it starts with
    assert csv_file.unsafe_cell("'=Hei") == "=Hei" and csv_file.unsafe_cell("'a") == "'a"
