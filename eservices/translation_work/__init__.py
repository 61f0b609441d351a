"""The translator workflow: every text of the site for one language, out to a translator
and back in, checked (issue 18).

``flask eservices translations export|import|status`` (``cli.py``) and the
administrators' staff page (``blueprint.py``) do the same three things through
``workflow.py``: texts are collected as units (``units.py``) from the platform's
and every installed module's catalogue and notification templates
(``sources.py``), written as XLIFF 2.0 or CSV, read back, checked
(``checks.py``) and written (``writer.py``) all or nothing.  Nothing heavy is
imported here: ``tools/i18n.py`` reads ``catalogue_files`` without the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """The administrators' translations page, under /staff/translations/."""
    from ..staff.auth import PLATFORM_BLUEPRINT_ROLES
    from .blueprint import bp

    app.register_blueprint(bp)
    PLATFORM_BLUEPRINT_ROLES[bp.name] = ("administrator",)
