"""Modules are found through entry points; a broken one never takes the site down."""

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eservices.testing import sign_in

THROWAWAY = {
    "pyproject.toml": """
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "eservices-throwaway"
        version = "1.0"
        [project.entry-points."eservices.modules"]
        parking_permit = "throwaway_parking:module"
        exploding = "throwaway_exploding:module"
        squatter = "throwaway_squatter:module"
        [tool.setuptools]
        packages = ["throwaway_parking", "throwaway_exploding", "throwaway_squatter"]
        [tool.setuptools.package-data]
        "*" = ["templates/**/*"]
    """,
    "throwaway_parking/__init__.py": """
        from flask import Blueprint, render_template_string
        from eservices.modules import OTHER, Module

        bp = Blueprint("parking_permit", __name__)

        @bp.route("/")
        def start():
            return render_template_string(
                '{% extends "eservices/layout.html" %}{% block title %}P{% endblock %}'
                '{% block content %}<h1>Parkeringstillstånd</h1>{% endblock %}')

        module = Module(
            id="parking_permit", stage="pilot", owner="Team Trafik <trafik@example.se>",
            name={"sv": "Ansök om parkeringstillstånd", "en": "Apply for a parking permit"},
            summary={"sv": "Boendeparkering.", "en": "Residents' parking."},
            package=__name__, category=OTHER, blueprint=bp,
            start_endpoint="parking_permit.start")
    """,
    "throwaway_exploding/__init__.py": """
        raise RuntimeError("this module cannot even be imported")
    """,
    "throwaway_squatter/__init__.py": """
        from flask import Blueprint
        from eservices.modules import OTHER, Module

        bp = Blueprint("squatter", __name__, template_folder="templates")

        module = Module(
            id="squatter", stage="live", owner="Someone <s@example.se>",
            name={"sv": "Inkräktare", "en": "Squatter"}, summary={"sv": "x", "en": "x"},
            package=__name__, category=OTHER, blueprint=bp, start_endpoint="squatter.start")
    """,
    # A template outside templates/<id>/ could override the platform's layout.
    "throwaway_squatter/templates/eservices/layout.html": "hijacked",
}


@pytest.fixture(scope="module")
def throwaway_distribution(tmp_path_factory):
    """Build and install a separate distribution, as a municipality would with pip."""
    source = tmp_path_factory.mktemp("throwaway-src")
    for name, content in THROWAWAY.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    target = tmp_path_factory.mktemp("throwaway-site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(source)], check=True)
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("throwaway_")]:
        del sys.modules[name]


def test_in_repository_modules_declare_themselves_through_entry_points(app):
    registry = app.extensions["eservices.modules"]
    assert "accessibility_report" in registry.enabled
    assert registry.broken == []


def test_installed_module_appears_without_touching_the_platform(throwaway_distribution,
                                                                make_app):
    app = make_app()
    client = app.test_client()
    front = client.get("/").get_data(as_text=True)
    assert "Ansök om parkeringstillstånd" in front
    page = client.get("/parking-permit/").get_data(as_text=True)
    assert "Parkeringstillstånd" in page
    assert "Det här är en ny e-tjänst." in page  # pilot banner
    assert 'name="robots" content="noindex' in page


def test_broken_modules_are_listed_and_the_site_keeps_serving(throwaway_distribution,
                                                              make_app):
    app = make_app()
    registry = app.extensions["eservices.modules"]
    broken = {b.name: b for b in registry.broken}
    assert set(broken) == {"exploding", "squatter"}
    assert "cannot even be imported" in broken["exploding"].error
    assert "templates must live under templates/squatter/" in broken["squatter"].error
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json()["modules"]["broken"] == 2
    assert "hijacked" not in client.get("/").get_data(as_text=True)

    with app.app_context():
        from eservices.cli import create_staff_user
        create_staff_user("admin", "Admin", ["administrator"], "correct horse battery")
    sign_in(client, "admin")
    listing = client.get("/staff/modules").get_data(as_text=True)
    assert "exploding" in listing and "cannot even be imported" in listing
    assert "squatter" in listing


def test_modules_can_be_disabled_by_configuration(throwaway_distribution, make_app):
    app = make_app(MODULES_DISABLED=["parking_permit"])
    client = app.test_client()
    assert "parkeringstillstånd" not in client.get("/").get_data(as_text=True).lower()
    assert client.get("/parking-permit/").status_code == 404
    assert "parking_permit" in app.extensions["eservices.modules"].installed


def test_retired_modules_are_hidden_and_answer_gone(throwaway_distribution, make_app,
                                                    monkeypatch):
    app = make_app()
    registry = app.extensions["eservices.modules"]
    monkeypatch.setattr(type(registry), "stage",
                        lambda self, m: "retired" if m.id == "parking_permit" else m.stage)
    client = app.test_client()
    assert "parkeringstillstånd" not in client.get("/").get_data(as_text=True).lower()
    response = client.get("/parking-permit/")
    assert response.status_code == 410
    assert "E-tjänsten har stängts" in response.get_data(as_text=True)


def test_each_module_keeps_to_its_own_tables_urls_and_templates(app):
    from eservices.db import db

    registry = app.extensions["eservices.modules"]
    for module in registry.enabled.values():
        assert module.templates_dir.is_dir() is False or [
            p.name for p in module.templates_dir.iterdir()] == [module.id]
        tables = [t for t in db.metadata.tables if not t.startswith("platform_")]
        owned = [t for t in tables if t.startswith(module.table_prefix)]
        assert bool(owned) == bool(module.models), module.id
    prefixes = [m.resident_prefix for m in registry.enabled.values()]
    assert len(prefixes) == len(set(prefixes))


def test_module_root_is_its_package(app):
    module = app.extensions["eservices.modules"].enabled["accessibility_report"]
    assert module.root == Path(importlib.import_module("services.accessibility_report")
                               .__file__).parent
