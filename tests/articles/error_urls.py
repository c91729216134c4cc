"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a request no browser sends")


urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    path("api/v1/broken/", broken),
    *site_urlpatterns,
]
