"""One JSON shape for every error the API returns, so partners can rely on it.

``{"detail": "<what is wrong>", "errors": {"<parameter>": ["<why>"]}}`` — `errors` appears
when the fault lies with named query parameters.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with validation errors reshaped into `detail` plus `errors`."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
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
