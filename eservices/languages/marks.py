"""Swedish shown in place of a missing translation, marked as Swedish (WCAG 3.1.2).

A message a language's catalogue lacks is shown in Swedish, never as its key.
A screen reader must then read it as Swedish, so in a page's text it has to sit
in ``<span lang="sv">``.  But a translated string does not know where it ends
up: in a text node, an attribute, ``<title>``, JSON, an SMS.  So the fallback
is wrapped in two invisible sentinel characters, and the output decides:
``to_html`` turns them into spans in an HTML page's text and drops them
everywhere a tag cannot go (attributes, ``<title>``, ``<option>``,
``<textarea>``, scripts, comments); ``strip`` drops them from everything else
(JSON, CSV, calendars, SMS and e-mail).
"""

from __future__ import annotations

import re

#: INVISIBLE TIMES and INVISIBLE SEPARATOR: characters no resident types into a
#: form, and invisible should one ever slip through.
START, END = "\u2062", "\u2063"
START_BYTES, END_BYTES = START.encode(), END.encode()
# The same marks as a JSON encoder that keeps to ASCII writes them.
_ESCAPED = re.compile(r"\\u206[23]", re.I)
SPAN_OPEN, SPAN_CLOSE = '<span lang="sv">', "</span>"
_MARKS = str.maketrans("", "", START + END)
# Elements whose content is text only: a span there would show as text, or be dropped.
_TEXT_ONLY = frozenset({"title", "option", "textarea", "script", "style"})
_TOKENS = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+|<", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_SPLIT = re.compile(f"([{START}{END}])")


def mark(text: str) -> str:
    """``text`` (Swedish) marked as a fallback: shown in ``lang="sv"`` where it is read."""
    return f"{START}{text}{END}" if text else text


def is_marked(text: str) -> bool:
    return START in text or END in text


def strip(text: str) -> str:
    """``text`` without fallback marks (for anything that is not an HTML page's text)."""
    return text.translate(_MARKS) if is_marked(text) else text


def strip_bytes(data: bytes) -> bytes:
    return data.replace(START_BYTES, b"").replace(END_BYTES, b"")


def is_marked_json(text: str) -> bool:
    return is_marked(text) or _ESCAPED.search(text) is not None


def strip_json(text: str) -> str:
    """JSON text without marks, whether written as characters or as ``\\u2062`` escapes."""
    return _ESCAPED.sub("", strip(text))


def _pair(pieces: list[str]) -> list[str]:
    """Marks in text as spans where a start has its end; a lone mark (typed into a
    form, say) is dropped, so no span is ever left open or closed twice."""
    opened: list[int] = []
    keep: set[int] = set()
    for index, piece in enumerate(pieces):
        if piece == START:
            opened.append(index)
        elif piece == END and opened:
            keep.update((opened.pop(), index))
    return [(SPAN_OPEN if piece == START else SPAN_CLOSE) if index in keep
            else "" if piece in (START, END) else piece
            for index, piece in enumerate(pieces)]


def to_html(html: str) -> str:
    """An HTML page with every fallback in its text inside ``<span lang="sv">``.

    Marks inside a tag (an attribute value), a comment or a text-only element
    are dropped, as are marks without their partner.
    """
    if not is_marked(html):
        return html
    pieces: list[str] = []
    text_only: str | None = None
    for match in _TOKENS.finditer(html):
        token = match.group()
        if token.startswith("<") and len(token) > 1:
            tag = _TAG.match(token)
            if tag is not None:
                closing, name = tag.group(1) == "/", tag.group(2).lower()
                if text_only is None and not closing and name in _TEXT_ONLY:
                    text_only = name
                elif text_only == name and closing:
                    text_only = None
            pieces.append(strip(token))
        elif text_only is not None:
            pieces.append(strip(token))
        else:
            pieces.extend(part for part in _SPLIT.split(token) if part)
    return "".join(_pair(pieces))
