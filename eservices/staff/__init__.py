"""Staff sign-in, roles, audit trail and the back-office shell."""

from . import password, views  # noqa: F401  (register their routes on the blueprint)
from .auth import init_app

__all__ = ["init_app"]
