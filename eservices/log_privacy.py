"""A logging filter that masks phone numbers in every log line.

Code here never logs a full number, but libraries do (a web server's access log
of ``/staff/...?q=0701234567``); this is the net under them.
"""

from __future__ import annotations

import logging
import re

from .privacy import mask_phone

_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?(?:46|0)[\s\-]?7\d(?:[\s\-%20]*\d){7}(?!\d)")


def mask_phone_numbers(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0).replace("%20", ""))
        return mask_phone("+46" + digits[-9:])

    return _PHONE.sub(replace, text)


class PhoneMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phone_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    """Attach the filter to every handler of the root logger (idempotent)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PhoneMaskingFilter) for f in handler.filters):
            handler.addFilter(PhoneMaskingFilter())
