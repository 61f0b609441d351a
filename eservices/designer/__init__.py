"""Designer tools in the platform: module lifecycle, page feedback, prototype passwords.

A module's manifest declares the stage it ships in; designers move it on from
the back office (idea → prototype → pilot → live → retired), and the catalogue,
banners, feedback widget and password protection follow the stage.
"""

from .hooks import init_app

__all__ = ["init_app"]
