"""Addresses on the public site for what the API returns.

An object's own `get_absolute_url()` is used when the model defines one (an article); for the
others the API builds these documented patterns:

========== ==========================
article    /articles/<id>/
issue      /issues/<id>/
page       /pages/<id>/
reporter   /reporters/<id>/
publication /publications/<slug>/
topic      /topics/<slug>/
place      /places/<id>/
========== ==========================
"""

from django.urls import NoReverseMatch

FALLBACK_PATHS = {
    "issue": "/issues/{obj.pk}/",
    "page": "/pages/{obj.pk}/",
    "reporter": "/reporters/{obj.pk}/",
    "publication": "/publications/{obj.slug}/",
    "topic": "/topics/{obj.slug}/",
    "place": "/places/{obj.pk}/",
}


def site_path(obj):
    """The public site's path for a model instance, e.g. ``/articles/42/``."""
    get_absolute_url = getattr(obj, "get_absolute_url", None)
    if get_absolute_url is not None:
        try:
            return get_absolute_url()
        except NoReverseMatch:
            pass  # The site's route is not there yet: the documented pattern still holds.
    return FALLBACK_PATHS[obj._meta.model_name].format(obj=obj)


def site_url(obj, request=None):
    """The absolute public address of `obj` when a request tells the host, else its path."""
    path = site_path(obj)
    return request.build_absolute_uri(path) if request is not None else path
