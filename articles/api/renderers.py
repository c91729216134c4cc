"""The ninjs media type: JSON, announced as `application/ninjs+json`."""

from rest_framework.renderers import JSONRenderer

from .ninjs import MEDIA_TYPE


class NinjsRenderer(JSONRenderer):
    """Render an already-built ninjs document; `.ninjs` suffix or the Accept header."""

    media_type = MEDIA_TYPE
    format = "ninjs"
