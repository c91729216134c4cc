"""The API's rates: anonymous readers share a modest one, a partner token lifts a reader above it.

Both throttles count in the `throttle` cache, which every worker and server shares (see
`throttle_cache` in the settings): a count kept per process would grant the full rate once
per worker.
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling
from rest_framework.authtoken.models import Token

from newsroom.client_address import client_address

# Looked up per thread on use, as django.core.cache.cache is: a cache object is not thread-safe.
shared_counts = ConnectionProxy(caches, "throttle")


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous rate, per client address, counted in the shared cache."""

    cache = shared_counts

    def get_ident(self, request):
        # DRF's own reads X-Forwarded-For whoever sent it (the whole header, unless NUM_PROXIES
        # is set): a client could name a new address on each request and never be throttled.
        return client_address(request)


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Throttle requests made with a partner token at the `partner` rate, per token owner.

    Anonymous requests are left to `AnonRateThrottle`; staff browsing with a session are
    not throttled by this class.
    """

    scope = "partner"
    cache = shared_counts

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Token):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
