"""Per-municipality theme: name, logo, colours and contact details from settings.

Colours are checked for WCAG contrast when the app starts: a municipality cannot
accidentally theme the site into breaking the accessibility law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import ConfigurationError

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
MIN_CONTRAST = 4.5


def _luminance(colour: str) -> float:
    match = _HEX.match(colour)
    if not match:
        raise ConfigurationError(f"{colour!r} is not a colour of the form #rrggbb")
    channels = [int(match.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Theme:
    municipality: str
    logo: str
    email: str
    phone: str
    address: str
    website: str
    primary_colour: str
    link_colour: str

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Theme:
        theme = cls(
            municipality=config["MUNICIPALITY_NAME"],
            logo=config["MUNICIPALITY_LOGO"],
            email=config["MUNICIPALITY_EMAIL"],
            phone=config["MUNICIPALITY_PHONE"],
            address=config["MUNICIPALITY_ADDRESS"],
            website=config["MUNICIPALITY_WEBSITE"],
            primary_colour=config["THEME_PRIMARY_COLOUR"],
            link_colour=config["THEME_LINK_COLOUR"],
        )
        for name, colour in (("THEME_PRIMARY_COLOUR", theme.primary_colour),
                             ("THEME_LINK_COLOUR", theme.link_colour)):
            ratio = contrast_ratio(colour, "#ffffff")
            if ratio < MIN_CONTRAST:
                raise ConfigurationError(
                    f"{name}={colour} has contrast {ratio:.2f}:1 against white; "
                    f"WCAG 2.1 AA needs at least {MIN_CONTRAST}:1")
        return theme
