"""Topics and places, their links to articles, related articles and the archive's IDF table."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TopicQuerySet(models.QuerySet):
    def for_article(self, article):
        """Topics an editor accepted or added for the article, machine topics and live
        suggestions."""
        # One filter() call, so that both conditions hold for the same link row.
        return self.filter(
            article_links__article=article, article_links__state__in=ArticleTopic.LIVE
        )


class Topic(models.Model):
    """A subject of the paper's beat (基层治理, 移风易俗…) with the words that signal it."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("短名"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("说明"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级主题"),
    )
    signal_words = models.JSONField(
        _("信号词"),
        default=list,
        blank=True,
        help_text=_("文中出现这些词时建议此主题，如“网格员”“楼栋长”。"),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = pgettext_lazy("plural", "主题")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleTopicQuerySet(models.QuerySet):
    def standing(self):
        """The links that make a topic one of its article's topics (ArticleTopic.STANDING)."""
        return self.filter(state__in=ArticleTopic.STANDING)

    def live(self):
        """The standing links and the suggestions still waiting for an editor."""
        return self.filter(state__in=ArticleTopic.LIVE)

    def public(self):
        """Links readers see: the editors' topics and the machine's (shown as such)."""
        return self.filter(state__in=ArticleTopic.PUBLIC_STATES)


class ArticleTopic(models.Model):
    """An article's topic with its provenance; a rejected row stops it being suggested again.

    A suggestion scored at or above analysis.MACHINE_THRESHOLD is filed by the machine
    (``machine``): readers see it, labelled 机器标注, until an editor confirms it (accepted)
    or takes it back (rejected); the next indexing run moves or drops it like a suggestion.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("建议")
        MACHINE = "machine", _("机器标注")
        ACCEPTED = "accepted", _("已采纳")
        ADDED = "added", _("编辑添加")
        REJECTED = "rejected", _("已拒绝")

    # The states that make a topic one of the article's own by an editor's word. A suggestion
    # is not yet one; the machine's topics are shown to readers labelled as such.
    STANDING = (State.ACCEPTED, State.ADDED)
    # What the public site lists, counts and filters by; the API's partners get the editors'.
    PUBLIC_STATES = (State.MACHINE, *STANDING)
    EDITORS_STATES = STANDING
    # What the desk still works with: the public topics and the suggestions not yet judged.
    LIVE = (State.SUGGESTED, *PUBLIC_STATES)

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="topic_links",
        verbose_name=_("稿件"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("主题")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State, default=State.SUGGESTED, db_index=True
    )
    score = models.FloatField(_("得分"), null=True, blank=True)
    evidence = models.JSONField(_("依据词"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Indexed: the newest change of any link is part of the list pages' ETag.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    objects = ArticleTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("稿件主题")
        verbose_name_plural = pgettext_lazy("plural", "稿件主题")
        ordering = ["article", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="article_topic_once"),
            models.CheckConstraint(
                condition=Q(state__in=["suggested", "machine", "accepted", "added", "rejected"]),
                name="article_topic_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.article} · {self.topic} ({self.get_state_display()})"


class PlaceQuerySet(models.QuerySet):
    def subtree(self, place):
        """The place and every place under it, in one query.

        The tree has a fixed depth (自治区 → 嘎查/村/社区), so a chain of joins on the
        parent reaches every descendant.
        """
        condition, lookup = Q(pk=place.pk), "parent"
        for _level in range(len(Place.Level) - 1):
            condition |= Q(**{lookup: place.pk})
            lookup = f"parent__{lookup}"
        return self.filter(condition)


class Place(models.Model):
    """A place in the region tree: 内蒙古自治区 → 盟/市 → 旗/县/区 → 苏木/镇/街道 → 嘎查/村/社区."""

    class Kind(models.TextChoices):
        AUTONOMOUS_REGION = "自治区", _("自治区")
        LEAGUE = "盟", _("盟")
        PREFECTURE_CITY = "地级市", _("地级市")
        BANNER = "旗", _("旗")
        AUTONOMOUS_BANNER = "自治旗", _("自治旗")
        COUNTY = "县", _("县")
        COUNTY_CITY = "县级市", _("县级市")
        DISTRICT = "市辖区", _("市辖区")
        # 乌拉盖管理区: governed like a banner by 锡林郭勒盟 but absent from the division list.
        ADMINISTRATIVE_AREA = "管理区", _("管理区（非正式行政区划）")
        SUMU = "苏木", _("苏木")
        TOWN = "镇", _("镇")
        TOWNSHIP = "乡", _("乡")
        SUBDISTRICT = "街道", _("街道")
        GACHA = "嘎查", _("嘎查")
        VILLAGE = "村", _("村")
        COMMUNITY = "社区", _("社区")

    class Level(models.IntegerChoices):
        REGION = 1, _("自治区")
        PREFECTURE = 2, _("盟/市")
        COUNTY = 3, _("旗/县/区")
        TOWNSHIP = 4, _("苏木/镇/乡/街道")
        VILLAGE = 5, _("嘎查/村/社区")

    name = models.CharField(_("名称"), max_length=60, db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    short_names = models.JSONField(
        _("简称"), default=list, blank=True, help_text=_("报上用的简称，如“科左后旗”“土左旗”。")
    )
    # NULL, not "", for places without a code: the code is unique only where it exists.
    code = models.CharField(_("区划代码"), max_length=12, null=True, blank=True)  # noqa: DJ001
    confirmed = models.BooleanField(
        _("已核实"), default=True, help_text=_("从稿件文字中识别出的地名，经编辑核实前为否。")
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("地名")
        verbose_name_plural = pgettext_lazy("plural", "地名")
        ordering = ["level", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__isnull=False), name="place_code_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="place_name_unique_in_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def path(self):
        """Names from the region down to this place, e.g. 内蒙古自治区 / 呼和浩特市 / 赛罕区."""
        names, place = [], self
        while place is not None:
            names.append(place.name)
            place = place.parent
        return " / ".join(reversed(names))


class ArticlePlace(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="place_links",
        verbose_name=_("稿件"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("地名")
    )
    mentions = models.PositiveIntegerField(_("提及次数"), default=1)

    class Meta:
        verbose_name = _("稿件地名")
        verbose_name_plural = pgettext_lazy("plural", "稿件地名")
        ordering = ["article", "-mentions"]
        constraints = [
            models.UniqueConstraint(fields=["article", "place"], name="article_place_once"),
        ]

    def __str__(self):
        return f"{self.article} · {self.place}"


class RelatedArticle(models.Model):
    """Precomputed so that an article's page pays nothing for its related list."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="related_links",
        verbose_name=_("稿件"),
    )
    related = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("相关稿件"),
    )
    score = models.FloatField(_("相关度"))

    class Meta:
        verbose_name = _("相关稿件")
        verbose_name_plural = pgettext_lazy("plural", "相关稿件")
        ordering = ["article", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_article_once"),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")), name="related_article_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.related}"


class IdfTable(models.Model):
    """One computation of inverse document frequencies over the archive; the newest is used."""

    documents = models.PositiveIntegerField(_("稿件数"))
    default_idf = models.FloatField(_("未登录词 IDF"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("IDF 表")
        verbose_name_plural = pgettext_lazy("plural", "IDF 表")
        get_latest_by = "computed_at"

    def __str__(self):
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.documents})"


class IdfTerm(models.Model):
    table = models.ForeignKey(IdfTable, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(_("词"), max_length=100)
    idf = models.FloatField(_("IDF"))

    class Meta:
        verbose_name = _("IDF 词")
        verbose_name_plural = pgettext_lazy("plural", "IDF 词")
        constraints = [
            models.UniqueConstraint(fields=["table", "term"], name="idf_term_once_per_table"),
        ]

    def __str__(self):
        return f"{self.term} {self.idf:.2f}"
