"""The address a request comes from, for the API's throttle and the admin's login limits.

Served directly, it is the connection's address (REMOTE_ADDR) and X-Forwarded-For is ignored:
any client can send that header, with any address in it.

Behind the TLS proxy (BEHIND_TLS_PROXY) every connection comes from the proxy, so every client
would share one count. The proxy appends the address it was connected from to X-Forwarded-For;
whatever the client sent in that header stays to the left of it. The address is therefore read
from the right: the right-most entry behind one proxy, or, behind TRUSTED_PROXY_COUNT proxies in
a row (a CDN, then the load balancer), the entry that many places from the right, which the
outermost one added. The left-most entry, which many libraries take, is the client's to choose.

A request without the header (one that did not come through the proxy) or whose entry is not an
address is counted by its connection.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address, as a string in its usual form; None if the request has none."""
    connection = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies < 1 or not forwarded.strip():
        return connection
    entries = forwarded.split(",")
    # Fewer entries than proxies: the request came in past the outer ones, and the left-most
    # entry is the one the first proxy it met added.
    return _address(entries[-min(proxies, len(entries))]) or connection


def _address(entry: str) -> str | None:
    """`entry` as an IP address, without the port some proxies add (192.0.2.1:5133)."""
    entry = entry.strip()
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        pass
    try:
        host = urlsplit(f"//{entry}").hostname  # 192.0.2.1:5133, [2001:db8::1]:5133
        return str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        return None
