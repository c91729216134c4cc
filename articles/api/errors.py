"""One JSON shape for every error the API returns, so partners can rely on it.

``{"detail": "<what is wrong>", "errors": {"<parameter>": ["<why>"]}}`` — `errors` appears
when the fault lies with named query parameters. Details are in the request's language,
Chinese unless the client asks for English: Django's and DRF's own English messages that
would otherwise come through (a missing object, a session's CSRF check) are replaced.
Errors raised outside the API's views (an unknown address, a server error) take the same
shape through the site's error handlers (articles/errors.py).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

CSRF_DETAIL = gettext_lazy(
    "安全校验（CSRF）失败：用登录会话提交时要带上 CSRF 令牌；合作方请改用 API 令牌。"
)


def exception_handler(exc, context):
    """DRF's handler, with validation errors reshaped into `detail` plus `errors`."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        # Django's get_object_or_404 says "No Article matches the given query.", in English
        # and naming a class; DRF would pass it on as it is.
        exc = exceptions.NotFound(_not_found(context.get("view")))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        # DRF's session check says "CSRF Failed: …" untranslated.
        exc = exceptions.PermissionDenied(str(CSRF_DETAIL))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data
        if isinstance(data, dict):
            response.data = {"detail": _("请求参数有误。"), "errors": data}
        else:
            response.data = {"detail": " ".join(str(m) for m in data)}
    return response


def _not_found(view) -> str:
    """What is missing, named as the desk names it: 稿件 999 不存在，或尚未发布。"""
    queryset = getattr(view, "queryset", None)
    if queryset is None and hasattr(view, "get_queryset"):
        try:
            queryset = view.get_queryset()
        except Exception:  # a view's queryset may need what the failed request lacked
            queryset = None
    model = getattr(queryset, "model", None)
    kwargs = getattr(view, "kwargs", None) or {}
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    asked = kwargs.get(lookup)
    if model is None or asked is None:
        return _("没有找到：编号不存在，或尚未发布。")
    return _("%(thing)s %(id)s 不存在，或尚未发布。") % {
        "thing": model._meta.verbose_name,
        "id": str(asked)[:MAX_ECHOED],
    }


# An id echoed in a message is cut to this: anything may be typed in its place.
MAX_ECHOED = 40


def error_response(status: int, detail: str) -> JsonResponse:
    """An error in the API's JSON shape, for errors that never reached a DRF view."""
    return JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )
