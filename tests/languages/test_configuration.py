"""LANGUAGES and LANGUAGES_INCOMPLETE: parsing, formatting locales, incomplete catalogues."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from eservices import create_app
from eservices.config import ConfigurationError
from eservices.i18n import current_language, format_day, in_language
from eservices.languages import marks
from eservices.languages.catalogues import LanguageDomain
from eservices.languages.configured import Language, own_name, parse_languages
from eservices.languages.coverage import catalogue_coverage
from eservices.languages.marks import to_html
from eservices.languages.site import IncompleteCatalogue, build
from eservices.modules.manifest import ManifestError

from .conftest import write_catalogue


def test_languages_name_their_formatting_locales():
    assert parse_languages("sv,en,fi,se,fit,smj:sv,sma") == (
        Language("sv", "sv"), Language("en", "en_GB"), Language("fi", "fi"),
        Language("se", "se_SE"), Language("fit", "fi"), Language("smj", "sv"),
        Language("sma", "sv"))
    assert parse_languages("sv, fit:sv") == (Language("sv", "sv"), Language("fit", "sv"))


@pytest.mark.parametrize(("value", "says"), [
    ("en,fi", "Swedish (sv) must be one of the languages"),
    ("sv,xq", "Babel cannot format dates and numbers in 'xq'; name the locale"),
    ("sv,fit:zz", "Babel knows no locale 'zz'"),
    ("sv,Finnish", "not a language code"),
    ("sv,fi,fi", "listed twice"),
])
def test_a_wrong_languages_setting_says_what_to_write(value, says):
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_languages(value)
    with pytest.raises(ConfigurationError, match="LANGUAGES="):
        create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 32},
                   environ={"LANGUAGES": value})


def test_own_names_come_from_babel_and_the_data_file():
    assert [own_name(code) for code in ("sv", "en", "fi", "se", "fit", "smj")] == [
        "svenska", "English", "suomi", "davvisámegiella", "meänkieli", "julevsámegiella"]


def test_coverage_counts_translated_fuzzy_and_missing(tmp_path):
    write_catalogue(tmp_path, "sv", {"One": "Ett", "Two": "Två", "Three": "Tre"})
    write_catalogue(tmp_path, "fit", {"One": "Yksi", "Two": "Kaksi"}, fuzzy=frozenset({"Two"}))
    coverage = catalogue_coverage(tmp_path, "fit")
    assert (coverage.total, coverage.translated, coverage.fuzzy, coverage.missing) == (3, 1, 1, 1)
    assert not coverage.complete and coverage.percent == 33
    assert catalogue_coverage(tmp_path, "se").missing == 3  # no catalogue at all
    assert catalogue_coverage(tmp_path, "sv").complete


def test_an_incomplete_language_is_offered_only_when_allowed(tmp_path, caplog):
    write_catalogue(tmp_path, "sv", {"One": "Ett", "Two": "Två"})
    write_catalogue(tmp_path, "fi", {"One": "Yksi", "Two": "Kaksi"})
    write_catalogue(tmp_path, "fit", {"One": "Yksi"})
    folders = {"platform": tmp_path}
    with pytest.raises(IncompleteCatalogue, match=r"the fit catalogue is incomplete \(platform: "
                       r"1 of 2 translated, 0 fuzzy, 1 missing\).*LANGUAGES_INCOMPLETE"):
        build("sv,en,fi,fit", "", folders, production=True)
    with caplog.at_level(logging.WARNING, logger="eservices.languages.site"):
        development = build("sv,en,fi,fit", "", folders, production=False)
    assert development.codes == ("sv", "en", "fi")  # fit left out, and said so
    assert "the fit catalogue is incomplete" in caplog.text
    allowed = build("sv,en,fi,fit", "fit", folders, production=True)
    assert allowed.codes == ("sv", "en", "fi", "fit") and allowed.incomplete == {"fit"}


def test_in_language_writes_a_message_outside_a_request(app):
    with app.app_context():
        assert current_language() == "sv"
        with in_language("waste_subscription", "fit"):
            assert current_language() == "fit"
            assert format_day(date(2026, 3, 14), "long") == "14. maaliskuuta 2026"
            with force_locale("en"):  # someone else's force_locale still says English
                assert current_language() == "en"
            assert current_language() == "fit"
        with in_language("waste_subscription", "smj"):  # not offered: Swedish
            assert current_language() == "sv"
        assert current_language() == "sv"


def test_manifest_texts_follow_the_language(app, tmp_path):
    write_catalogue(tmp_path, "sv", {"Report a problem": "Anmäl ett fel"})
    write_catalogue(tmp_path, "fit", {})
    registry = app.extensions["eservices.modules"]
    module = replace(registry.enabled["waste_subscription"], id="texts_test")
    registry.domains["texts_test"] = LanguageDomain(
        current_language, translation_directories=[str(tmp_path)])
    name = _l("Report a problem")
    with app.app_context():
        assert module.text(name, "sv") == "Anmäl ett fel"
        assert module.text(name, "en") == "Report a problem"
        assert module.text(name, "fit") == marks.mark("Anmäl ett fel")
        assert module.text({"sv": "Hej", "en": "Hello"}, "fit") == marks.mark("Hej")
        assert module.text({"sv": "Hej", "en": "Hello"}, "en") == "Hello"
    for wrong, says in (({"sv": "Hej"}, "name lacks language(s): en"), (_l(" "), "name is empty"),
                        (42, "name must be a lazy string")):
        with pytest.raises(ManifestError, match=re.escape(says)):
            replace(module, name=wrong).validate()


def test_marks_become_spans_only_in_text():
    page = (f'<html lang="fit"><head><title>{marks.mark("Sida")} – X</title></head>'
            f'<body><a aria-label="{marks.mark("Hem")}" href="/">{marks.mark("Hem")}</a>'
            f'<select><option value="a">{marks.mark("Ett")}</option></select>'
            f'<textarea>{marks.mark("Text")}</textarea><!-- {marks.mark("x")} -->'
            f'<p>{marks.mark("Läs <a href=/>mer</a>")} {marks.END}{marks.START}open</p>')
    assert to_html(page) == (
        '<html lang="fit"><head><title>Sida – X</title></head>'
        '<body><a aria-label="Hem" href="/"><span lang="sv">Hem</span></a>'
        '<select><option value="a">Ett</option></select>'
        "<textarea>Text</textarea><!-- x -->"
        '<p><span lang="sv">Läs <a href=/>mer</a></span> open</p>')  # lone marks dropped


def test_catalogues_and_formats_for_a_code_babel_lacks():
    from eservices.languages.configured import babel_locale_for, catalogue_locale

    assert (catalogue_locale("fit"), catalogue_locale("en"), catalogue_locale("se")) == (
        "fi", "en", "se")
    assert (babel_locale_for("fit"), babel_locale_for("en"), babel_locale_for("xq")) == (
        "fi", "en_GB", "sv")
