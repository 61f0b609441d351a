"""Modules in design: prototypes tested with residents before they become services.

Every package in this folder is a module; the distribution's single entry point
``prototypes = "prototypes:modules"`` finds them all, so ``flask eservices
new-prototype`` can add one without editing anything else.
"""

from __future__ import annotations

import pkgutil


def modules() -> list[str]:
    """Import paths of the prototype packages here, in name order."""
    return sorted(f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__)
                  if info.ispkg and not info.name.startswith("_"))
