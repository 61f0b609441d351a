"""Secrets in messages, hidden from the staff who read the message log.

A message can carry what proves the resident's identity or stands in for it: a
one-time code, a neighbour's confirmation link, a stop link.  Staff answering a
question about a message need its wording, status and recipient, never these -
whoever reads a code or a link could use it in the resident's name.  So the
log shows them masked to everyone but administrators.

Three rules, each a safety net for the one before:

* a message from a template: the values of its secret placeholders (``{code}``,
  ``{link}``, ``{..._url}``, ...) are found by matching the body against the
  template text and masked wherever they appear;
* a verification message (free text too): every group of 4-10 digits, the shape
  of a code;
* any URL: path parts and query values that look like tokens, so a link typed
  into free text (or a placeholder named otherwise) does not show its secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Notification
from .templates import TemplateError, source

MASK = "•••••"
SECRET_NAMES = re.compile(r"(?:^|_)(?:code|link|url|token|password|secret)$")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_CODE = re.compile(r"(?<![\w-])\d{4,10}(?![\w-])")
_URL = re.compile(r"\b(https?|webcal)://[^\s<>\"']+")
# A path part that is a word ("stop", "waste-subscription") stays readable.
_WORD = re.compile(r"[a-z][a-z-]*|\d{1,3}")


def _template_text(notification: Notification, field: str) -> str | None:
    if not notification.template:
        return None
    try:
        texts = source(notification.template).get(notification.language)
    except TemplateError:
        return None
    if not isinstance(texts, dict):
        return None
    text = texts.get(field)
    return text if isinstance(text, str) else None


def secret_values(template: str, text: str) -> list[str]:
    """The values ``text`` has where ``template`` has a secret placeholder."""
    pattern, seen, names = [], set(), []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pattern.append(re.escape(template[position:match.start()]))
        name = match.group(1)
        if name in seen:
            pattern.append(f"(?P={name})")
        else:
            pattern.append(f"(?P<{name}>.*?)")
            seen.add(name)
            names.append(name)
        position = match.end()
    pattern.append(re.escape(template[position:]))
    found = re.fullmatch("".join(pattern), text, re.DOTALL)
    if found is None:
        return []
    return [found.group(n) for n in names if SECRET_NAMES.search(n) and found.group(n)]


def mask_url(url: str, secret: bool = False) -> str:
    """``url`` with its token-like path parts and its query masked; a ``secret`` URL
    (a placeholder's value) loses its last path part whatever it looks like."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    path, question, _query = path.partition("?")
    parts = [part if not part or _WORD.fullmatch(part) else MASK for part in path.split("/")]
    if secret and parts and parts[-1]:
        parts[-1] = MASK
    return f"{scheme}://{host}{slash}{'/'.join(parts)}{question and '?' + MASK}"


def mask(text: str, secrets: Iterable[str] = (), codes: bool = False) -> str:
    """``text`` with ``secrets``, token-like URL parts and (if ``codes``) codes masked."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        shown = mask_url(secret, secret=True) if _URL.fullmatch(secret) else MASK
        text = text.replace(secret, shown)
    if codes:
        text = _CODE.sub(MASK, text)
    return _URL.sub(lambda match: mask_url(match.group(0)), text)


def masked(notification: Notification) -> tuple[str, str]:
    """The subject and body of ``notification`` as staff may read them."""
    body_field = "sms" if notification.channel == "sms" else "email"
    secrets: list[str] = []
    for field, text in (("subject", notification.subject), (body_field, notification.body)):
        template = _template_text(notification, field)
        if template and text:
            secrets += secret_values(template, text)
    codes = notification.category == "verification"
    return (mask(notification.subject, secrets, codes), mask(notification.body, secrets, codes))
