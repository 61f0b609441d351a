"""Jinja's environment with each template's globals a plain dict.

Jinja gives every template a ``ChainMap`` of its own globals over the
environment's, so that a global added later still reaches it.  Every render
then copies that map key by key (``ChainMap`` looks each key up through a
generator) to build the page's context: some sixty Python calls a page.  Jinja
itself advises against changing globals once templates are loaded, and ours
are all set while the app is built, so a template gets a copy instead.  Should
a global still change later, the template cache is emptied and templates are
loaded again with it.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from flask.templating import Environment


class _Globals(dict):
    """The environment's globals; a change calls ``changed``."""

    def __init__(self, values: dict[str, Any], changed: Callable[[], None]) -> None:
        super().__init__(values)
        self._changed = changed

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        self[key] = default
        return default

    def pop(self, *args: Any) -> Any:
        value = super().pop(*args)
        self._changed()
        return value

    def popitem(self) -> tuple[str, Any]:
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._changed()

    def __ior__(self, other: Any) -> _Globals:
        self.update(other)
        return self


class TemplateEnvironment(Environment):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals = _Globals(self.globals, self._forget_templates)

    def _forget_templates(self) -> None:
        if self.cache is not None:
            self.cache.clear()

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if d:
            return super().make_globals(d)
        return dict(self.globals)
