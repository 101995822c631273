"""DRF throttles that count per client address as `client_ip` decides it (never a client-sent header alone)."""

from rest_framework.throttling import ScopedRateThrottle

from .client_ip import client_ip


class ClientIpMixin:
    """Identify the caller by `client_ip`, which trusts X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class ScopedClientIpThrottle(ClientIpMixin, ScopedRateThrottle):
    """ScopedRateThrottle counted per client address."""
