"""The client's address, as login throttling and the audit see it.

Behind a reverse proxy every request arrives from the proxy's address, so throttling
by REMOTE_ADDR would put every user in one bucket. The proxy's own header is trusted
only when the deployment names it (``SAKIP_TRUSTED_PROXY_HEADER``); a header a client
could set itself is never read otherwise."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str:
    """The configured trusted header's address, else REMOTE_ADDR.

    A comma-separated header (X-Forwarded-For) is read from its right end: the last
    entry is the one the trusted proxy appended, the ones before it the client wrote."""
    header = getattr(settings, "SAKIP_TRUSTED_PROXY_HEADER", "")
    if header:
        raw = request.META.get(_meta_key(header), "")
        candidate = raw.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass  # a missing or malformed header: fall back to the socket's address
    return str(request.META.get("REMOTE_ADDR", ""))


def axes_client_ip(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE."""
    return client_ip(request)
