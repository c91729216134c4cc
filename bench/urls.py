"""The product's URLs plus one trivial view, for the serving comparison only."""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as product_urlpatterns


@cache
def _body() -> bytes:
    with open(os.environ["BENCH_BODY_FILE"], "rb") as f:
        return f.read()


def same_bytes(request):
    """The article page's bytes, without reading the database or rendering a template."""
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/same-bytes/", same_bytes), *product_urlpatterns]
