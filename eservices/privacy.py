"""Showing personal data only as far as the reader needs it."""

from __future__ import annotations

import phonenumbers


def mask_phone(number: str | None) -> str:
    """'+46701234567' -> '+46 70-••• •• 67': enough to tell numbers apart, not to call."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "SE")
    except phonenumbers.NumberParseException:
        return "•" * max(len(number) - 2, 0) + number[-2:]
    national = str(parsed.national_number)
    if parsed.country_code == 46 and len(national) >= 7:
        return f"+46 {national[:2]}-••• •• {national[-2:]}"
    return f"+{parsed.country_code} " + "•" * max(len(national) - 2, 0) + national[-2:]


def mask_email(address: str | None) -> str:
    """'anna.svensson@exempel.se' -> 'a•••@exempel.se'."""
    if not address or "@" not in address:
        return ""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def mask_recipient(recipient: str | None, channel: str) -> str:
    return mask_phone(recipient) if channel == "sms" else mask_email(recipient)
