"""Journeys built in the browser by service designers, without code.

A journey is data (``schema.py``), checked (``integrity.py``), stored as a
draft and immutable versions (``models.py``, ``store.py``) and served to
residents as a module like any other.  Three URL maps: the residents' pages
(``resident_blueprint``), the back office's cases (``staff_blueprint``) and
the designers' editor (``editor.blueprint``).
"""

from __future__ import annotations

from flask import Flask

from ..staff.auth import PLATFORM_BLUEPRINT_ROLES
from . import catalogue
from . import models as models  # its tables belong to the metadata
from .cli import journeys_cli
from .editor.blueprint import editor_bp
from .resident_blueprint import resident_bp
from .staff_blueprint import cases_bp


def init_app(app: Flask) -> None:
    """Register the journeys' pages; called by the app factory after the designer tools."""
    app.register_blueprint(editor_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(resident_bp)
    app.cli.add_command(journeys_cli)
    PLATFORM_BLUEPRINT_ROLES[editor_bp.name] = ("tjanstedesigner",)
    PLATFORM_BLUEPRINT_ROLES[cases_bp.name] = ("handlaggare",)
    # Published journeys are modules: the catalogue, designer tools and hooks see them.
    registry = app.extensions["eservices.modules"]
    registry.built = catalogue.built_modules
    registry.current_built = catalogue.current_module
