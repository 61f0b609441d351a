"""An app configured with five languages, on small catalogues of its own.

The platform's catalogues are copied (Swedish and English, compiled) into a
temporary folder with a tiny Meänkieli one, so what these tests see does not
change while the shipped Finnish, Sámi and Meänkieli catalogues grow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LANGUAGES = "sv,en,fi,se,fit"
INCOMPLETE = "fi,se,fit"
ROOT = Path(__file__).resolve().parents[2]
#: The Meänkieli test catalogue: one message translated, every other one missing.
FIT_MESSAGES = {"Skip to main content": "Hyppää pääsisältöön"}


def compile_catalogue(po_path: Path) -> None:
    with po_path.open("rb") as fh:
        catalogue = read_po(fh)
    with po_path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalogue)


def write_catalogue(folder: Path, language: str, messages: dict[str, str],
                    fuzzy: frozenset[str] = frozenset()) -> Path:
    catalogue = Catalog(locale=None, project="Tjänsteslussen")
    catalogue.language_team = language
    for message_id, string in messages.items():
        catalogue.add(message_id, string, flags=("fuzzy",) if message_id in fuzzy else ())
    path = folder / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalogue)
    compile_catalogue(path)
    return path


@pytest.fixture(scope="session")
def catalogue_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The platform's translations folder for the app: sv and en as shipped, a test fit."""
    folder = tmp_path_factory.mktemp("languages") / "translations"
    for language in ("sv", "en"):
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", target)
        compile_catalogue(target / "messages.po")
    write_catalogue(folder, "fit", FIT_MESSAGES)
    return folder


@pytest.fixture
def platform_catalogues(catalogue_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("eservices.app.PLATFORM_TRANSLATIONS", catalogue_folder)
    return catalogue_folder


@pytest.fixture
def app(make_app, platform_catalogues):
    return make_app(LANGUAGES=LANGUAGES, LANGUAGES_INCOMPLETE=INCOMPLETE)


@pytest.fixture
def client(app):
    return app.test_client()
