"""The admin site as a desk: its index says what waits and what others changed, and the
newsroom's own apps come first in every menu.

Installed in place of django.contrib.admin (`DeskAdminConfig` in INSTALLED_APPS), so
`admin.site` is a `DeskAdminSite`; nothing here is imported before the models are ready.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# The apps in the order an editor needs them; the login guard's records go last.
APP_ORDER = ("articles", "taxonomy", "syndication", "authtoken", "auth")
LAST = ("axes",)


class DeskAdminSite(admin.AdminSite):
    index_template = "admin/articles/desk/index.html"

    def get_app_list(self, request, app_label=None):
        """The newsroom's apps first, the sign-in guard last."""
        apps = super().get_app_list(request, app_label)

        def rank(app):
            label = app["app_label"]
            if label in APP_ORDER:
                return (0, APP_ORDER.index(label))
            return (2, 0) if label in LAST else (1, 0)

        return sorted(apps, key=rank)

    def get_urls(self):
        """The desk's preview of an article's public page, before the models' own URLs."""
        from django.urls import path

        from articles.desk.publishing import preview_view

        preview = path(
            "articles/article/<int:pk>/preview/",
            self.admin_view(preview_view),
            name="articles_article_preview",
        )
        return [preview, *super().get_urls()]

    def index(self, request, extra_context=None):
        """The desk: counts of what waits, links to both queues, others' recent changes."""
        from articles.desk.board import desk_board

        extra = {"desk": desk_board(request.user), **(extra_context or {})}
        return super().index(request, extra_context=extra)


class DeskAdminConfig(AdminConfig):
    default_site = "articles.desk.site.DeskAdminSite"
