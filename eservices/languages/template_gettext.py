"""The translation functions templates call: ``_``, ``gettext``, ``ngettext`` and the ``p`` forms.

Jinja's i18n extension behaves as we want ("new style": the translation is
always a format string, its variables escaped in HTML templates), but each
``_()`` goes through three ``Context.call``s: the ``_`` alias that looks up
``gettext``, the new-style wrapper, and the function it wraps.  A page
translates twenty to forty strings, so that was a tenth of a simple page.
These are the same new-style functions calling the catalogue directly, and
``_`` is ``gettext`` itself (nothing in the project passes its own
``gettext`` to a template, which is what the alias is for).

Most strings are plain literals, ``{{ _("Continue") }}``.  Any call in a
template costs a ``Context.call`` (a dozen steps); a filter is called
directly.  So ``LiteralTranslations`` compiles ``_("literal")`` as
``("literal"|translated)``, the same lookup as ``gettext`` without variables,
while the source keeps the ``_()`` that Babel's extraction finds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from babel import support
from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context
from markupsafe import Markup

_KEPT = "_eservices_template_markup"


def _markup_of(catalogue: support.NullTranslations) -> dict[str, str]:
    """The finished Markup of each string without variables, kept on the catalogue."""
    try:
        return catalogue.__dict__[_KEPT]
    except KeyError:
        return catalogue.__dict__.setdefault(_KEPT, {})


_FILTER = "translated"


class LiteralTranslations(Extension):
    """Compile ``_("literal")`` as ``("literal"|translated)`` (see the module's docstring)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        window: list[Token] = []
        previous: Token | None = None
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, opening, literal, closing = window
            if (name.type == "name" and name.value == "_" and opening.type == "lparen"
                    and literal.type == "string" and closing.type == "rparen"
                    and (previous is None or previous.type != "dot")):
                line = name.lineno
                yield Token(line, "lparen", "(")
                yield literal
                yield Token(line, "pipe", "|")
                yield Token(line, "name", _FILTER)
                yield Token(line, "rparen", ")")
                previous = closing
                window = []
                continue
            previous = window.pop(0)
            yield previous
        yield from window


def install(environment: Environment, translations: Callable[[], support.NullTranslations]
            ) -> None:
    """Install new-style gettext callables reading ``translations()`` on ``environment``."""

    def formatted(context: Context, text: str, variables: dict[str, Any]) -> str:
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalogue text is the template's own, as in Jinja
        # Always a format string, as Jinja's new style: "100 %%" is written the same
        # whether or not the string has variables.
        return text % variables

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        catalogue = translations()
        if variables or not context.eval_ctx.autoescape:
            return formatted(context, catalogue.ugettext(string), variables)
        # Most strings of a page have no variables: the finished Markup is kept
        # with the catalogue (one per language and domain, for the process).
        kept = _markup_of(catalogue)
        try:
            return kept[string]
        except KeyError:
            markup = kept[string] = formatted(context, catalogue.ugettext(string), variables)
            return markup

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /,
                 **variables: Any) -> str:
        variables.setdefault("num", num)
        return formatted(context, translations().ungettext(singular, plural, num), variables)

    @pass_context
    def pgettext(context: Context, string_context: str, string: str, /,
                 **variables: Any) -> str:
        variables.setdefault("context", string_context)
        return formatted(context, translations().upgettext(string_context, string), variables)

    @pass_context
    def npgettext(context: Context, string_context: str, singular: str, plural: str,
                  num: int, /, **variables: Any) -> str:
        variables.setdefault("context", string_context)
        variables.setdefault("num", num)
        return formatted(context, translations().unpgettext(string_context, singular, plural,
                                                            num), variables)

    @pass_context
    def translated(context: Context, string: str) -> str:
        return gettext(context, string)

    # Compiles {% trans %} blocks as new style, as Flask-Babel's installation does.
    environment.install_gettext_callables(gettext, ngettext, newstyle=True,
                                          pgettext=pgettext, npgettext=npgettext)
    environment.globals.update(_=gettext, gettext=gettext, ngettext=ngettext,
                               pgettext=pgettext, npgettext=npgettext)
    environment.filters[_FILTER] = translated
    environment.add_extension(LiteralTranslations)
