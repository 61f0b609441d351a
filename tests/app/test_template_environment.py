"""Templates' globals: a plain dict per template, refreshed when a global changes."""

from __future__ import annotations

from flask import render_template_string


def test_templates_see_a_global_added_after_they_were_loaded(app):
    environment = app.jinja_env
    with app.test_request_context("/"):
        template = environment.from_string("{{ greeting | default('none') }}")
        assert template.render() == "none"
        environment.globals["greeting"] = "hej"
        assert environment.from_string("{{ greeting }}").render() == "hej"
        environment.globals.update(greeting="hallå")
        assert render_template_string("{{ greeting }}") == "hallå"
        environment.globals.pop("greeting")
        assert render_template_string("{{ greeting | default('gone') }}") == "gone"


def test_a_cached_template_is_loaded_again_after_a_global_changed(app):
    environment = app.jinja_env
    with app.test_request_context("/"):
        before = environment.get_template("eservices/index.html")
        assert environment.get_template("eservices/index.html") is before
        environment.globals.setdefault("greeting", "hej")
        after = environment.get_template("eservices/index.html")
        assert after is not before and after.globals["greeting"] == "hej"
        environment.globals |= {"greeting": "moi"}
        assert environment.get_template("eservices/index.html").globals["greeting"] == "moi"
