"""``flask eservices new-prototype``: a working prototype module in a minute.

The files under ``prototype/`` are copied with ``__slug__``, ``__name_sv__``,
``__name_en__``, ``__owner__`` and ``__prefix__`` filled in; the module's
Swedish and English catalogues are written and compiled, so the generated
journey test passes at once.  ``prototypes/`` is found through one entry point,
so nothing else needs editing.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

TEMPLATE = Path(__file__).resolve().parent / "prototype"
SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

# The generated pages' strings (English source) and their Swedish translations.
SWEDISH = {
    "This is a prototype we are testing with residents. Nothing you send here is handled "
    "as a real request.": "Det här är en prototyp som vi testar med invånare. Inget du "
    "skickar här hanteras som ett riktigt ärende.",
    "Start now": "Starta nu",
    "Your answer": "Ditt svar",
    "What would you like to tell us?": "Vad vill du berätta för oss?",
    "Write what you would like to tell us": "Skriv vad du vill berätta för oss",
    "Write 2000 characters or fewer": "Skriv högst 2000 tecken",
    "Mobile number": "Mobilnummer",
    "We send a receipt by SMS. For example 070-123 45 67":
        "Vi skickar ett kvitto med sms. Till exempel 070-123 45 67",
    "Continue": "Fortsätt",
    "Check your answers": "Kontrollera dina svar",
    "Send": "Skicka",
    "Sent": "Skickat",
    "Your reference number": "Ditt referensnummer",
    "What happens next": "Vad händer nu",
    "Thank you for testing the prototype. The team will read your answer.":
        "Tack för att du testar prototypen. Teamet kommer att läsa ditt svar.",
}


class ScaffoldError(ValueError):
    """The slug cannot be used; the message says why."""


def check_slug(slug: str, taken: set[str], target: Path) -> None:
    if not SLUG.match(slug) or keyword.iskeyword(slug):
        raise ScaffoldError(f"{slug!r} is not a valid identifier: use 2-40 lower-case "
                            "letters, digits and _, starting with a letter")
    if slug in taken:
        raise ScaffoldError(f"a module with the id {slug!r} is already installed")
    if target.exists():
        raise ScaffoldError(f"{target} already exists")


def _catalogues(root: Path, name_sv: str, name_en: str) -> None:
    for language in ("sv", "en"):
        catalogue = Catalog(locale=language, project=name_en)
        for english, swedish in {**SWEDISH, name_en: name_sv}.items():
            catalogue.add(english, swedish if language == "sv" else english)
        folder = root / "translations" / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "messages.po").open("wb") as fh:
            write_po(fh, catalogue, no_location=True, width=100)
        with (folder / "messages.mo").open("wb") as fh:
            write_mo(fh, catalogue)


def create_prototype(project_root: Path, slug: str, name_sv: str, name_en: str, owner: str,
                     taken: set[str]) -> Path:
    """Write prototypes/<slug>/ and return its path."""
    target = project_root / "prototypes" / slug
    check_slug(slug, taken, target)
    values = {"__slug__": slug, "__name_sv__": name_sv, "__name_en__": name_en,
              "__owner__": owner, "__prefix__": "/" + slug.replace("_", "-")}
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = str(source.relative_to(TEMPLATE)).removesuffix(".tmpl")
        for key, value in values.items():
            relative = relative.replace(key, value)
        text = source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
    _catalogues(target, name_sv, name_en)
    return target
