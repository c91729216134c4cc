"""Query parameters of the API's lists, with django-filter; an unknown value is a 400."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from articles.models import Article, Byline, Issue, Page, PhotoCredit, Publication, Reporter
from articles.reading import publication_pages
from articles.search import name_contains, search
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """A row chosen by its slug; a slug that names no row is a 400, not an empty list."""


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: 第0.5版 is a 400, not a silent empty list."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.ModelChoiceFilter):
    """A row chosen by its id; an id that names no row is a 400, not an empty list."""


def is_staff(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


class ArticleOrderingFilter(django_filters.OrderingFilter):
    """`?ordering=issue_date`, `-updated_at`…, with the id last so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


class ArticleFilterSet(django_filters.FilterSet):
    """Filters shared by the article list and the sync walk."""

    q = django_filters.CharFilter(
        method="filter_q", label=gettext_lazy("全文检索（与网站相同的中文检索）")
    )
    publication = SlugFilter(
        field_name="page__issue__publication",
        method="filter_publication",
        to_field_name="slug",
        queryset=Publication.objects.all(),
        label=gettext_lazy("报纸短名（slug）"),
    )
    issue = django_filters.ModelChoiceFilter(
        field_name="page__issue", queryset=Issue.objects.all(), label=gettext_lazy("期编号")
    )
    # The article's copy of its issue's date, which a search match reads from a narrow
    # index (see articles.reading.filter_articles).
    date_from = django_filters.DateFilter(
        field_name="issue_date",
        lookup_expr="gte",
        label=gettext_lazy("出版日期不早于（YYYY-MM-DD）"),
    )
    date_to = django_filters.DateFilter(
        field_name="issue_date",
        lookup_expr="lte",
        label=gettext_lazy("出版日期不晚于（YYYY-MM-DD）"),
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=gettext_lazy("此时刻（ISO 8601）以后更新的稿件；第一页另附此后撤回的稿件"),
    )
    page_id = django_filters.ModelChoiceFilter(
        field_name="page", queryset=Page.objects.all(), label=gettext_lazy("版面编号")
    )
    page_number = IntegerFilter(field_name="page__number", label=gettext_lazy("版次（第几版）"))
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices, label=gettext_lazy("体裁"))
    column = django_filters.CharFilter(field_name="column", label=gettext_lazy("栏目（完全匹配）"))
    topic = IdFilter(
        queryset=Topic.objects.all(), method="filter_topic", label=gettext_lazy("主题编号")
    )
    place = IdFilter(
        queryset=Place.objects.all(),
        method="filter_place",
        label=gettext_lazy("地名编号（含下级地名）"),
    )
    reporter = IdFilter(
        queryset=Reporter.objects.all(),
        method="filter_reporter",
        label=gettext_lazy("作者编号（署名或图片署名）"),
    )
    status = django_filters.ChoiceFilter(
        choices=Article.Status.choices,
        method="filter_status",
        label=gettext_lazy("状态（仅编辑可用；默认只列已发布）"),
    )

    class Meta:
        model = Article
        fields = []

    def is_valid(self):
        valid = super().is_valid()
        if valid and self.form.cleaned_data.get("status") and not is_staff(self.request):
            self.form.add_error("status", _("只有编辑可以按状态过滤。"))
            return False
        return valid

    def filter_queryset(self, queryset):
        # Staff see other states only when they ask for one; everyone else only published.
        status = self.form.cleaned_data.get("status") or Article.Status.PUBLISHED
        return super().filter_queryset(queryset.filter(status=status))

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value.strip() else queryset

    def filter_publication(self, queryset, name, publication):
        return queryset.filter(page__in=publication_pages(publication))

    def filter_topic(self, queryset, name, topic):
        links = ArticleTopic.objects.standing().filter(topic=topic)
        return queryset.filter(pk__in=links.values("article_id"))

    def filter_place(self, queryset, name, place):
        links = ArticlePlace.objects.filter(place__in=Place.objects.subtree(place))
        return queryset.filter(pk__in=links.values("article_id"))

    def filter_reporter(self, queryset, name, reporter):
        by_byline = Byline.objects.filter(reporter=reporter).values("article_id")
        by_credit = PhotoCredit.objects.filter(reporter=reporter).values("caption__article_id")
        return queryset.filter(Q(pk__in=by_byline) | Q(pk__in=by_credit))

    def filter_status(self, queryset, name, value):
        return queryset  # Applied in filter_queryset, together with the default.


class ArticleBrowseFilterSet(ArticleFilterSet):
    ordering = ArticleOrderingFilter(
        fields=(("issue_date", "issue_date"), ("updated_at", "updated_at")),
        label=gettext_lazy("排序：issue_date、updated_at，前加 - 为倒序"),
    )


class IssueFilterSet(django_filters.FilterSet):
    publication = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=Publication.objects.all(),
        label=gettext_lazy("报纸短名（slug）"),
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=gettext_lazy("出版日期不早于")
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=gettext_lazy("出版日期不晚于")
    )

    class Meta:
        model = Issue
        fields = []


class PageFilterSet(django_filters.FilterSet):
    publication = django_filters.ModelChoiceFilter(
        field_name="issue__publication",
        to_field_name="slug",
        queryset=Publication.objects.all(),
        label=gettext_lazy("报纸短名（slug）"),
    )
    issue = django_filters.ModelChoiceFilter(
        queryset=Issue.objects.all(), label=gettext_lazy("期编号")
    )
    number = IntegerFilter(label=gettext_lazy("版次"))

    class Meta:
        model = Page
        fields = []


class ReporterFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label=gettext_lazy("姓名包含"))

    class Meta:
        model = Reporter
        fields = []

    def filter_name(self, queryset, name, value):
        # However the name is spaced (张  驰) or written (張馳).
        condition = name_contains(value)
        return queryset if condition is None else queryset.filter(condition)


class TopicFilterSet(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), label=gettext_lazy("上级主题编号")
    )

    class Meta:
        model = Topic
        fields = []


class PlaceFilterSet(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        queryset=Place.objects.all(), label=gettext_lazy("上级地名编号")
    )
    level = django_filters.ChoiceFilter(choices=Place.Level.choices, label=gettext_lazy("层级"))
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices, label=gettext_lazy("类型"))
    name = django_filters.CharFilter(lookup_expr="icontains", label=gettext_lazy("名称包含"))

    class Meta:
        model = Place
        fields = []
