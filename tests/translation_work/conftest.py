"""The translator workflow's tests work on copies: an import must never write the repository.

``copied_site`` copies every real catalogue and template folder of the site (the
platform's and each installed module's) into the test's own folder and points
the workflow at the copies; ``small_site`` is one made-up module whose counts
a test can know.
"""

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from eservices.translation_work.catalogue_files import write_catalogue
from eservices.translation_work.sources import OVERRIDE, Source, sources

SMALL_TEMPLATE = '''# A comment the import must keep.
[sv]
sms = "Hej {name}! Ditt ärende {reference} är klart."

[en]
sms = "Hello {name}! Your case {reference} is done."
'''


def _copy(folder: Path | None, target: Path) -> Path | None:
    if folder is None:
        return None
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture
def copied_site(app, tmp_path: Path) -> list[Source]:
    with app.app_context():
        real = sources()
    copies = [Source(source.owner, _copy(source.translations, tmp_path / source.owner / "tr"),
                     _copy(source.templates, tmp_path / source.owner / "messages"))
              for source in real]
    app.extensions[OVERRIDE] = copies
    return copies


def _catalogue(language: str, strings: dict, fuzzy: set = frozenset()) -> Catalog:
    catalogue = Catalog(locale=language, project="Test")
    for msgid, string in strings.items():
        flags = ("fuzzy",) if msgid in fuzzy else ()
        catalogue.add(msgid, string, flags=flags)
    return catalogue


@pytest.fixture
def small_site(app, tmp_path: Path) -> Source:
    """One module "small": four messages (one plural) and one SMS template."""
    translations = tmp_path / "small" / "translations"
    pot = {"Your reference is %(reference)s": "", "Hello": "", "Goodbye": "",
           ("One bin", "%(num)d bins"): ("", "")}
    write_catalogue(translations / "messages.pot", _catalogue("en", pot))
    write_catalogue(translations / "sv" / "LC_MESSAGES" / "messages.po", _catalogue("sv", {
        "Your reference is %(reference)s": "Ditt ärendenummer är %(reference)s",
        "Hello": "Hej", "Goodbye": "Hej då", ("One bin", "%(num)d bins"): ("Ett kärl",
                                                                          "%(num)d kärl")}))
    write_catalogue(translations / "fi" / "LC_MESSAGES" / "messages.po", _catalogue("fi", {
        "Your reference is %(reference)s": "Asianumerosi on %(reference)s",
        "Hello": "Hei", "Goodbye": "", ("One bin", "%(num)d bins"): ("", "")},
        fuzzy={"Hello"}))
    templates = tmp_path / "small" / "notifications"
    templates.mkdir(parents=True)
    (templates / "done.toml").write_text(SMALL_TEMPLATE, encoding="utf-8")
    source = Source("small", translations, templates)
    app.extensions[OVERRIDE] = [source]
    return source


def snapshot(found: list[Source]) -> dict[str, bytes]:
    """Every file of the sources, by path: what an import may or may not have changed."""
    files = {}
    for source in found:
        for folder in (source.translations, source.templates):
            if folder is not None:
                files.update({str(path): path.read_bytes() for path in folder.rglob("*")
                              if path.is_file() and path.suffix != ".mo"})
    return files
