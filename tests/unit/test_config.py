"""Settings: safe development defaults, refusing production without secrets."""

import re
from pathlib import Path

import pytest

from eservices import create_app
from eservices.config import SETTINGS, ConfigurationError, check_production, read_settings
from eservices.modules.registry import ModuleRegistry, discover
from eservices.theme import Theme, contrast_ratio

README = Path(__file__).resolve().parents[2] / "README.md"


def test_development_needs_nothing(tmp_path):
    app = create_app(environ={}, instance_path=tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert str(tmp_path) in app.config["SQLALCHEMY_DATABASE_URI"]
    # a random per-instance key, never a hard-coded one
    assert len(app.config["SECRET_KEY"]) == 64
    assert create_app(environ={}, instance_path=tmp_path).config["SECRET_KEY"] == \
        app.config["SECRET_KEY"]


@pytest.mark.parametrize(("environ", "missing"), [
    ({}, "SECRET_KEY, DATABASE_URL"),
    ({"SECRET_KEY": "k" * 40}, "DATABASE_URL"),
    ({"DATABASE_URL": "postgresql+psycopg://db/x"}, "SECRET_KEY"),
])
def test_production_refuses_to_start_and_names_what_is_missing(environ, missing, tmp_path):
    with pytest.raises(ConfigurationError, match=re.escape(missing)):
        create_app(environ={"ESERVICES_ENV": "production", **environ}, instance_path=tmp_path)


def test_production_refuses_a_short_secret():
    values = read_settings({"ESERVICES_ENV": "production", "SECRET_KEY": "short",
                            "DATABASE_URL": "sqlite://",
                            "PUBLIC_BASE_URL": "https://e.exempelkommun.se"})
    with pytest.raises(ConfigurationError, match="32"):
        check_production(values)


PRODUCTION = {"ESERVICES_ENV": "production", "SECRET_KEY": "k" * 40,
              "DATABASE_URL": "postgresql+psycopg://db/x"}


def test_production_refuses_to_start_without_a_public_address(tmp_path):
    # Without it, links in messages would carry the request's Host (or localhost).
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        create_app(environ=PRODUCTION, instance_path=tmp_path)
    app = create_app(environ={**PRODUCTION, "PUBLIC_BASE_URL": "https://e.exempelkommun.se"},
                     instance_path=tmp_path)
    assert app.config["PUBLIC_BASE_URL"] == "https://e.exempelkommun.se"


@pytest.mark.parametrize(("value", "production"), [
    ("e.exempelkommun.se", False), ("ftp://e.exempelkommun.se", False),
    ("https://e.exempelkommun.se/?next=x", False), ("https://user@e.exempelkommun.se", False),
    ("http://e.exempelkommun.se", True),
])
def test_a_public_address_that_cannot_start_a_link_stops_the_start(value, production):
    environ = {**(PRODUCTION if production else {}), "PUBLIC_BASE_URL": value}
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        check_production(read_settings(environ))


def test_bad_numbers_in_settings_are_reported_by_name():
    with pytest.raises(ConfigurationError, match="STAFF_MAX_FAILED_LOGINS"):
        read_settings({"STAFF_MAX_FAILED_LOGINS": "many"})


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    undocumented = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert not undocumented


def test_every_module_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    names = [f"{m.id.upper()}_{s.name}" for m in discover(ModuleRegistry()) for s in m.settings]
    assert "COLLECTION_ALERTS_REMINDER_TIME" in names
    undocumented = [name for name in names if f"| `{name}` |" not in readme]
    assert not undocumented, "run python tools/settings_table.py"


def test_theme_colours_must_keep_wcag_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    settings = read_settings({"THEME_PRIMARY_COLOUR": "#ffdd00"})
    with pytest.raises(ConfigurationError, match="THEME_PRIMARY_COLOUR"):
        Theme.from_config(settings)


@pytest.mark.parametrize(("environ", "message"), [
    ({"SMS_PROVIDER": "carrier-pigeon"}, "unknown provider"),
    ({"SMS_PROVIDER": "twilio"}, "TWILIO_ACCOUNT_SID"),
    ({"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
     "TWILIO_FROM"),
    ({"EMAIL_PROVIDER": "smtp"}, "SMTP_HOST"),
    ({"SMS_PROVIDER": "46elks", "ELKS46_USERNAME": "u", "ELKS46_PASSWORD": "p",
      "ELKS46_FROM": "Ö"}, "46elks"),
])
def test_provider_settings_that_cannot_work_stop_the_start(environ, message, tmp_path):
    with pytest.raises(ConfigurationError, match=message):
        create_app(environ=environ, instance_path=tmp_path)
