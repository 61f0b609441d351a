"""How addresses are written for searching: one normal form for import and lookup.

"Storg. 12 b", "STORGATAN 12B" and "storgatan 12 B, Exempelby" must find the same
address, so addresses are stored with a ``search_text`` made by ``normalise`` and
queries are normalised the same way.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviations residents type, expanded as the waste-management system writes them.
_ABBREVIATIONS = ((r"(?<=\w)g\.(?=\s|$)", "gatan"), (r"(?<=\w)v\.(?=\s|$)", "vägen"))


def normalise(text: str) -> str:
    """Lower case, single spaces, "g."/"v." expanded, "12 b" joined to "12b"."""
    text = unicodedata.normalize("NFC", text or "").lower().replace(",", " ")
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"(\d+)\s+([a-zåäö])\b", r"\1\2", text)  # "12 b" -> "12b"
    return text


def search_text(street: str, number: str, postal_code: str, city: str) -> str:
    return normalise(f"{street} {number} {postal_code.replace(' ', '')} {city}")
