"""Templates' gettext: Jinja's new style, without its three calls per string."""

from __future__ import annotations

from urllib.parse import urlencode

from babel import support
from flask import request, url_for
from jinja2 import Environment

from eservices.i18n import switch_url
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


def test_the_language_switch_link_is_what_url_for_builds(app):
    paths = ["/", "/collection-alerts/search?address=Tall+3",
             "/språk/å ä?x=ö&y=1%2F2&lang=en&z=a#b", "/a;b/c@d?q=!$'()*,/:;?@&r= "]
    for path in paths:
        with app.test_request_context(path, base_url="https://e.example/kommun"):
            query = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
            here = request.path + (f"?{urlencode(query)}" if query else "")
            for code in ("en", "fi"):
                assert switch_url(code) == url_for("language.switch", code=code, next=here)
            assert switch_url("en").startswith("/kommun/language/en?next=")


def test_finished_strings_are_kept_per_catalogue():
    catalogues = [_Marked(), _Marked()]
    current = [catalogues[0]]
    environment = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    template_gettext.install(environment, lambda: current[0])
    template = environment.from_string('{{ _("50 %%") }}|{{ _("hi %(n)s", n=who) }}')
    assert template.render(who="<x>") == "T:50 %|T:hi &lt;x&gt;"
    assert template.render(who="y") == "T:50 %|T:hi y"
    current[0] = catalogues[1]
    catalogues[1].ugettext = lambda message: "U:" + message
    assert template.render(who="z") == "U:50 %|U:hi z"


def test_literal_strings_compile_to_the_filter_and_read_the_same():
    environment = _environment(True)
    source = environment.compile('{{ _("Continue") }}', raw=True)
    assert "|translated" not in source and "'translated'" in source
    cases = {
        '{{ _("Continue") }}': "T:Continue",
        '{{ _("100 %%") }}': "T:100 %",
        '{{ _("abc").upper() }}': "T:ABC",
        '{{ _("a") ~ _("b") }}': "T:aT:b",
        '{{ _("x")|length }}': "3",
        '{% set t = _("y") %}{{ t }}': "T:y",
        '{{ _("n %(n)s", n=2) }}': "T:n 2",  # variables: the call
        '{{ (_("<b>")) }}': "T:<b>",  # the catalogue's own text is markup, as before
    }
    for text, expected in cases.items():
        assert environment.from_string(text).render() == expected, text


def test_names_that_only_look_like_the_translator_are_left_alone():
    environment = _environment(True)
    helper = type("Helper", (), {"_": staticmethod(lambda text: "own:" + text)})()
    assert environment.from_string('{{ h._("x") }}').render(h=helper) == "own:x"
    text = '{% set ids = [] %}{% set _ = ids.append(1) %}{{ ids|length }}'
    assert environment.from_string(text).render() == "1"


def test_the_filter_escapes_nothing_twice_and_follows_autoescape():
    assert _environment(False).from_string('{{ _("a & b") }}').render() == "T:a & b"
    assert _environment(True).from_string('{{ _("a & b") }}').render() == "T:a & b"
