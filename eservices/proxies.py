"""Reverse proxies: their ``X-Forwarded-*`` headers count only when they sent them.

``TRUSTED_PROXIES`` says how many proxies stand in front of the app; werkzeug's
``ProxyFix`` then believes that many ``X-Forwarded-*`` values.  A client that
reaches the app directly (a health-check port, a misrouted firewall) could send
the same headers itself and choose its own address for every rate limit.  So the
headers are honoured only when the connection comes from one of
``TRUSTED_PROXY_ADDRESSES``; from anywhere else they are removed before the app
sees them.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigurationError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``127.0.0.1``, ``10.0.0.0/8`` or ``::1`` -> networks; a typo stops the start."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ConfigurationError(
                f"TRUSTED_PROXY_ADDRESSES: {value!r} is not an IP address or network") from exc
    return tuple(networks)


def from_network(address: str | None, networks: Iterable[Network]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == network.version and ip in network for network in networks)


class TrustedProxyMiddleware:
    """``ProxyFix`` for requests from a trusted proxy; forwarding headers dropped otherwise."""

    def __init__(self, app: WSGIApplication, proxies: int,
                 networks: Iterable[Network]) -> None:
        self.app = app
        self.networks = tuple(networks)
        self.proxied = ProxyFix(app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies, x_prefix=proxies)

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        if self.networks and from_network(environ.get("REMOTE_ADDR"), self.networks):
            return self.proxied(environ, start_response)
        for key in [k for k in environ if k.startswith("HTTP_X_FORWARDED_")
                    or k == "HTTP_FORWARDED"]:
            del environ[key]
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Install the proxy middleware outermost, so the host check sees the proxied host."""
    networks = parse_networks(app.config["TRUSTED_PROXY_ADDRESSES"])
    proxies = app.config["TRUSTED_PROXIES"]
    # Without proxies no address is trusted: forwarding headers are always removed,
    # so no code can read a client's own X-Forwarded-For by mistake.
    app.wsgi_app = TrustedProxyMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, proxies, networks if proxies else ())
