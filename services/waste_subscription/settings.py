"""The module's settings as values: which tariff applies, where notices go."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from eservices.modules.registry import module_setting

from .tariff import Tariff, load_tariff

DEMO_TARIFF = Path(__file__).parent / "data" / "tariff.yaml"


def _setting(name: str) -> str:
    return module_setting(current_app, "waste_subscription", name)


def current_tariff() -> Tariff:
    """The tariff in force: the configured file, else the demo municipality's."""
    return load_tariff(_setting("TARIFF_FILE") or DEMO_TARIFF)


def environment_office_email() -> str:
    return _setting("ENVIRONMENT_OFFICE_EMAIL")


def share_link_days() -> int:
    return int(_setting("SHARE_LINK_DAYS"))
