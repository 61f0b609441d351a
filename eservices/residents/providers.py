"""The e-ID providers residents may sign in with, from ``EID_PROVIDERS`` and ``EID_<NAME>_*``.

Swedish municipalities reach BankID, Freja eID and the rest through an OpenID
Connect broker, and DIGG's contracts oblige them to offer every e-ID in them,
so there may be several.  Each NAME in ``EID_PROVIDERS`` is set up with:

``EID_<NAME>_ISSUER`` (discovery runs on ``<issuer>/.well-known/openid-configuration``),
``EID_<NAME>_CLIENT_ID``, ``EID_<NAME>_CLIENT_SECRET`` or ``EID_<NAME>_PRIVATE_KEY_FILE``
(``private_key_jwt``; ``EID_<NAME>_PRIVATE_KEY_ID`` names its ``kid``),
``EID_<NAME>_LABEL`` (the button), ``EID_<NAME>_PERSONAL_NUMBER_CLAIM`` (the Swedish
profile's claim unless a broker names it otherwise: Idura ``ssn``, Signicat ``nin``; a
dotted path reaches into an object) and ``EID_<NAME>_ACR`` (``provider-acr=loaN``
pairs: what the provider may answer, mapped onto the platform's levels).

Values come from the environment, and an app built with overrides (tests)
may set the same names there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ConfigurationError, Setting
from ..modules.personal_data import ASSURANCE_LEVELS

#: The Swedish OIDC profile (oidc-sweden/specifications, "Claims and scopes").
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
COORDINATION_NUMBER_CLAIM = "https://id.oidc.se/claim/coordinationNumber"
SCOPES = ("openid", "https://id.oidc.se/scope/naturalPersonNumber",
          "https://id.oidc.se/scope/naturalPersonName")
#: The Swedish e-ID framework's levels (DIGG, "Tillitsramverk för Svensk e-legitimation").
DEFAULT_ACR = tuple((f"http://id.elegnamnden.se/loa/1.0/{level}", level)
                    for level in ASSURANCE_LEVELS)
DEMO = "demo"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,19}$")
SUFFIXES = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "PRIVATE_KEY_FILE", "PRIVATE_KEY_ID",
            "LABEL", "PERSONAL_NUMBER_CLAIM", "ACR")

#: The settings of each provider NAME, for the README's table (read by ``configured``).
PROVIDER_SETTINGS = (
    Setting("EID_<NAME>_ISSUER", "", "The provider's issuer: its discovery document is read "
            "from `<issuer>/.well-known/openid-configuration` and must name this issuer. "
            "Required."),
    Setting("EID_<NAME>_CLIENT_ID", "", "The client id the provider gave this site. "
            "Required."),
    Setting("EID_<NAME>_CLIENT_SECRET", "", "The client secret (`client_secret_basic`); or "
            "use `EID_<NAME>_PRIVATE_KEY_FILE`.", secret=True),
    Setting("EID_<NAME>_PRIVATE_KEY_FILE", "", "A PEM private key (RSA or EC) for "
            "`private_key_jwt` client authentication instead of a secret; its public key "
            "is registered at the provider."),
    Setting("EID_<NAME>_PRIVATE_KEY_ID", "", "The `kid` of that key, when the provider "
            "asks for one."),
    Setting("EID_<NAME>_LABEL", "", "The provider's name on the sign-in button when there "
            "are several (e.g. `BankID`); empty means NAME."),
    Setting("EID_<NAME>_PERSONAL_NUMBER_CLAIM", PERSONAL_NUMBER_CLAIM, "The claim holding "
            "the personal identity number (a dotted path reaches into an object): Idura "
            "`ssn`, Signicat `nin`. A samordningsnummer is read from the Swedish profile's "
            "`coordinationNumber` claim. `sub` is never used as the number."),
    Setting("EID_<NAME>_ACR", "", "The levels of assurance the provider may answer, as "
            "`provider-acr=loaN` pairs separated by commas; empty means the Swedish "
            "framework's `http://id.elegnamnden.se/loa/1.0/loa1`..`loa4`."),
)


@dataclass(frozen=True)
class Provider:
    """One configured OpenID Connect provider."""

    name: str  # lower case, as in /e-legitimation/callback/<name>
    label: str
    issuer: str
    client_id: str
    client_secret: str = ""
    private_key_file: str = ""
    private_key_id: str = ""
    personal_number_claim: str = PERSONAL_NUMBER_CLAIM
    acr: tuple[tuple[str, str], ...] = DEFAULT_ACR

    def level_of(self, acr: str | None) -> str | None:
        """The platform's level for an ``acr`` the provider answered, or None if unknown."""
        return dict(self.acr).get(acr or "")

    def acr_values(self, minimum: str | None) -> list[str]:
        """The provider's ``acr`` values at or above ``minimum``, highest level last."""
        need = ASSURANCE_LEVELS.index(minimum) if minimum else 0
        return [acr for acr, level in self.acr if ASSURANCE_LEVELS.index(level) >= need]


def parse_acr(text: str, setting: str) -> tuple[tuple[str, str], ...]:
    """``uri=loa3,uri2=loa2`` -> pairs; an empty text means the Swedish framework's URIs."""
    if not text.strip():
        return DEFAULT_ACR
    pairs = []
    for item in (part.strip() for part in text.split(",")):
        acr, _, level = item.rpartition("=")
        if not item or not acr.strip() or level.strip() not in ASSURANCE_LEVELS:
            raise ConfigurationError(
                f"{setting}: {item!r} must be provider-acr=level with a level among "
                f"{', '.join(ASSURANCE_LEVELS)}, e.g. http://id.elegnamnden.se/loa/1.0/loa3=loa3")
        pairs.append((acr.strip(), level.strip()))
    return tuple(pairs)


def _value(config: Mapping[str, Any], environ: Mapping[str, str], name: str) -> str:
    if config.get(name) is not None:
        return str(config[name])
    return str(environ.get(name, "")).strip()


def configured(config: Mapping[str, Any]) -> tuple[Provider, ...]:
    """Every provider in ``EID_PROVIDERS``; ``ConfigurationError`` naming what is wrong."""
    environ = config.get("_ENVIRON") or {}
    providers = []
    for raw in config.get("EID_PROVIDERS") or ():
        if not _NAME.match(raw) or raw.lower() == DEMO:
            raise ConfigurationError(
                f"EID_PROVIDERS: {raw!r} must be letters and digits (at most 20, starting "
                f"with a letter), and not {DEMO!r}, the built-in demo provider "
                "(EID_DEMO_ENABLED).")
        prefix = f"EID_{raw.upper()}_"
        values = {suffix: _value(config, environ, prefix + suffix) for suffix in SUFFIXES}
        missing = [prefix + suffix for suffix in ("ISSUER", "CLIENT_ID") if not values[suffix]]
        if not (values["CLIENT_SECRET"] or values["PRIVATE_KEY_FILE"]):
            missing.append(f"{prefix}CLIENT_SECRET or {prefix}PRIVATE_KEY_FILE")
        if missing:
            raise ConfigurationError(f"The e-ID provider {raw!r} in EID_PROVIDERS needs "
                                     + ", ".join(missing))
        key_file = values["PRIVATE_KEY_FILE"]
        if key_file and not (Path(key_file).is_file() and os.access(key_file, os.R_OK)):
            raise ConfigurationError(f"{prefix}PRIVATE_KEY_FILE={key_file!r} is not a "
                                     "readable file")
        if not re.match(r"^https?://", values["ISSUER"]):
            raise ConfigurationError(f"{prefix}ISSUER must be an http(s):// address")
        providers.append(Provider(
            name=raw.lower(), label=values["LABEL"] or raw, issuer=values["ISSUER"],
            client_id=values["CLIENT_ID"], client_secret=values["CLIENT_SECRET"],
            private_key_file=values["PRIVATE_KEY_FILE"],
            private_key_id=values["PRIVATE_KEY_ID"],
            personal_number_claim=values["PERSONAL_NUMBER_CLAIM"] or PERSONAL_NUMBER_CLAIM,
            acr=parse_acr(values["ACR"], prefix + "ACR")))
    if len({provider.name for provider in providers}) != len(providers):
        raise ConfigurationError("EID_PROVIDERS names a provider twice")
    return tuple(providers)


def check_production(config: Mapping[str, Any]) -> None:
    """Production never offers the demo provider, and needs https issuers."""
    if config.get("ESERVICES_ENV") != "production":
        return
    if config.get("EID_DEMO_ENABLED"):
        raise ConfigurationError("EID_DEMO_ENABLED must be off in production: the demo "
                                 "provider lets anyone sign in as anyone.")
    for provider in configured(config):
        if not provider.issuer.startswith("https://"):
            raise ConfigurationError(f"EID_{provider.name.upper()}_ISSUER must start with "
                                     "https:// in production.")
