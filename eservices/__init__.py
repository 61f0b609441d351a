"""Tjänsteslussen: the platform on which a municipality designs, tests and runs e-services."""

from .app import create_app

__all__ = ["create_app"]
