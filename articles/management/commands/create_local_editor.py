"""`manage.py create_local_editor`: a superuser for the local development database."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

USERNAME = "editor"
DEFAULT_PASSWORD = "newsroom-editor"
PASSWORD_ENV = "NEWSROOM_EDITOR_PASSWORD"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = gettext_lazy(
        "为本地开发创建（或修复）超级用户 editor，可重复运行。"
        "仅用于本地 SQLite 开发数据库：密码取自 --password、环境变量 "
        "NEWSROOM_EDITOR_PASSWORD，否则为 newsroom-editor。"
        "在其他数据库上需加 --force，生产环境请勿使用。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=gettext_lazy(
                "editor 的密码（默认取环境变量 NEWSROOM_EDITOR_PASSWORD 或 newsroom-editor）"
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "在非 SQLite 数据库上也创建（默认拒绝，以免生产库出现已知密码的账号）"
            ),
        )

    def handle(self, *args, **options):
        if connection.vendor != "sqlite" and not options["force"]:
            raise CommandError(
                _(
                    "editor 账号只用于本地 SQLite 开发数据库；当前数据库是 %(vendor)s。确需创建请加 --force。"
                )
                % {"vendor": connection.vendor}
            )
        password = options["password"] or os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
        created = ensure_local_editor(password=password)
        status = _("已创建本地编辑账号。") if created else _("本地编辑账号已存在，已确认可以登录。")
        self.stdout.write(status)
        self.stdout.write(
            _("登录编辑台：运行 make run 后打开 %(url)s\n  用户名：%(user)s\n  密码：%(password)s")
            % {"url": ADMIN_URL, "user": USERNAME, "password": password}
        )


def ensure_local_editor(*, password: str) -> bool:
    """Make sure the local `editor` superuser exists and logs in with `password`.

    Returns True if the account was created. An existing account is only touched
    where it differs (so running this twice changes nothing).
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=USERNAME)
    changed = created
    for flag in ("is_active", "is_staff", "is_superuser"):
        if not getattr(user, flag):
            setattr(user, flag, True)
            changed = True
    if not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.save()
    return created
