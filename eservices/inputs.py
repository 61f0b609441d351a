"""Input the database cannot store never reaches it: one answer for every module.

PostgreSQL refuses a NUL character in text, SQLite and PostgreSQL refuse
integers beyond 64 and 32 bits, and neither stores a lone UTF-16 surrogate.
Left to each view, such input surfaced as a 500 - often before anyone had
signed in.  This module settles it once, before any view runs:

* URL converters: ``<int:…>`` matches only ids an ``Integer`` column can hold
  (a 2**31 or 4,000-digit id is simply 404), and the string and path
  converters never match control characters or invalid UTF-8;
* the request: a path with control characters is 404, a query-string key or a
  header with one is 400; query and form *values* are cleaned of NUL and the
  other C0 controls (tab, CR and LF stay), so a pasted NUL no longer blocks a
  report and the resident's text is kept;
* JSON posted to a page (not to ``/api/``) is refused: the pages' forms read
  form fields, and WTForms would otherwise take any JSON value for one;
* ``json_problems`` for the APIs: strings with NUL or surrogates and integers
  beyond 64 bits, as JSON pointers, for a 422 problem-details answer.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

# The largest value of an SQL INTEGER (PostgreSQL's int4): every id column.
INTEGER_MAX = 2**31 - 1
# JSON numbers the APIs accept at all: what a BIGINT (and SQLite) can hold.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
# Longest string segment a URL rule matches: far above any token or reference.
SEGMENT_MAX = 1000

# C0 controls except tab, LF and CR, DEL, and lone surrogates: never part of typed text.
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In names, paths and headers nothing of the kind is meaningful; U+FFFD is what
# werkzeug decodes invalid UTF-8 to.
_REFUSED = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffd]")
_REFUSED_CLASS = r"\x00-\x1f\x7f\ud800-\udfff\ufffd"
# What no database column stores: refused in the strings of a JSON document.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Header values may hold tabs (folded whitespace), nothing else below a space.
_BAD_HEADER = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_CONTENT_KEYS = frozenset(("CONTENT_TYPE", "CONTENT_LENGTH"))  # headers without HTTP_


def clean_text(value: str) -> str:
    """``value`` without NUL and the other characters no one types (tab, CR, LF stay)."""
    return _REMOVED.sub("", value)


def is_clean_name(value: str) -> bool:
    """Whether a key, path or header value holds nothing but storable characters."""
    return _REFUSED.search(value) is None


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that matches only what an SQL ``INTEGER`` column can hold.

    Flask's converter matches any run of digits, so ``/address/9223372036854775808``
    reached the database and failed there; this one makes it an ordinary 404.
    """

    regex = r"\d{1,10}"
    signed_regex = r"-?\d{1,10}"

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        low = -INTEGER_MAX - 1 if signed else 0
        super().__init__(map, fixed_digits=fixed_digits,
                         min=low if min is None else builtins.max(min, low),
                         max=INTEGER_MAX if max is None else builtins.min(max, INTEGER_MAX),
                         signed=signed)


class CleanStringConverter(UnicodeConverter):
    """The default ``<name>`` converter without control characters or invalid UTF-8."""

    def __init__(self, map: Any, minlength: int = 1, maxlength: int | None = None,
                 length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        if length is not None:
            counts = f"{{{int(length)}}}"
        else:
            counts = f"{{{int(minlength)},{int(maxlength or SEGMENT_MAX)}}}"
        self.regex = f"[^/{_REFUSED_CLASS}]{counts}"


class CleanPathConverter(PathConverter):
    """``<path:…>`` without control characters or invalid UTF-8."""

    regex = f"[^/{_REFUSED_CLASS}][^{_REFUSED_CLASS}]*?"


def _refuse_unstorable_requests() -> None:
    """Runs before every other hook: what no view should ever be handed."""
    if not is_clean_name(request.path):
        abort(404)
    # Every header value at once, joined by a tab (which a value may hold): the same
    # answer as one search per value, read from the environ without building names.
    environ = request.environ
    if _BAD_HEADER.search("\t".join(
            value for key, value in environ.items()
            if key.startswith("HTTP_") or key in _CONTENT_KEYS)):
        abort(400)
    request.args = _cleaned(request.args, refuse_keys=True)  # type: ignore[misc]
    if request.path.startswith("/api/") or request.method in ("GET", "HEAD", "OPTIONS"):
        return  # the APIs read and check their own bodies (json_problems)
    if request.is_json:
        abort(400)
    request.form = _cleaned(request.form, refuse_keys=False)  # type: ignore[misc]


def _cleaned(values: ImmutableMultiDict[str, str], refuse_keys: bool
             ) -> ImmutableMultiDict[str, str]:
    """The same values with text cleaned; a key no form could have is 400 or dropped."""
    items = list(values.items(multi=True))
    if all(is_clean_name(key) and clean_text(value) == value for key, value in items):
        return values
    if refuse_keys and any(not is_clean_name(key) for key, _value in items):
        abort(400)
    return ImmutableMultiDict([(key, clean_text(value)) for key, value in items
                               if is_clean_name(key)])


def json_problems(value: object, pointer: str = "") -> list[dict[str, str]]:
    """Where a parsed JSON document holds what cannot be stored, as JSON pointers."""
    problems: list[dict[str, str]] = []
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            problems.append({"pointer": pointer, "detail": "NUL characters and unpaired "
                             "surrogates cannot be stored."})
    elif isinstance(value, int) and not isinstance(value, bool):
        if not BIGINT_MIN <= value <= BIGINT_MAX:
            problems.append({"pointer": pointer, "detail": "The number is too large."})
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += json_problems(item, f"{pointer}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            if not is_clean_name(str(key)):
                problems.append({"pointer": f"{pointer}/{clean_text(escaped)}",
                                 "detail": "A member name with control characters."})
            else:
                problems += json_problems(item, f"{pointer}/{escaped}")
    return problems


def init_app(app: Flask) -> None:
    """Install the converters and the request check; call before any blueprint."""
    app.url_map.converters.update(default=CleanStringConverter, string=CleanStringConverter,
                                  path=CleanPathConverter, int=BoundedIntegerConverter)
    app.before_request(_refuse_unstorable_requests)
