"""Templates' gettext: Jinja's new style, without its three calls per string."""

from __future__ import annotations

from babel import support
from jinja2 import Environment

from eservices.languages import template_gettext


class _Marked(support.NullTranslations):
    def ugettext(self, message):
        return "T:" + message

    def ungettext(self, singular, plural, n):
        return "T:" + (singular if n == 1 else plural)

    def upgettext(self, context, message):
        return f"{context}:{message}"

    def unpgettext(self, context, singular, plural, n):
        return f"{context}:{singular if n == 1 else plural}"


def _environment(autoescape: bool) -> Environment:
    environment = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    template_gettext.install(environment, _Marked)
    return environment


def test_variables_are_escaped_in_html_and_left_alone_in_text():
    source = '{{ _("hello %(name)s", name=who) }}'
    assert _environment(True).from_string(source).render(who="<b>") == "T:hello &lt;b&gt;"
    assert _environment(False).from_string(source).render(who="<b>") == "T:hello <b>"


def test_a_string_is_always_a_format_string():
    assert _environment(True).from_string('{{ _("100 %%") }}').render() == "T:100 %"


def test_plural_context_and_trans_blocks():
    environment = _environment(True)
    assert environment.from_string('{{ ngettext("%(num)s bin", "%(num)s bins", 2) }}'
                                   ).render() == "T:2 bins"
    assert environment.from_string('{{ pgettext("menu", "Open") }}').render() == "menu:Open"
    assert environment.from_string('{{ npgettext("c", "one", "%(num)s", 3) }}').render() == "c:3"
    block = "{% trans n=count %}{{ n }} bin{% pluralize %}{{ n }} bins{% endtrans %}"
    assert environment.from_string(block).render(count=1) == "T:1 bin"
    assert environment.from_string("{% trans %}Hi <there>{% endtrans %}").render() == \
        "T:Hi <there>"
