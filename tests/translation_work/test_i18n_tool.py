"""tools/i18n.py: every language with catalogues, drafts allowed only where declared.

The tool runs on a made-up module in the test's folder (its ``catalogues`` and the
declaration are pointed there), never on the repository's own files.
"""

import importlib.util
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from eservices.translation_work import catalogue_files
from eservices.translation_work.catalogue_files import po_path, read_catalogue, write_catalogue

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_tool_c1b", ROOT / "tools" / "i18n.py")
i18n_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_tool)


@pytest.fixture
def module(tmp_path, monkeypatch):
    source = tmp_path / "small"
    source.mkdir()
    (source / "views.py").write_text('_("Hello %(name)s")\n_("Goodbye")\n', encoding="utf-8")
    translations = source / "translations"
    (translations / "fi" / "LC_MESSAGES").mkdir(parents=True)
    (translations / "fi" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fi\\n"\n', encoding="utf-8")
    monkeypatch.setattr(i18n_tool, "catalogues", lambda: [([source], translations)])
    declaration = tmp_path / "languages.toml"
    declaration.write_text('[sv]\nstatus = "complete"\n[fi]\nstatus = "incomplete"\n')
    monkeypatch.setattr(catalogue_files, "DECLARATION", declaration)
    monkeypatch.delenv("LANGUAGES_INCOMPLETE", raising=False)
    return translations


def _set(translations, language, msgid, string, fuzzy=False):
    path = po_path(translations, language)
    catalogue = read_catalogue(path)
    message = catalogue.get(msgid)
    message.string = string
    if fuzzy:
        message.flags.add("fuzzy")
    write_catalogue(path, catalogue)


def test_update_gives_every_language_its_catalogue_and_only_english_its_own_text(module):
    i18n_tool.update()
    assert {path.parent.parent.name for path in module.glob("*/LC_MESSAGES/messages.po")} == {
        "sv", "en", "fi"}
    assert read_catalogue(po_path(module, "en")).get("Goodbye").string == "Goodbye"
    assert read_catalogue(po_path(module, "fi")).get("Goodbye").string == ""  # not English
    assert read_catalogue(po_path(module, "sv")).get("Goodbye").string == ""


def test_check_allows_drafts_only_in_a_language_declared_incomplete(module):
    i18n_tool.update()
    _set(module, "sv", "Hello %(name)s", "Hej %(name)s")
    _set(module, "sv", "Goodbye", "Hej då")
    _set(module, "fi", "Hello %(name)s", "Hei %(name)s", fuzzy=True)
    assert i18n_tool.problems() == []  # fi: a draft and a gap, declared incomplete
    _set(module, "sv", "Goodbye", "Hej då", fuzzy=True)
    [problem] = i18n_tool.problems()
    assert "sv/LC_MESSAGES/messages.po: fuzzy: 'Goodbye'" in problem


def test_a_draft_with_a_broken_placeholder_fails_the_check_even_when_incomplete(module):
    i18n_tool.update()
    _set(module, "sv", "Hello %(name)s", "Hej %(name)s")
    _set(module, "sv", "Goodbye", "Hej då")
    _set(module, "fi", "Hello %(name)s", "Hei %(nimi)s", fuzzy=True)
    problems = i18n_tool.problems()
    assert any("fi/LC_MESSAGES/messages.po: the placeholder %(name)s is missing" in p
               for p in problems), problems


def test_compile_keeps_the_drafts_of_an_incomplete_language_only(module):
    i18n_tool.update()
    _set(module, "fi", "Hello %(name)s", "Hei %(name)s", fuzzy=True)
    _set(module, "sv", "Hello %(name)s", "Hej %(name)s", fuzzy=True)
    i18n_tool.compile_all()
    with po_path(module, "fi").with_suffix(".mo").open("rb") as fh:
        assert read_mo(fh).get("Hello %(name)s").string == "Hei %(name)s"
    with po_path(module, "sv").with_suffix(".mo").open("rb") as fh:
        assert read_mo(fh).get("Hello %(name)s") is None


def test_the_declaration_and_the_setting_both_count(tmp_path, monkeypatch):
    declaration = tmp_path / "languages.toml"
    declaration.write_text('[sv]\nstatus = "complete"\n[fi]\nstatus = "incomplete"\n')
    monkeypatch.setattr(catalogue_files, "DECLARATION", declaration)
    assert catalogue_files.incomplete_languages({}) == {"fi"}
    assert catalogue_files.incomplete_languages({"LANGUAGES_INCOMPLETE": "se, fit"}) == {
        "fi", "se", "fit"}
    assert "fi" in catalogue_files.incomplete_languages({"LANGUAGES_INCOMPLETE": ""})
