"""Staff sign-in, roles, audit trail and the back-office shell."""

from . import views  # noqa: F401  (registers the shell's routes on the blueprint)
from .auth import init_app

__all__ = ["init_app"]
