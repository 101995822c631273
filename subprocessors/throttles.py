"""The subscribe form's rate limit, sharing DRF's `subscribe` throttle rate and cache."""

from rest_framework.throttling import SimpleRateThrottle

from callnex_compliance.throttles import ClientIpMixin


class SubscribeThrottle(ClientIpMixin, SimpleRateThrottle):
    """Limit subscription requests per client address (THROTTLE_SUBSCRIBE, default 10/hour)."""

    scope = "subscribe"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
