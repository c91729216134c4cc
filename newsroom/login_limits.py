"""Login rate limiting for the editors' desk, on top of django-axes.

django-axes counts failed logins per (user name, client address) and refuses further
attempts once `AXES_FAILURE_LIMIT` is reached, until `AXES_COOLOFF_TIME` has passed.
This module adapts it to the newsroom: a refusal is a Chinese 429 page, and a call to
`authenticate()` without a request (a shell, the test client's `login()`) is not
counted, since there is no client to limit; the admin login form always passes one.

An address also has a limit of its own over every user name tried from it
(`LOGIN_ADDRESS_FAILURE_LIMIT`, higher than a name's): without it, a few guesses at each of
many names never reach any one name's limit.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Sum
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


class LoginAttemptsHandler(AxesDatabaseHandler):
    """axes' database handler, with a limit per address besides the one per (name, address).

    axes compares every lockout parameter with one `AXES_FAILURE_LIMIT`; listing
    `"ip_address"` among `AXES_LOCKOUT_PARAMETERS` would lock an address at a name's limit
    (5 mistakes in an office behind one address), and a success would clear every failure
    from that address, so one valid account could wipe a sprayer's count between rounds. Here
    the pair is counted and reset as before, and an address past its own limit counts as a
    locked pair for any name tried from it.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request) -> int:
        """Failures from the request's address within the cool-off, whatever the name."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


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
