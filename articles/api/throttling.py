"""Rates for partners: a token issued in the admin lifts a reader above the anonymous rate."""

from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle


class PartnerRateThrottle(SimpleRateThrottle):
    """Throttle requests made with a partner token at the `partner` rate, per token owner.

    Anonymous requests are left to `AnonRateThrottle`; staff browsing with a session are
    not throttled by this class.
    """

    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Token):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
