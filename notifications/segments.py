"""SMS length as the network counts it: GSM 03.38 7-bit or UCS-2, and segments.

A message of only GSM-7 characters fits 160 characters in one SMS, 153 per
segment when concatenated; the extension table (``^{}\\[~]|€`` and form feed)
costs two characters each.  One character outside GSM-7 (an emoji, "ł") turns the
whole message into UCS-2: 70 characters alone, 67 per segment, counted in UTF-16
code units, so an emoji counts two.  Swedish å ä ö Å Ä Ö é are in GSM-7.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SmsLength:
    characters: int  # characters as the resident sees them
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int

    def cost(self, price_per_segment: Decimal) -> Decimal:
        return price_per_segment * self.segments


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def measure(text: str) -> SmsLength:
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = -(-units // multi)
    return SmsLength(characters=len(text), units=units, encoding=encoding, segments=segments)
