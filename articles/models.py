"""The content model: a publication prints issues; an issue has pages; a page holds items."""

from collections.abc import Iterable

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.titles import has_words


class Publication(models.Model):
    name = models.CharField(_("报名"), max_length=100, unique=True)
    slug = models.SlugField(_("短名"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("报纸")
        verbose_name_plural = pgettext_lazy("plural", "报纸")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Issue(models.Model):
    """One day's paper. Date and number may be unknown; unknown stays empty, never invented."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="issues", verbose_name=_("报纸")
    )
    date = models.DateField(_("出版日期"), null=True, blank=True, db_index=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)

    class Meta:
        verbose_name = _("期")
        verbose_name_plural = pgettext_lazy("plural", "期")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"],
                condition=Q(date__isnull=False),
                name="issue_one_per_publication_and_date",
            ),
        ]

    def __str__(self):
        when = self.date.isoformat() if self.date else _("日期不详")
        return f"{self.publication} {when}"


class Page(models.Model):
    """A printed page as OCR delivered it; `text` is the decoded source, kept verbatim."""

    # Empty while the manifest does not say which paper and day the page is from.
    issue = models.ForeignKey(
        Issue,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("期"),
        null=True,
        blank=True,
    )
    number = models.PositiveSmallIntegerField(
        _("版次"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    name = models.CharField(_("版名"), max_length=100, blank=True)
    source_name = models.CharField(_("来源文件"), max_length=255, unique=True)
    checksum = models.CharField(_("校验和 (SHA-256)"), max_length=64)
    encoding = models.CharField(_("编码"), max_length=20)
    text = models.TextField(_("原文"))
    unassigned = models.JSONField(_("未归属文字"), default=list, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("版面")
        verbose_name_plural = pgettext_lazy("plural", "版面")
        ordering = ["issue", "number", "source_name"]
        indexes = [models.Index(fields=["issue", "number"])]

    def __str__(self):
        number = _("第%(n)s版") % {"n": self.number} if self.number else self.source_name
        return f"{self.issue} {number}" if self.issue else number


class Reporter(models.Model):
    """One row per real name: 宋爽 is one reporter however many bylines carry her."""

    name = models.CharField(_("姓名"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = pgettext_lazy("plural", "作者")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The articles a reader may see."""
        return self.filter(status=Article.Status.PUBLISHED)

    def by_topic(self, topic):
        """Articles with ``topic`` among their standing topics (accepted or added by an
        editor; ``taxonomy.models.ArticleTopic.STANDING``)."""
        from taxonomy.models import ArticleTopic

        return self.filter(topic_links__topic=topic, topic_links__state__in=ArticleTopic.STANDING)

    def in_place(self, place):
        """Articles naming ``place`` or any place under it (``Place.objects.subtree()``)."""
        from taxonomy.models import Place

        return self.filter(place_links__place__in=Place.objects.subtree(place))

    def with_public_taxonomy(self):
        """With what readers see of the taxonomy, prefetched: the standing topics by name
        (``public_topic_links``: the editors' and, labelled, the machine's), the places most named first (``public_place_links``) and
        the published related articles best first (``public_related_links``)."""
        from taxonomy.models import ArticlePlace, ArticleTopic, RelatedArticle

        return self.prefetch_related(
            models.Prefetch(
                "topic_links",
                queryset=ArticleTopic.objects.public()
                .select_related("topic")
                .order_by("topic__name"),
                to_attr="public_topic_links",
            ),
            models.Prefetch(
                "place_links",
                queryset=ArticlePlace.objects.select_related("place").order_by("-mentions"),
                to_attr="public_place_links",
            ),
            models.Prefetch(
                "related_links",
                queryset=RelatedArticle.objects.filter(related__status=Article.Status.PUBLISHED)
                .select_related("related")
                .order_by("-score"),
                to_attr="public_related_links",
            ),
        )

    def needing_review(self):
        return self.filter(status=Article.Status.NEEDS_REVIEW)

    def for_listing(self):
        """What every list of articles shows: page, issue, publication and bylines.

        Not the page's OCR text: a list never shows it, and carried through a sort of many
        rows it made the API's deep pages take seconds.
        """
        return (
            self.select_related("page__issue__publication")
            .defer("page__text", "page__unassigned")
            .prefetch_related(listing_bylines())
        )

    def for_detail(self):
        """What one article's page needs, in a fixed number of queries."""
        return self.for_listing().prefetch_related(
            models.Prefetch("blocks", queryset=Block.objects.order_by("position")),
            models.Prefetch("captions", queryset=PhotoCaption.objects.order_by("position")),
            models.Prefetch(
                "captions__credits",
                queryset=PhotoCredit.objects.select_related("reporter").order_by("position"),
            ),
        )


def listing_bylines():
    """An article's bylines with their reporters, in one query for any number of articles.

    Ordered by position alone: the default ordering starts with the article, which Django
    spells out as the article's own ordering and that of its page and issue, three joins
    and a sort for an order the prefetch already groups by.
    """
    return models.Prefetch(
        "bylines", queryset=Byline.objects.select_related("reporter").order_by("position")
    )


class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("消息/通讯")
        BRIEF = "brief", _("简讯")
        COMMENTARY = "commentary", _("评论")
        PHOTO = "photo", _("图片新闻")
        QUOTE_BOX = "quote_box", _("摘编")

    class Status(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("待审")
        REVIEWED = "reviewed", _("已审")
        PUBLISHED = "published", _("已发布")

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="articles", verbose_name=_("版面")
    )
    position = models.PositiveSmallIntegerField(_("版内顺序"), default=0)
    kind = models.CharField(_("体裁"), max_length=20, choices=Kind, default=Kind.ARTICLE)
    column = models.CharField(_("栏目"), max_length=50, blank=True, db_index=True)
    overline = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(_("标题"), max_length=200, blank=True)
    subtitle = models.CharField(_("副题"), max_length=200, blank=True)
    source = models.CharField(_("稿件来源"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status, default=Status.NEEDS_REVIEW, db_index=True
    )
    flags = models.JSONField(_("待核原因"), default=list, blank=True)
    # How often the extraction gets items like this one whole and correct (0–1), as
    # calibrated on synthesized pages; the review queue leads with the lowest.
    confidence = models.FloatField(_("抽取把握"), null=True, blank=True, editable=False)
    spans = models.JSONField(_("原文位置"), default=list, blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    # The parser's output for this item as last imported: re-import compares against it
    # to tell an editor's correction from a stale extraction.
    extraction = models.JSONField(_("抽取结果"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # The page's issue date and number, copied here by the database itself (triggers made in
    # migration 0007 follow every insert, move to another page, and change of a page's number
    # or an issue's date), so that the printed order is one index: sorted through page and
    # issue, a deep page of the API's list read every printed page of the archive. Never set
    # from Python; an instance in memory may hold a stale value.
    issue_date = models.DateField(_("见报日期"), null=True, blank=True, editable=False)
    page_number = models.PositiveSmallIntegerField(
        _("见报版次"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["issue_date", "page_number"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = pgettext_lazy("plural", "稿件")
        ordering = ["page", "position"]
        indexes = [
            models.Index(fields=["page", "position"]),
            # The columns that have published articles (the search form's choices) are read
            # from this index alone, not from every published row.
            models.Index(fields=["status", "column"], name="article_status_column"),
            # The archive's newest published change (list pages' ETag) without a scan.
            models.Index(fields=["status", "updated_at"], name="article_status_updated"),
            # The newest published articles (home page, feeds) walked from the index's end.
            models.Index(fields=["status", "published_at", "id"], name="article_status_published"),
            # A printed page's published articles in reading order (issue and page views,
            # which pages have any), from the index alone.
            models.Index(fields=["status", "page", "position"], name="article_status_page"),
            # The printed order (newest issue first, then page and position), walked from the
            # index: the API's numbered pages at any depth.
            models.Index(
                fields=["status", "-issue_date", "page_number", "position", "id"],
                name="article_printed_order",
            ),
            # The same order over every article, whatever its status: the desk's list, which
            # otherwise sorted all of them for each of its pages (36 ms on PostgreSQL at
            # 100,018 articles, 25 ms on SQLite).
            models.Index(
                fields=["-issue_date", "page_number", "position", "id"],
                name="article_desk_printed_order",
            ),
            # A search match's status, issue date, page and place on it, for the published-only
            # count and window, the search filters by date and paper and the desk's search in
            # the printed order, read from this narrow index instead of from the article's
            # row, JSON and all.
            models.Index(
                fields=["id", "status", "issue_date", "page", "page_number", "position"],
                name="article_id_status_printed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["article", "brief", "commentary", "photo", "quote_box"]),
                name="article_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["needs_review", "reviewed", "published"]),
                name="article_status_valid",
            ),
        ]

    def __str__(self):
        return self.title or str(_("（无标题）"))

    def get_absolute_url(self):
        """The article's page on the public site: its id alone, so a fixed headline never
        breaks a link."""
        return reverse("articles:article", args=[self.pk])

    # What may be published, said once for the desk's forms, its bulk actions and commands:
    # readers know an item by its title, so every kind needs a headline with words but a
    # photo item, which its caption may name instead.
    @classmethod
    def caption_may_name(cls, kind) -> bool:
        """Items of this kind may be published without a headline when a caption names them."""
        return kind == cls.Kind.PHOTO

    @classmethod
    def is_publishable(cls, *, kind, headline, captions: Iterable[str] = ()) -> bool:
        """An item of ``kind`` with ``headline`` and ``captions`` (their texts) may be
        published: its headline has words, or its kind may be named by a caption that has."""
        if has_words(headline):
            return True
        return cls.caption_may_name(kind) and any(has_words(text) for text in captions)

    def can_be_published(self) -> bool:
        """This item may be published as stored; reads its captions (prefetched or not) only
        when it is a photo item without a headline."""
        captions = ()
        if not has_words(self.headline) and self.caption_may_name(self.kind):
            captions = (caption.text for caption in self.captions.all())
        return self.is_publishable(kind=self.kind, headline=self.headline, captions=captions)

    def stamp_publication(self) -> None:
        """Set the first publication time when the item is published and has none (not saved)."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def title(self):
        return " ".join(p for p in (self.overline, self.headline, self.subtitle) if p)


class Block(models.Model):
    """A paragraph or a subhead of an article's body, in order."""

    class Type(models.TextChoices):
        PARAGRAPH = "paragraph", _("段落")
        SUBHEAD = "subhead", _("小标题")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("稿件")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    type = models.CharField(_("类型"), max_length=10, choices=Type, default=Type.PARAGRAPH)
    text = models.TextField(_("文字"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("正文段落")
        verbose_name_plural = pgettext_lazy("plural", "正文段落")
        ordering = ["article", "position"]
        indexes = [models.Index(fields=["article", "position"])]

    def __str__(self):
        return self.text[:30]


class Role(models.TextChoices):
    REPORTER = "reporter", _("记者")
    CORRESPONDENT = "correspondent", _("通讯员")
    TRAINEE = "trainee", _("实习/见习记者")
    PHOTOGRAPHER = "photographer", _("摄影")
    AUTHOR = "author", _("作者")
    CONTRIBUTOR = "contributor", _("供稿")


class Byline(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("稿件")
    )
    reporter = models.ForeignKey(
        Reporter, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("作者")
    )
    role = models.CharField(_("身份"), max_length=20, choices=Role, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = pgettext_lazy("plural", "署名")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reporter", "role"], name="byline_once_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.reporter}"


class PhotoCaption(models.Model):
    """A photo's caption, on a photo item or printed inside an article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="captions", verbose_name=_("稿件")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    text = models.TextField(_("图片说明"), blank=True)
    image = models.ImageField(_("图片"), upload_to="photos/%Y/%m/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("图片说明")
        verbose_name_plural = pgettext_lazy("plural", "图片说明")
        ordering = ["article", "position"]

    def __str__(self):
        return self.text[:30]


class PhotoCredit(models.Model):
    caption = models.ForeignKey(
        PhotoCaption, on_delete=models.CASCADE, related_name="credits", verbose_name=_("图片说明")
    )
    reporter = models.ForeignKey(
        Reporter, on_delete=models.PROTECT, related_name="photo_credits", verbose_name=_("作者")
    )
    role = models.CharField(_("身份"), max_length=20, choices=Role, default=Role.PHOTOGRAPHER)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("图片署名")
        verbose_name_plural = pgettext_lazy("plural", "图片署名")
        ordering = ["caption", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["caption", "reporter", "role"], name="photo_credit_once_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.reporter} 摄"


# The search index's model lives with the search code; imported here so Django registers it.
# What the desk merged, split or deleted, read by the importer; imported so Django registers it.
from articles.desk.lineage import SourceLineage  # noqa: E402, F401
from articles.desk.locks import EditLock  # noqa: E402, F401
from articles.desk.queues import ReadyQueue, ReviewQueue  # noqa: E402, F401
from articles.desk.redirects import MergedArticle  # noqa: E402, F401
from articles.desk.revisions import RevisionNote  # noqa: E402, F401
from articles.desk.schedule import ScheduledPublication  # noqa: E402, F401
from articles.search_index import SearchDocument  # noqa: E402, F401
