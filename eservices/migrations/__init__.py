"""Alembic migrations: the platform's own, plus each installed module's own branch.

Every module keeps its versions in its package (``migrations/versions``) on a
branch labelled with its id that depends on the platform's base revision, so
``flask db upgrade`` applies all of them and modules never edit each other's
history.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic.config import Config
from flask import Flask

HERE = Path(__file__).resolve().parent
PLATFORM_VERSIONS = HERE / "versions"
NOTIFICATION_VERSIONS = HERE.parent.parent / "notifications" / "migrations" / "versions"


def alembic_config(app: Flask) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    registry = app.extensions["eservices.modules"]
    locations = [PLATFORM_VERSIONS, NOTIFICATION_VERSIONS, *registry.migration_dirs()]
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    config.attributes["app"] = app
    return config


def upgrade(app: Flask, target: str = "heads") -> None:
    from alembic import command

    with app.app_context():
        command.upgrade(alembic_config(app), target)
