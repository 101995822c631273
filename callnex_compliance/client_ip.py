"""The client's address, the one way throttles, the login lockout and the logs decide who is calling.

`X-Forwarded-For` is written by the client as much as by proxies, so it is only believed as far as
TRUSTED_PROXY_COUNT proxies of our own appended to it: with N proxies the client is the N-th address
from the right. With 0 (the default) the socket address counts and the header is ignored.
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings


def client_ip_from_meta(meta: Mapping[str, str]) -> str:
    """Return the client address from a WSGI environ / `request.META`."""
    remote = meta.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if not forwarded:
        return remote
    candidate = forwarded[-min(count, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_ip(request) -> str:
    """Return the client address of a Django or DRF request (also django-axes' AXES_CLIENT_IP_CALLABLE)."""
    return client_ip_from_meta(request.META)
