"""Login rate limiting for the editors' desk, on top of django-axes.

django-axes counts failed logins per (user name, client address) and refuses further
attempts once `AXES_FAILURE_LIMIT` is reached, until `AXES_COOLOFF_TIME` has passed.
This module adapts it to the newsroom: a refusal is a Chinese 429 page, and a call to
`authenticate()` without a request (a shell, the test client's `login()`) is not
counted, since there is no client to limit; the admin login form always passes one.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class LoginRateLimitBackend(AxesStandaloneBackend):
    """Refuses logins of a locked-out (user name, address) pair; never logs anyone in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Raise PermissionDenied for a locked-out pair; return None so the next backend runs."""
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a login attempt while locked out: 429 with a plain Chinese message."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    message = _("登录失败次数过多，已暂时锁定。")
    if minutes:
        message += _("请 %(minutes)d 分钟后再试。") % {"minutes": minutes}
    # Outside the f-string, where makemessages cannot see it.
    title = _("登录已锁定")
    body = f'<!doctype html><html lang="{get_language()}"><title>{escape(title)}</title>'
    body += f"<p>{escape(message)}</p></html>"
    response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
