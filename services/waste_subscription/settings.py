"""The module's settings as values: which tariff applies, where notices go."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from eservices import toolkit as tk

from .meta import MODULE_ID
from .tariff import Tariff, load_tariff

DEMO_TARIFF = Path(__file__).parent / "data" / "tariff.yaml"


def _setting(name: str) -> str:
    """Every setting of the module is read here, and only here."""
    return tk.module_setting(current_app, MODULE_ID, name)


def current_tariff() -> Tariff:
    """The tariff in force: the configured file, else the demo municipality's."""
    return load_tariff(_setting("TARIFF_FILE") or DEMO_TARIFF)


def environment_office_email() -> str:
    return _setting("ENVIRONMENT_OFFICE_EMAIL")


def share_link_days() -> int:
    return int(_setting("SHARE_LINK_DAYS"))
