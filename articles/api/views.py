"""Read-only viewsets of the syndication API: HTTP in, querysets and documents out."""

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles import reading
from articles.desk.redirects import redirect_to_survivor
from articles.models import Article, Issue, Page, Publication
from articles.paging import PRINTED_ORDER
from syndication.models import Tombstone, article_uri
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic

from . import facets, filters, ninjs, pagination, serializers
from .conditional import ConditionalGetMixin
from .links import site_url
from .renderers import NinjsRenderer

PUBLISHED = Article.Status.PUBLISHED

ERROR = OpenApiResponse(
    response=serializers.ErrorSerializer,
    description="请求有误：detail 说明原因，errors 按参数列出。",
)
NOT_FOUND = OpenApiResponse(response=serializers.ErrorSerializer, description="不存在或未发布。")
THROTTLED = OpenApiResponse(
    response=serializers.ErrorSerializer, description="请求过于频繁；Retry-After 给出等待秒数。"
)
UNAUTHORIZED = OpenApiResponse(response=serializers.ErrorSerializer, description="令牌无效。")
NINJS_DOCUMENT = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="IPTC ninjs 2.1 文档（application/ninjs+json）。"
)
ERRORS = {400: ERROR, 401: UNAUTHORIZED, 404: NOT_FOUND, 429: THROTTLED}
MERGED = OpenApiResponse(
    description=(
        "这篇稿件已并入另一篇稿件：Location 给出那篇稿件的同类地址（查询参数照旧）。"
        "同步接口的撤稿记录里，nr:merged_into 是它的编号。"
    )
)

FIELDS_PARAMETER = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    many=True,
    explode=False,
    enum=serializers.article_field_names(),
    description="只返回这些字段，逗号分隔；未知字段返回 400。",
)
BODY_PARAMETER = OpenApiParameter(
    "body",
    OpenApiTypes.STR,
    enum=list(serializers.BODY_FORMATS),
    description="正文形式：html（默认，body_html）或 text（body_text）。",
)
FACETS_PARAMETER = OpenApiParameter(
    "facets",
    OpenApiTypes.STR,
    many=True,
    explode=False,
    enum=list(facets.FACETS),
    description="附上这些分面的计数，逗号分隔，如 column,topic。",
)


class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail only, JSON errors, conditional GET, browse pagination."""

    renderer_classes = [JSONRenderer]
    filter_backends = [DjangoFilterBackend]
    pagination_class = pagination.BrowsePagination
    # Any segment reaches the view, so that a malformed id gets the API's JSON 404.
    lookup_value_regex = "[^/]+"


def article_queryset():
    """Articles with everything the API shows, in a fixed number of queries."""
    return Article.objects.for_detail().prefetch_related(
        Prefetch(
            "topic_links",
            queryset=ArticleTopic.objects.standing().select_related("topic"),
            to_attr="api_topic_links",
        ),
        Prefetch(
            "place_links",
            queryset=ArticlePlace.objects.select_related("place"),
            to_attr="api_place_links",
        ),
    )


@extend_schema_view(
    list=extend_schema(
        summary="稿件列表",
        parameters=[FIELDS_PARAMETER, BODY_PARAMETER, FACETS_PARAMETER],
        responses={200: serializers.ArticleSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="单篇稿件（JSON 或 Accept: application/ninjs+json）",
        parameters=[FIELDS_PARAMETER, BODY_PARAMETER],
        responses={
            (200, "application/json"): serializers.ArticleSerializer,
            (200, ninjs.MEDIA_TYPE): NINJS_DOCUMENT,
            301: MERGED,
            **ERRORS,
        },
    ),
    sync=extend_schema(
        summary="同步：按编号游标遍历全部稿件",
        description=(
            "不带 cursor 开始，沿 next 直到为空。配合 updated_since 只取上次同步以来的变化；"
            "第一页附 tombstones。"
        ),
        parameters=[FIELDS_PARAMETER, BODY_PARAMETER],
        responses={200: serializers.SyncedArticleSerializer(many=True), **ERRORS},
    ),
)
class ArticleViewSet(ReadOnlyViewSet):
    """Published articles; staff may ask for other states with `?status=`."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleBrowseFilterSet
    pagination_class = pagination.ArticleBrowsePagination

    def get_queryset(self):
        articles = article_queryset()
        if not filters.is_staff(self.request):
            # Visibility is decided here, not only by the filters: no filter, no leak.
            articles = articles.filter(status=PUBLISHED)
        return articles.order_by(*PRINTED_ORDER)

    def get_renderers(self):
        if getattr(self, "action", None) == "retrieve":
            return [JSONRenderer(), NinjsRenderer()]
        return super().get_renderers()

    def get_serializer(self, *args, **kwargs):
        params = self.request.query_params if self.request is not None else {}
        kwargs.setdefault("fields", serializers.parse_fields(params.get("fields")))
        kwargs.setdefault("body", serializers.parse_body(params.get("body")))
        return super().get_serializer(*args, **kwargs)

    def list(self, request, *args, **kwargs):
        facet_names = facets.parse_facets(request.query_params.get("facets"))
        return self._article_list(request, facet_names=facet_names)

    @action(
        detail=False,
        filterset_class=filters.ArticleFilterSet,
        pagination_class=pagination.SyncCursorPagination,
    )
    def sync(self, request, *args, **kwargs):
        """Every article in id order, for partners keeping a full copy."""
        return self._article_list(request, facet_names=[])

    def retrieve(self, request, *args, **kwargs):
        try:
            article = self.get_object()
        except Http404:
            # Merged into another article: its resource leads there (articles/desk/redirects.py).
            return merged_redirect(request, kwargs.get("pk"), "api:article-detail")
        self.last_modified = article.updated_at
        if isinstance(request.accepted_renderer, NinjsRenderer):
            return Response(article_document(article, request))
        return Response(self.get_serializer(article).data)

    def _article_list(self, request, *, facet_names):
        # Bad ?fields= or ?body= is a 400 before any query runs.
        self.get_serializer([], many=True)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        changes = [article.updated_at for article in page]
        if facet_names:
            response.data["facets"] = facets.facet_counts(queryset, facet_names)
        updated_since = self._filterset_value("updated_since")
        if updated_since is not None and self.paginator.is_first_page():
            tombstones = list(Tombstone.objects.filter(occurred_at__gte=updated_since))
            response.data["tombstones"] = [ninjs.tombstone_ninjs(t) for t in tombstones]
            changes += [tombstone.occurred_at for tombstone in tombstones]
        else:
            latest = Tombstone.objects.aggregate(latest=Max("occurred_at"))["latest"]
            if latest is not None:
                changes.append(latest)
        self.last_modified = max(changes, default=None)
        return response

    def _filterset_value(self, name):
        # Already validated by filter_queryset(); cleaning one field again costs no query.
        raw = self.request.query_params.get(name)
        field = filters.ArticleFilterSet.base_filters[name].field
        return field.clean(raw) if raw else None


def merged_redirect(request, article_id, url_name):
    """301 to the article `article_id` was merged into, at the same kind of address; else the
    API's 404 (the Http404 its error handler names)."""
    return redirect_to_survivor(
        request,
        article_id,
        url_of=lambda into: request.build_absolute_uri(reverse(url_name, args=[into])),
    )


def article_document(article, request):
    """The ninjs document of one article with absolute addresses for this request."""
    renditions = {
        caption.pk: serializers.caption_renditions(caption, request)
        for caption in article.captions.all()
    }
    return ninjs.article_ninjs(
        article,
        uri=article_uri(article.pk),
        url=site_url(article, request),
        picture_hrefs=renditions,
    )


@extend_schema_view(
    get=extend_schema(
        summary="单篇稿件的 ninjs 文档",
        parameters=[],
        responses={(200, ninjs.MEDIA_TYPE): NINJS_DOCUMENT, 301: MERGED, **ERRORS},
    )
)
class ArticleNinjsView(ConditionalGetMixin, generics.GenericAPIView):
    """`/api/v1/articles/{id}.ninjs`: the ninjs document whatever the Accept header says."""

    renderer_classes = [NinjsRenderer, JSONRenderer]
    filter_backends = []
    pagination_class = None
    serializer_class = serializers.ArticleSerializer

    def get_queryset(self):
        return article_queryset().filter(status=PUBLISHED)

    def perform_content_negotiation(self, request, force=False):
        return (NinjsRenderer(), NinjsRenderer.media_type)

    def get(self, request, *args, **kwargs):
        try:
            article = self.get_object()
        except Http404:
            return merged_redirect(request, kwargs.get("pk"), "api:article-ninjs")
        self.last_modified = article.updated_at
        return Response(article_document(article, request))


@extend_schema_view(
    list=extend_schema(
        summary="报纸", responses={200: serializers.PublicationSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="报纸", responses={200: serializers.PublicationSerializer, **ERRORS}
    ),
)
class PublicationViewSet(ReadOnlyViewSet):
    """Every publication in the archive, published content or not (a name is no secret)."""

    queryset = Publication.objects.order_by("name", "id")
    serializer_class = serializers.PublicationSerializer


def published_articles(prefix):
    """A condition on a relation path to articles: only published ones count."""
    return Q(**{f"{prefix}__status": PUBLISHED})


@extend_schema_view(
    list=extend_schema(
        summary="期", responses={200: serializers.IssueSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(summary="期", responses={200: serializers.IssueSerializer, **ERRORS}),
)
class IssueViewSet(ReadOnlyViewSet):
    """Issues with at least one published article, each with its pages that have one."""

    serializer_class = serializers.IssueSerializer
    filterset_class = filters.IssueFilterSet

    def get_queryset(self):
        pages = (
            Page.objects.filter(articles__status=PUBLISHED)
            .distinct()
            .order_by("number", "source_name")
        )
        return (
            Issue.objects.select_related("publication")
            .annotate(
                article_count=Count(
                    "pages__articles", filter=published_articles("pages__articles"), distinct=True
                )
            )
            .filter(article_count__gt=0)
            .prefetch_related(Prefetch("pages", queryset=pages, to_attr="api_pages"))
            .order_by("-date", "-number", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="版面", responses={200: serializers.PageSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(summary="版面", responses={200: serializers.PageSerializer, **ERRORS}),
)
class PageViewSet(ReadOnlyViewSet):
    """Pages with at least one published article; the OCR text itself is not served."""

    serializer_class = serializers.PageSerializer
    filterset_class = filters.PageFilterSet

    def get_queryset(self):
        return (
            Page.objects.select_related("issue__publication")
            .annotate(
                article_count=Count(
                    "articles", filter=published_articles("articles"), distinct=True
                )
            )
            .filter(article_count__gt=0)
            .order_by("-issue__date", "number", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="作者", responses={200: serializers.ReporterSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="作者", responses={200: serializers.ReporterSerializer, **ERRORS}
    ),
)
class ReporterViewSet(ReadOnlyViewSet):
    """Reporters credited on at least one published article, by a byline or under a photo."""

    serializer_class = serializers.ReporterSerializer
    filterset_class = filters.ReporterFilterSet

    def get_queryset(self):
        # Counted as the reporter's page lists them, so the two never disagree.
        return reading.reporters_with_counts().order_by("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="主题", responses={200: serializers.TopicSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(summary="主题", responses={200: serializers.TopicSerializer, **ERRORS}),
)
class TopicViewSet(ReadOnlyViewSet):
    """The whole topic vocabulary, used or not."""

    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilterSet
    queryset = Topic.objects.order_by("name", "id")


# Enough joins to reach the region from a village (five levels, four hops).
ANCESTOR_PATH = "__".join(["parent"] * (len(Place.Level) - 1))


@extend_schema_view(
    list=extend_schema(
        summary="地名", responses={200: serializers.PlaceSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(summary="地名", responses={200: serializers.PlaceSerializer, **ERRORS}),
)
class PlaceViewSet(ReadOnlyViewSet):
    """The place tree: each place with its ancestors and direct children."""

    serializer_class = serializers.PlaceSerializer
    filterset_class = filters.PlaceFilterSet

    def get_queryset(self):
        return (
            Place.objects.select_related(ANCESTOR_PATH)
            .prefetch_related(Prefetch("children", queryset=Place.objects.order_by("name", "id")))
            .order_by("level", "name", "id")
        )
