"""Tjänsteslussen: the platform on which a municipality designs, tests and runs e-services.

``create_app`` is imported on first use, not with the package: a part of the
platform (``eservices.clock``, say) can then be imported - by notifications, by a
module - without loading the whole app factory and everything it composes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import create_app


def __getattr__(name: str) -> object:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["create_app"]
