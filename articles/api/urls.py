"""Routes of the syndication API, mounted at /api/v1/ by the root urlconf."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import views
from .schema import SchemaView

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("pages", views.PageViewSet, basename="page")
router.register("publications", views.PublicationViewSet, basename="publication")
router.register("reporters", views.ReporterViewSet, basename="reporter")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("places", views.PlaceViewSet, basename="place")

urlpatterns = [
    path(
        "articles/<str:pk>.ninjs",
        views.ArticleNinjsView.as_view(),
        name="article-ninjs",
    ),
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
