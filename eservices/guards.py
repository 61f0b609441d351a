"""Flood guards on routes: "N requests per client per window", on the limits' counters.

A guard is the coarse outer fence of a page that sends messages or reveals
whether something exists (a sign-in, a code, a link with a token): it caps how
often one client may ask at all, while the page's own budgets
(``eservices.limits``) count what really matters (codes per number, guesses per
customer).  Guards count in the same database table as those budgets, so they
hold across gunicorn workers, restarts and servers - the per-process memory of
the Flask-Limiter they replace did not - and an operator has one limiter to
understand, with nothing more to run.

The count is committed before the page runs: a refused or failing request has
still been counted, and the page starts with a clean session.  Refused
requests get 429 with ``Retry-After`` and the translated wait ("Try again in
12 minutes."), as an HTML page or, under ``/api/``, as problem details.
``RATELIMIT_ENABLED = False`` turns guards off (some tests measure what lies
behind them); the budgets stay on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

from . import limits
from .db import db

View = TypeVar("View", bound=Callable[..., Any])


class GuardRefused(TooManyRequests):
    """429 from a guard; ``wait`` is the translated "Try again in N minutes."."""

    def __init__(self, wait: str, retry_after: int) -> None:
        super().__init__(wait, retry_after=retry_after)
        self.wait = wait


def guard(limit: int | Callable[[], int], window_seconds: int, *,
          methods: Iterable[str] | None = None,
          key: Callable[[], str] = limits.client_key, name: str | None = None
          ) -> Callable[[View], View]:
    """Allow ``limit`` requests per ``key()`` (the client's address) per window.

    ``limit`` may be a function, asked on every request (a setting read late).

    ``methods`` limits the guard to those methods (``("POST",)`` leaves the
    page itself open); ``name`` names the budget, by default the view's
    dotted path, so every guarded view counts on its own.
    """
    only = {m.upper() for m in methods} if methods is not None else None

    def decorate(view: View) -> View:
        budget_name = (name or f"guard:{view.__module__}.{view.__qualname__}")[:80]

        def budget() -> limits.Budget:
            return limits.Budget(budget_name, limit() if callable(limit) else limit,
                                 window_seconds)

        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if (only is None or request.method in only) \
                    and current_app.config.get("RATELIMIT_ENABLED", True):
                verdict = limits.hit(budget(), key())
                db.session.commit()
                if not verdict.allowed:
                    raise GuardRefused(verdict.wait_text(), verdict.retry_after)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class DeprecatedLimiter:
    """What ``tk.limiter`` was (Flask-Limiter), kept for one minor version as guards.

    ``tk.limiter.limit("30 per hour", methods=["POST"])`` becomes
    ``tk.guard(30, 3600, methods=("POST",))``; a callable limit is read once.
    """

    def limit(self, spec: str | Callable[[], str], methods: Iterable[str] | None = None,
              key_func: Callable[[], str] | None = None) -> Callable[[View], View]:
        text = spec() if callable(spec) else spec
        count, _, unit = text.replace("/", " per ").partition(" per ")
        seconds = _UNITS.get(unit.strip().rstrip("s"))
        if not count.strip().isdigit() or seconds is None:
            raise ValueError(f"not a limit: {text!r} (write 'N per second|minute|hour|day')")
        return guard(int(count), seconds, methods=methods, key=key_func or limits.client_key)
