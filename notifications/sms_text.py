"""Writing one SMS from a template: in the recipient's language, in Swedish when that is too long.

North Sámi letters (á č đ ŋ š ŧ ž) make an SMS UCS-2, 70 characters a segment
instead of 160, so a Sámi text with a long street name can need more segments
than ``SMS_MAX_SEGMENTS`` while the Swedish text of the same template fits in
one or two.  A reminder the resident can read (Swedish is every site's
language) is better than none, so such a message is written from the
template's Swedish table instead; only when the Swedish is too long as well is
the message too long.  The caller decides what too long means: ``send_sms``
raises ``MessageTooLong``, ``send_sms_many`` stores that one message as refused.

Values that depend on the language (a date, the names of waste types) are put
in the Swedish text as ``swedish_personalisation`` gives them, so a fallback is
Swedish throughout and not a Swedish sentence around Sámi words that would keep
it UCS-2.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import current_app

from .segments import SmsLength, measure, sanitise
from .templates import FALLBACK_LANGUAGE, fill, render, source, texts_for, written_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsText:
    """A written SMS: the text as stored, how the network counts it, the language it is in."""

    body: str
    length: SmsLength
    language: str  # the language the body is written in ("sv" after a fallback)
    too_long_in: str = ""  # the recipient's language whose text was too long, if any
    too_long_segments: int = 0  # the segments that text would have needed

    @property
    def fell_back(self) -> bool:
        return bool(self.too_long_in)

    def event_detail(self, maximum: int) -> str:
        """The timeline entry staff see on a fallback (no number, no text)."""
        return (f"written in Swedish: the {self.too_long_in} text needs "
                f"{self.too_long_segments} segments, at most {maximum} allowed")


class SmsWriter:
    """Writes the SMS of one template for many recipients.

    Finding a template's table once per language and filling it for each
    recipient costs a fraction of a full render: an evening's batch of
    reminders is written in a few languages.
    """

    def __init__(self, template: str, maximum_segments: int) -> None:
        self.template = template
        self.maximum = maximum_segments
        self._texts: dict[str, tuple[str, str]] = {}  # language -> (written in, sms text)

    def _text(self, language: str) -> tuple[str, str]:
        found = self._texts.get(language)
        if found is None:
            table = written_in(source(self.template), "sms", language)
            found = self._texts[language] = (
                table, texts_for(self.template, "sms", language)["sms"])
        return found

    def _write(self, language: str, personalisation: Mapping[str, Any]) -> SmsText:
        table, text = self._text(language)
        body = sanitise(fill(self.template, text, personalisation))
        return SmsText(body, measure(body), table)

    def write(self, language: str, personalisation: Mapping[str, Any],
              swedish_personalisation: Mapping[str, Any] | None = None) -> SmsText:
        """The SMS in ``language``; the Swedish one if that is too long and the Swedish
        fits.  A text too long in both comes back too long, in the recipient's language."""
        own = self._write(language, personalisation)
        if own.length.segments <= self.maximum or own.language == FALLBACK_LANGUAGE:
            return own
        swedish = self._write(FALLBACK_LANGUAGE,
                              {**personalisation, **(swedish_personalisation or {})})
        if swedish.length.segments > self.maximum:
            return own
        return SmsText(swedish.body, swedish.length, FALLBACK_LANGUAGE,
                       too_long_in=own.language, too_long_segments=own.length.segments)

    def too_long(self, text: SmsText) -> bool:
        return text.length.segments > self.maximum

    def refusal(self, text: SmsText) -> str:
        """Why ``text`` cannot be sent, as ``MessageTooLong`` and the refused row say it."""
        return f"{text.length.segments} segments; at most {self.maximum} allowed"


def log_fallbacks(template: str, written: Sequence[SmsText]) -> None:
    """Count the messages written in Swedish because their own language's text was too
    long, per language, without a number or a text."""
    counts = Counter(text.too_long_in for text in written if text.fell_back)
    for language, count in sorted(counts.items()):
        log.info("SMS %s: %d message(s) to %s recipients written in Swedish, the %s text "
                 "was longer than SMS_MAX_SEGMENTS", template, count, language, language)


def estimated_cost(segments: int) -> Decimal:
    return Decimal(current_app.config["SMS_PRICE_PER_SEGMENT"]) * segments


@dataclass(frozen=True)
class SmsPreview:
    """An SMS as it would be sent: the text, how the network counts it, what it costs."""

    text: str
    length: SmsLength
    cost: Decimal

    @property
    def too_long(self) -> bool:
        return self.length.segments > current_app.config["SMS_MAX_SEGMENTS"]

    @property
    def costs_more(self) -> bool:
        """Whether it goes as UCS-2 (a letter outside GSM-7, as Sámi "á č đ ŋ š ŧ ž"):
        70 characters to an SMS instead of 160, so more segments for the same text."""
        return self.length.encoding == "UCS-2"


def preview_sms(template: str, language: str, personalisation: Mapping[str, Any]
                ) -> SmsPreview:
    """Render, measure and price one SMS without sending it (staff previews, editors)."""
    text = sanitise(render(template, "sms", language, personalisation).body)
    length = measure(text)
    return SmsPreview(text, length, estimated_cost(length.segments))
