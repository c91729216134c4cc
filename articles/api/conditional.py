"""Conditional GET for API responses: ETag from the body, Last-Modified when the view knows."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .renderers import NinjsRenderer


class ConditionalGetMixin:
    """Add ETag and Last-Modified to successful reads and answer a matching request with 304.

    The ETag hashes the rendered body, so it changes with anything the partner would see,
    including related rows whose changes leave the article's `updated_at` alone. A view sets
    `self.last_modified` (an aware datetime) when it can name the newest change it shows.
    """

    last_modified = None

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are plain JSON even where a ninjs document was asked for.
            if isinstance(getattr(request, "accepted_renderer", None), NinjsRenderer):
                request.accepted_renderer = JSONRenderer()
                request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response):
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )
