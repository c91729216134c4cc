"""The error pages: the site's own layout and a search box for readers, JSON for the API.

Django calls these instead of its English defaults (``handler404`` and the others in
newsroom/urls.py, ``CSRF_FAILURE_VIEW`` in the settings). Under the API's prefix every
error is the API's JSON (``{"detail": …}``, articles/api/errors.py); elsewhere it is a
page a reader can go on from. None of them reads the database: a 500 may be the
database's own failure.
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from articles.api.errors import CSRF_DETAIL, error_response

logger = logging.getLogger(__name__)

# Where the syndication API is mounted (newsroom/urls.py).
API_PREFIX = "/api/"

PAGES = {
    400: (
        gettext_lazy("请求有误"),
        gettext_lazy("这个请求无法处理：地址可能不完整，或带了本站读不懂的参数。"),
    ),
    403: (
        gettext_lazy("没有权限"),
        gettext_lazy("您没有查看这个页面的权限。编辑请先登录编辑台。"),
    ),
    404: (
        gettext_lazy("找不到这个页面"),
        gettext_lazy(
            "这个地址没有内容：稿件可能已经撤下，或者链接有误。可以检索稿件，或回到首页。"
        ),
    ),
    500: (
        gettext_lazy("服务器出错了"),
        gettext_lazy("这次请求没有完成，问题出在本站，不在您这边。请稍后再试。"),
    ),
}
CSRF_PAGE = (
    gettext_lazy("表单已过期"),
    gettext_lazy(
        "提交的表单没有通过安全校验：页面可能打开得太久，或者浏览器没有保存本站的 Cookie。"
        "请返回上一页，刷新后再提交。"
    ),
)
API_DETAILS = {
    400: gettext_lazy("请求有误。"),
    403: gettext_lazy("没有权限执行这个操作。"),
    404: gettext_lazy("没有这个接口地址。可用的地址见 /api/v1/docs/。"),
    500: gettext_lazy("服务器内部错误，请稍后再试。"),
}


def is_api(request) -> bool:
    """Whether the request was for the API, whose errors are JSON."""
    return request.path_info.startswith(API_PREFIX)


def error_page(request, status: int, heading, message) -> HttpResponse:
    """The error page in the site's layout, with a search box; plain Chinese text if even the
    layout cannot be rendered (a 500 from a broken template must still say something)."""
    try:
        html = render_to_string(
            "articles/error.html",
            {"status": status, "heading": heading, "message": message},
            request=request,
        )
    except Exception:
        logger.exception("the error page itself failed to render")
        html = format_html(
            '<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>{}</title>'
            "<h1>{}</h1><p>{}</p></html>",
            heading,
            heading,
            message,
        )
    return HttpResponse(html, status=status)


def _respond(request, status: int) -> HttpResponse:
    if is_api(request):
        return error_response(status, str(API_DETAILS[status]))
    heading, message = PAGES[status]
    return error_page(request, status, heading, message)


def bad_request(request, exception=None):
    """handler400: a malformed request, a disallowed host, a suspicious operation."""
    return _respond(request, 400)


def permission_denied(request, exception=None):
    """handler403."""
    return _respond(request, 403)


def page_not_found(request, exception=None):
    """handler404."""
    return _respond(request, 404)


def server_error(request):
    """handler500."""
    return _respond(request, 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted without its token (expired, or cookies refused)."""
    if is_api(request):
        return error_response(403, str(CSRF_DETAIL))
    heading, message = CSRF_PAGE
    return error_page(request, 403, heading, message)
