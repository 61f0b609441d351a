"""The Flask application class: Flask, minus per-request work whose answer never changes.

Its session serializer is built once per key (``cookie_session``), its Jinja
environment gives templates plain-dict globals (``template_environment``), and:

Flask asks ``inspect.iscoroutinefunction`` about every hook, context processor
and view on every request (some twenty per page) to wrap ``async def`` ones.
Whether a function is a coroutine function does not change, so a plain
function is remembered once seen.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import iscoroutinefunction
from typing import Any

from flask import Flask

from .cookie_session import SessionInterface
from .template_environment import TemplateEnvironment

#: More distinct callables than any app registers: beyond it nothing more is kept.
_KEEP_AT_MOST = 4096


class Application(Flask):
    jinja_environment = TemplateEnvironment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_interface = SessionInterface()
        self._plain_functions: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        plain = self._plain_functions
        try:
            if func in plain:
                return func
        except TypeError:  # a bound method of an unhashable object
            return super().ensure_sync(func)
        if iscoroutinefunction(func):
            return self.async_to_sync(func)
        if len(plain) < _KEEP_AT_MOST:
            plain.add(func)
        return func
