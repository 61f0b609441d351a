"""The built-in demo provider: test identities for prototypes and development.

A designer testing a prototype with residents, or a developer on ``make run``,
needs a signed-in resident without a BankID contract.  With
``EID_DEMO_ENABLED=true`` (never in production: the app refuses to start) the
sign-in page offers "Test – ingen riktig inloggning", where the tester picks
a test person and a level.  The choice goes through the same
``sessions.sign_in`` as a real provider's callback, so every service behaves
as it will with real e-ID.

The people are test identities, not real residents: 191212121212 "Tolvan
Tolvansson" is the classic Swedish test personnummer and 198112189876 one
Skatteverket's examples use; the others are numbers with valid check digits and
birth numbers in the 980s and 990s, one of them a samordningsnummer (day of
birth plus 60).  Before a public pilot, check them against Skatteverket's
published list of test personnummer.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from ..modules.personal_data import ASSURANCE_LEVELS


@dataclass(frozen=True)
class TestPerson:
    personal_number: str
    name: str


TEST_PEOPLE = (
    TestPerson("191212121212", "Tolvan Tolvansson"),
    TestPerson("198112189876", "Karl Karlsson"),
    TestPerson("195202029822", "Greta Lindqvist"),
    TestPerson("200104219811", "Elias Nilsson"),
    TestPerson("199003699841", "Maria Garcia"),  # samordningsnummer
)
PEOPLE_BY_NUMBER = {person.personal_number: person for person in TEST_PEOPLE}

LEVEL_LABELS = {
    "loa1": _l("Level 1 (low)"),
    "loa2": _l("Level 2"),
    "loa3": _l("Level 3 (as BankID and Freja eID+)"),
    "loa4": _l("Level 4 (high)"),
}


def enabled() -> bool:
    """Whether the demo provider is offered here (never in production)."""
    config = current_app.config
    return bool(config.get("EID_DEMO_ENABLED")) and config["ESERVICES_ENV"] != "production"


class DemoSignInForm(FlaskForm):
    """The tester's choice: who to be, and at which level."""

    person = RadioField(_l("Test person"), choices=[
        (person.personal_number, f"{person.name}, {person.personal_number[:8]}-"
                                 f"{person.personal_number[8:]}") for person in TEST_PEOPLE],
        validators=[InputRequired(_l("Choose a test person"))])
    level = RadioField(_l("Level of assurance"),
                       choices=[(level, LEVEL_LABELS[level]) for level in ASSURANCE_LEVELS],
                       validators=[InputRequired(_l("Choose a level of assurance"))])

