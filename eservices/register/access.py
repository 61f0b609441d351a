"""Which register the platform talks to: the adapter named by the ``WASTE_REGISTER`` setting.

The setting is ``"package.module:Factory"`` (as periodic jobs are named): the default
is the demo municipality's register in ``services/waste_register``; a municipality
names its own adapter (to EDP Future, say) there. One instance per app, made on first
use, so a wrong name fails loudly on the first page that needs the register, with the
name in the message, not as a half-working page.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask, current_app

from .protocol import WasteRegister

_KEY = "eservices.waste_register"


class RegisterUnavailable(RuntimeError):
    """The configured adapter cannot be loaded or does not implement the port."""


def load_adapter(name: str) -> WasteRegister:
    path, _, factory = name.partition(":")
    if not path or not factory:
        raise RegisterUnavailable(f"WASTE_REGISTER must be 'package.module:Factory', "
                                  f"not {name!r}")
    try:
        adapter = getattr(import_module(path), factory)()
    except (ImportError, AttributeError) as error:
        raise RegisterUnavailable(f"WASTE_REGISTER {name!r} cannot be loaded: {error}") \
            from error
    if not isinstance(adapter, WasteRegister):
        raise RegisterUnavailable(f"WASTE_REGISTER {name!r} does not implement the "
                                  "WasteRegister port")
    return adapter


def waste_register(app: Flask | None = None) -> WasteRegister:
    """The app's waste register (``tk.waste_register()``)."""
    app = app or current_app
    adapter = app.extensions.get(_KEY)
    if adapter is None:
        adapter = app.extensions[_KEY] = load_adapter(app.config["WASTE_REGISTER"])
    return adapter
