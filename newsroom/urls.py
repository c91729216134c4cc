"""Root URL configuration: the editors' desk under /admin/, the public site at /."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("报纸档案编辑台")
admin.site.site_title = _("编辑台")
admin.site.index_title = _("内容管理")

# Chinese error pages in the site's layout, JSON under /api/ (articles/errors.py); with DEBUG
# on Django shows its own technical pages instead.
handler400 = "articles.errors.bad_request"
handler403 = "articles.errors.permission_denied"
handler404 = "articles.errors.page_not_found"
handler500 = "articles.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
