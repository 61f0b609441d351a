"""Trusted hosts: the site answers only to the names it is published under.

Anything built from ``request.host`` (an absolute URL, a redirect, a signature
check) would otherwise carry whatever ``Host`` a client sent.  A WSGI middleware
checks the header - after the proxy middleware has applied a trusted proxy's
``X-Forwarded-Host`` - and a request for a foreign host is answered 400 with the
friendly error page.  So that the page can be rendered at all, the foreign name is
replaced by the public host before Flask sees the request; it is never used.

Flask's own ``TRUSTED_HOSTS`` check is switched off: it shares the setting's name
but raises while the URL adapter is built, which leaves the error page unable to
build a single link, and it cannot match IPv6 addresses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, abort, request

from .links import public_base, public_host

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
FOREIGN_HOST = "eservices.foreign_host"
DEVELOPMENT_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(host: str) -> str:
    """``Host`` header value without its port, lower-cased (``[::1]:5000`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        return host.partition(":")[0]
    return host


def trusted_hosts(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The public host, the configured extra names, and loopback in development."""
    names = [urlsplit(public_base(config)).hostname or ""]
    names += [host_name(name) if not name.startswith(".") else name.lower()
              for name in config.get("TRUSTED_HOSTS") or ()]
    if config.get("ESERVICES_ENV") != "production":
        names += DEVELOPMENT_HOSTS
    return tuple(dict.fromkeys(name for name in names if name))


def is_trusted(host: str, trusted: Iterable[str]) -> bool:
    """Whether a ``Host`` header names one of ``trusted`` (``.example.se`` matches
    every subdomain, as in werkzeug)."""
    name = host_name(host)
    if not name:
        return False
    for ref in trusted:
        if ref.startswith("."):
            if name.endswith(ref) or name == ref[1:]:
                return True
        elif name == ref:
            return True
    return False


class TrustedHostMiddleware:
    """Mark a request for a foreign host and give Flask the public host instead."""

    def __init__(self, app: WSGIApplication, trusted: Iterable[str], public: str) -> None:
        self.app = app
        self.trusted = tuple(trusted)
        self.public = public

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host is None:
            # HTTP/1.0 without Host: werkzeug then uses the server's own address.
            environ["HTTP_HOST"] = self.public
        elif not is_trusted(host, self.trusted):
            environ[FOREIGN_HOST] = host
            environ["HTTP_HOST"] = self.public
        return self.app(environ, start_response)


def _refuse_foreign_host() -> None:
    foreign = request.environ.get(FOREIGN_HOST)
    if foreign is not None:
        log.warning("refused a request for the untrusted host %r", foreign[:100])
        abort(400)


def init_app(app: Flask) -> None:
    """Wrap the WSGI app; the check runs before every other ``before_request``."""
    trusted = trusted_hosts(app.config)
    app.extensions["eservices.trusted_hosts"] = trusted
    app.config["TRUSTED_HOSTS"] = None
    app.wsgi_app = TrustedHostMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, trusted, public_host(app.config))
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_foreign_host)
