"""What a translator is told about a unit: the English, the placeholders, the SMS length.

Notes go out with the export (XLIFF ``<note>``s, the CSV's notes column) and are
never read back: the import checks the same things itself.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from notifications.segments import measure, sanitise

from .placeholders import found, shown
from .units import Unit


def sms_note(text: str) -> str:
    length = measure(sanitise(text))
    return _("SMS: the source is %(characters)d characters, %(segments)d segments "
             "(%(encoding)s) before its placeholders are filled in; at most %(most)d "
             "segments are sent. Letters outside GSM-7 (such as á č đ ŋ š ŧ ž) make an SMS "
             "UCS-2: 70 characters in one SMS instead of 160.",
             characters=length.characters, segments=length.segments,
             encoding=length.encoding, most=current_app.config["SMS_MAX_SEGMENTS"])


def notes(unit: Unit) -> list[tuple[str, str]]:
    """(category, text) pairs, the English first."""
    result = [("english", " | ".join(unit.english))]
    if unit.context and unit.kind == "catalogue":
        result.append(("context", unit.context))
    names = found(" ".join(unit.english), unit.python_format)
    if names:
        result.append(("placeholders",
                       _("Keep these placeholders exactly: %(names)s", names=shown(set(names)))))
    if unit.plural:
        result.append(("plural", _("Plural: one text for each of the language's %(count)d "
                                   "forms, the first for one.", count=len(unit.target))))
    if unit.sms:
        result.append(("sms", sms_note(unit.source[0])))
    return result
