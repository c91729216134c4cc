"""The content model: a publication prints issues; an issue has pages; a page holds items."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


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
        return self.filter(status=Article.Status.PUBLISHED)

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
from articles.desk.revisions import RevisionNote  # noqa: E402, F401
from articles.search_index import SearchDocument  # noqa: E402, F401
