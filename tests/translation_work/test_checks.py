"""An import is refused whole, each problem named with its line: a broken placeholder,
a wrong number of plural forms, an unknown unit, a hostile or broken file.  An SMS that
grows is a warning, counted in the language's own encoding."""

import csv
import io

import pytest
from flask_babel import force_locale

from eservices.staff.export import excel_csv
from eservices.translation_work import workflow
from eservices.translation_work.placeholders import differences, found

from .conftest import snapshot


def _export(app, file_format="csv", language="fi"):
    with app.test_request_context(), force_locale("en"):
        body = workflow.export(language, file_format)
    return body.decode("utf-8-sig") if file_format == "csv" else body.decode()


def _refused(app, body: str, encoding="utf-8-sig"):
    with app.test_request_context(), force_locale("en"):
        from eservices.db import db

        result = workflow.import_file(body.encode(encoding), "file")
        db.session.commit()
    assert result.refused and result.written == []
    return [str(problem) for problem in result.verdict.problems]


def _line_of(body: str, text: str) -> int:
    return body[:body.index(text)].count("\n") + 1


def _records(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))


def _csv(records: list[list[str]]) -> str:
    return excel_csv(records[0], records[1:]).decode("utf-8-sig")


def _record(records: list[list[str]], msgid: str) -> list[str]:
    return next(record for record in records if record[6] == msgid)


def test_a_broken_placeholder_is_refused_with_its_csv_line_and_nothing_is_written(
        app, small_site):
    before = snapshot([small_site])
    body = _export(app)
    good = ";Ditt ärendenummer är %(reference)s;Asianumerosi on %(reference)s;"
    broken = body.replace(good, ";Ditt ärendenummer är %(reference)s;Asianumerosi on "
                                "%(referens)s;").replace(";Hei;translated;", ";Hei!;reviewed;")
    line = _line_of(broken, "%(referens)s")
    problems = _refused(app, broken)
    assert len(problems) == 2, problems
    assert all(problem.startswith(f"Line {line}, catalogue:small ") for problem in problems)
    assert "the placeholder %(reference)s is missing" in problems[0]
    assert "%(referens)s is not a placeholder of the source text" in problems[1]
    assert snapshot([small_site]) == before  # the good change on another line is not written


def test_a_broken_placeholder_is_refused_with_its_xliff_unit_and_line(app, small_site):
    body = _export(app, "xliff")
    broken = body.replace(">Asianumerosi on %(reference)s<", ">Asianumerosi on <")
    line = _line_of(broken, ">Asianumerosi on <")
    [problem] = _refused(app, broken, "utf-8")
    assert problem.startswith(f"Line {line}, catalogue:small m")
    assert problem.endswith("the placeholder %(reference)s is missing")


def test_a_template_must_keep_its_braces_placeholders(app, small_site):
    body = _export(app)
    broken = body.replace("Ditt ärende {reference} är klart.;;initial",
                          "Ditt ärende {reference} är klart.;Hei {nimi}!;translated")
    line = _line_of(broken, "Hei {nimi}!")
    assert _refused(app, broken) == [
        f"Line {line}, templates:small done.sms: the placeholder {{name}}, {{reference}} is "
        "missing",
        f"Line {line}, templates:small done.sms: {{nimi}} is not a placeholder of the source "
        "text"]


def test_plural_forms_must_be_as_many_as_the_language_has(app, small_site):
    records = _records(_export(app))
    singular = _record(records, "One bin")
    plural = _record(records, "%(num)d bins")
    assert (singular[4], plural[4]) == ("0", "1")
    third = [*plural[:4], "2", *plural[5:]]  # a third form Finnish does not have
    for record, text in ((singular, "Yksi astia"), (plural, "%(num)d astiaa"),
                         (third, "%(num)d astiaa")):
        record[8] = text
    records.insert(records.index(plural) + 1, third)
    body = _csv(records)
    [problem] = _refused(app, body)
    assert problem.startswith("Line ") and "catalogue:small m" in problem
    assert problem.endswith("the text has 3 forms; in fi it has 2 (plural forms)")
    line = int(problem.split(",")[0].removeprefix("Line "))
    assert body.splitlines()[line - 1].startswith("fi;small;catalogue;")  # its first row


def test_a_plural_with_only_some_forms_and_a_plural_that_drops_the_number(app, small_site):
    body = _export(app)
    some = body.replace(";One bin;Ett kärl;;initial;", ";One bin;Ett kärl;Yksi astia;translated;")
    [problem] = _refused(app, some)
    assert "fill in every plural form, or none" in problem
    broken = some.replace(";%(num)d bins;%(num)d kärl;;initial;",
                          ";%(num)d bins;%(num)d kärl;monta astiaa %(määrä)d;translated;")
    [problem] = _refused(app, broken)
    assert "plural form 1: %(määrä)d is not a placeholder" in problem
    right = some.replace(";%(num)d bins;%(num)d kärl;;initial;",
                         ";%(num)d bins;%(num)d kärl;%(num)d astiaa;translated;")
    with app.test_request_context(), force_locale("en"):
        result = workflow.checked(right.encode("utf-8-sig"))
    assert not result.refused  # the singular may leave the number out


def test_an_unknown_unit_and_a_unit_twice_are_refused(app, small_site):
    records = _records(_export(app))
    hello = _record(records, "Hello")
    unknown = [*hello[:3], "mdoesnotexist0000", *hello[4:]]
    problems = _refused(app, _csv([*records, unknown, hello]))
    assert len(problems) == 2, problems
    assert any("small mdoesnotexist0000: there is no such text on this site" in problem
               for problem in problems)
    assert any("the text is in the file twice" in problem for problem in problems)


def test_a_lone_percent_in_a_formatted_message_is_refused(app, small_site):
    body = _export(app)
    broken = body.replace("Asianumerosi on %(reference)s;", "100 % Asianumerosi %(reference)s;")
    [problem] = _refused(app, broken)
    assert "a single % must be written %% in this message" in problem


@pytest.mark.parametrize("body, expected", [
    ("", "The file is empty"),
    ("<xliff", "not well-formed XML"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "no DOCTYPE"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "not XLIFF 2.0"),
    ("just;some;text\r\n", "missing: language, module, kind, id, form, target, status"),
    ("\xff\xfe", "not UTF-8"),
])
def test_a_file_that_is_not_an_export_says_why(app, small_site, body, expected):
    data = body.encode("latin-1") if body.startswith("\xff") else body.encode()
    with app.test_request_context(), force_locale("en"):
        result = workflow.checked(data)
    assert result.refused
    assert expected in " ".join(str(problem) for problem in result.verdict.problems)


def test_a_file_in_a_language_that_is_no_code_is_refused(app, small_site):
    body = _export(app, "xliff").replace('trgLang="fi"', 'trgLang="../../x"')
    [problem] = _refused(app, body, "utf-8")
    assert "is not a language code" in problem


def test_an_sms_that_grows_is_a_warning_in_the_languages_own_encoding(app, small_site):
    body = _export(app, language="se")
    long_sami = ("Buorre {name}! Du áššis {reference} lea gárvvis. " * 2).strip()
    warned = body.replace("Ditt ärende {reference} är klart.;;initial",
                          f"Ditt ärende {{reference}} är klart.;{long_sami};translated")
    with app.test_request_context(), force_locale("en"):
        result = workflow.checked(warned.encode("utf-8-sig"))
    assert not result.refused
    [warning] = result.verdict.warnings
    assert "the SMS in se takes 2 segments (UCS-2" in str(warning)
    assert "the source 1 (GSM-7)" in str(warning)


def test_placeholders_compare_names_once_and_positional_ones_by_count():
    assert found("%(a)s and %(a)s, %s %s {b}") == {"%(a)s": 1, "%s": 2, "{b}": 1}
    assert differences(found("%s of %s"), "%s", percent=True)
    assert not differences(found("%(a)s, %(b)s"), "%(b)s – %(a)s %(a)s", percent=True)
    assert not differences(found("100%% sure"), "100%% varma", percent=True)
