"""SMS length as the network counts it: GSM 03.38 7-bit or UCS-2, and segments.

A message of only GSM-7 characters fits 160 characters in one SMS, 153 per
segment when concatenated; the extension table (``^{}\\[~]|€`` and form feed)
costs two characters each.  One character outside GSM-7 (an emoji, "ł") turns the
whole message into UCS-2: 70 characters alone, 67 per segment, counted in UTF-16
code units, so an emoji counts two.  Swedish å ä ö Å Ä Ö é are in GSM-7.
Every SMS is ``sanitise``d before it is measured and stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from eservices.languages import marks

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

# Typographic characters that have a GSM-7 equivalent, as GOV.UK Notify's SMS
# sanitiser writes them: one en dash ("09–12") would otherwise make the whole
# message UCS-2 and cost two or three times as much.  Characters with no such
# equivalent (an emoji, "ł") are kept: the message goes as UCS-2, nothing is lost.
_GSM7_EQUIVALENTS = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",  # hyphens, dashes and the minus sign
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',  # quotation marks (Swedish » » too)
    "\u2026": "...",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\t": " ",  # spaces that are not the plain one
    "\u180e": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "",
    "\ufeff": "",  # characters that take up no space
    marks.START: "", marks.END: "",  # a Swedish fallback's marks (eservices.languages.marks)
})


@dataclass(frozen=True)
class SmsLength:
    characters: int  # characters as the resident sees them
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int

    def cost(self, price_per_segment: Decimal) -> Decimal:
        return price_per_segment * self.segments


def sanitise(text: str) -> str:
    """``text`` with typographic characters written the GSM-7 way ("09–12" -> "09-12")."""
    return text.translate(_GSM7_EQUIVALENTS)


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
