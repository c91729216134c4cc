"""JSON representations of the archive for partners; read-only, never used for input."""

import mimetypes

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Issue, Page, Publication, Reporter
from syndication.models import article_uri
from taxonomy.models import Place, Topic

from .bodies import body_html, body_text
from .links import site_url

BODY_FORMATS = ("html", "text")


@extend_schema_field(OpenApiTypes.URI)
class SiteUrlField(serializers.Field):
    """The object's absolute address on the public site."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return site_url(value, self.context.get("request"))


class PublicationSerializer(serializers.ModelSerializer):
    url = SiteUrlField()

    class Meta:
        model = Publication
        fields = ["id", "slug", "name", "url"]


class PublicationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "slug", "name"]


class CreditSerializer(serializers.Serializer):
    """One name in a byline or under a photo, with the role printed next to it."""

    name = serializers.CharField(source="reporter.name")
    role = serializers.CharField()
    reporter_id = serializers.IntegerField()


class RenditionSerializer(serializers.Serializer):
    name = serializers.CharField()
    href = serializers.URLField()
    contenttype = serializers.CharField(allow_null=True)


class CaptionSerializer(serializers.Serializer):
    text = serializers.CharField()
    credits = CreditSerializer(many=True)
    renditions = serializers.SerializerMethodField()

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, caption):
        return caption_renditions(caption, self.context.get("request"))


class BlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph", "subhead"])
    text = serializers.CharField()


class TopicRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.IntegerField()


class ArticleSerializer(serializers.ModelSerializer):
    """An article as partners see it. `fields` limits the output; `body` picks html or text.

    Expects the queryset of `views.ArticleViewSet.get_queryset()`: topics and places arrive
    prefetched as `api_topic_links` and `api_place_links`.
    """

    url = SiteUrlField()
    uri = serializers.SerializerMethodField()
    publication = PublicationRefSerializer(source="page.issue.publication", allow_null=True)
    issue_id = serializers.IntegerField(source="page.issue_id", allow_null=True)
    issue_date = serializers.DateField(source="page.issue.date", allow_null=True)
    page_id = serializers.IntegerField()
    page_number = serializers.IntegerField(source="page.number", allow_null=True)
    bylines = CreditSerializer(many=True)
    blocks = BlockSerializer(many=True)
    body_html = serializers.SerializerMethodField()
    body_text = serializers.SerializerMethodField()
    captions = CaptionSerializer(many=True)
    topics = serializers.SerializerMethodField()
    places = serializers.SerializerMethodField()
    keywords = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Article
        fields = [
            "id",
            "uri",
            "url",
            "kind",
            "status",
            "column",
            "overline",
            "headline",
            "subtitle",
            "source",
            "bylines",
            "publication",
            "issue_id",
            "issue_date",
            "page_id",
            "page_number",
            "blocks",
            "body_html",
            "body_text",
            "captions",
            "topics",
            "places",
            "keywords",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def __init__(self, *args, fields=None, body="html", **kwargs):
        super().__init__(*args, **kwargs)
        # Only one body form is sent: a partner asks for the other with ?body=.
        self.fields.pop("body_text" if body == "html" else "body_html")
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    self.fields.pop(name)

    def get_uri(self, article) -> str:
        return article_uri(article.pk)

    def get_body_html(self, article) -> str:
        return body_html(article.blocks.all())

    def get_body_text(self, article) -> str:
        return body_text(article.blocks.all())

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, article):
        return TopicRefSerializer([link.topic for link in article.api_topic_links], many=True).data

    @extend_schema_field(PlaceRefSerializer(many=True))
    def get_places(self, article):
        return PlaceRefSerializer([link.place for link in article.api_place_links], many=True).data


class SyncedArticleSerializer(ArticleSerializer):
    """The same article, named apart so the sync walk's cursor page gets its own schema."""


def article_field_names():
    """Every name `?fields=` accepts."""
    return list(ArticleSerializer.Meta.fields)


def parse_fields(raw):
    """`?fields=id,headline` → {"id", "headline"}; None when absent; unknown names are a 400."""
    if raw is None:
        return None
    names = {name.strip() for name in raw.split(",") if name.strip()}
    unknown = sorted(names - set(article_field_names()))
    if unknown or not names:
        raise serializers.ValidationError(
            {
                "fields": [
                    _("未知字段：%(names)s。可用字段：%(known)s。")
                    % {
                        "names": ", ".join(unknown) or "''",
                        "known": ", ".join(article_field_names()),
                    }
                ]
            }
        )
    return names


def parse_body(raw):
    """`?body=html` (the default) or `?body=text`; anything else is a 400."""
    if raw is None:
        return "html"
    if raw not in BODY_FORMATS:
        raise serializers.ValidationError({"body": [_("body 只能是 html 或 text。")]})
    return raw


def caption_renditions(caption, request=None):
    """The picture files of a caption; only the uploaded original for now."""
    if not caption.image:
        return []
    href = caption.image.url
    if request is not None:
        href = request.build_absolute_uri(href)
    return [
        {
            "name": "original",
            "href": href,
            "contenttype": mimetypes.guess_type(caption.image.name)[0],
        }
    ]


class IssuePageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["id", "number", "name"]


class IssueSerializer(serializers.ModelSerializer):
    """An issue with its pages that carry published articles."""

    url = SiteUrlField()
    publication = PublicationRefSerializer()
    article_count = serializers.IntegerField(help_text="已发布稿件数")
    pages = IssuePageSerializer(source="api_pages", many=True)

    class Meta:
        model = Issue
        fields = ["id", "url", "publication", "date", "number", "article_count", "pages"]


class PageSerializer(serializers.ModelSerializer):
    """A printed page; its OCR text is not served, it mixes in unpublished items."""

    url = SiteUrlField()
    publication = PublicationRefSerializer(source="issue.publication", allow_null=True)
    issue_date = serializers.DateField(source="issue.date", allow_null=True)
    article_count = serializers.IntegerField(help_text="已发布稿件数")

    class Meta:
        model = Page
        fields = [
            "id",
            "url",
            "publication",
            "issue",
            "issue_date",
            "number",
            "name",
            "article_count",
        ]


class ReporterSerializer(serializers.ModelSerializer):
    url = SiteUrlField()
    article_count = serializers.IntegerField(
        help_text="署名（含图片署名）的已发布稿件数，与作者页所列相同"
    )

    class Meta:
        model = Reporter
        fields = ["id", "name", "url", "article_count"]


class TopicSerializer(serializers.ModelSerializer):
    url = SiteUrlField()

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "parent", "url"]


class PlaceSerializer(serializers.ModelSerializer):
    """A place with its line of ancestors (region first) and its direct children."""

    url = SiteUrlField()
    ancestors = serializers.SerializerMethodField()
    children = PlaceRefSerializer(many=True)

    class Meta:
        model = Place
        fields = ["id", "name", "kind", "level", "parent", "ancestors", "children", "url"]

    @extend_schema_field(PlaceRefSerializer(many=True))
    def get_ancestors(self, place):
        line, parent = [], place.parent
        while parent is not None:
            line.append(parent)
            parent = parent.parent
        return PlaceRefSerializer(reversed(line), many=True).data


class ErrorSerializer(serializers.Serializer):
    """The body of every error: what is wrong, and per parameter why."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
