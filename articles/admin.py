"""The editors' admin: papers, issues, pages, reporters and the articles imported from pages.

The desk's work (merge, split, publish, replace…) is done by `articles.editing`; the admin
actions and views here only ask which rows and check who may.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles import editing, reading, search, titles
from articles.desk import flags as review_flags
from articles.desk import history, partners, publishing, schedule
from articles.desk.forms import ReviewFieldsMixin
from articles.desk.guard import ArticleGuardMixin
from articles.desk.lineage import SourceLineage
from articles.desk.queue_admin import SelectionGuardMixin
from articles.desk.source import flag_label
from articles.desk.views import DeskViewsMixin
from articles.editing import WHY_A_TITLE, EditError
from articles.paging import PRINTED_ORDER, IdsFirstPaginator
from articles.photos import clean_photo
from articles.renditions import existing_renditions
from taxonomy.models import ArticleTopic, Topic

from .models import (
    Article,
    Block,
    Byline,
    Issue,
    Page,
    PhotoCaption,
    PhotoCredit,
    Publication,
    Reporter,
)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


class IssuePageInline(admin.TabularInline):
    """An issue's pages, numbered and named where the manifest did not say.

    Pages come from imported files: they are moved into an issue from the page's own form
    (its issue field), never added or deleted here.
    """

    model = Page
    fields = ("source_name", "number", "name")
    readonly_fields = ("source_name",)
    ordering = ("number", "source_name")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        """Not the pages' OCR text: the form never shows it."""
        return super().get_queryset(request).defer("text", "unassigned")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "publication", "date", "number")
    list_filter = ("publication", ("date", admin.EmptyFieldListFilter))
    list_select_related = ("publication",)
    search_fields = ("publication__name", "date", "number")
    date_hierarchy = "date"
    inlines = (IssuePageInline,)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("source_name", "issue", "number", "name", "encoding", "article_count")
    list_filter = (("issue", admin.EmptyFieldListFilter), "encoding")
    list_select_related = ("issue__publication",)
    paginator = IdsFirstPaginator  # pages carry their OCR text: sort ids, read 100 rows
    # A page's issue is typed and looked up: a menu of every issue ran a query for each.
    autocomplete_fields = ("issue",)
    search_fields = ("source_name", "name")
    # What came from the file is the record of what was printed: shown, never edited here.
    readonly_fields = (
        "source_name",
        "checksum",
        "encoding",
        "imported_at",
        "raw_text",
        "unassigned",
    )
    fields = (
        ("issue", "number", "name"),
        ("source_name", "encoding", "imported_at"),
        "checksum",
        "raw_text",
        "unassigned",
    )

    def get_queryset(self, request):
        """Count each page's articles in the list query itself.

        As a subquery per listed page: grouping every page by all its columns, OCR text
        included, to join their articles took seconds with ten thousand pages.
        """
        articles = (
            Article.objects.filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counted = Coalesce(Subquery(articles, output_field=IntegerField()), Value(0))
        return super().get_queryset(request).annotate(article_count=counted)

    @admin.display(description=_("稿件数"), ordering="article_count")
    def article_count(self, page):
        url = reverse("admin:articles_article_changelist")
        return format_html(
            '<a href="{}?page__id__exact={}">{}</a>', url, page.pk, page.article_count
        )

    @admin.display(description=_("原文"))
    def raw_text(self, page):
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', page.text)


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ("name", "byline_count", "articles_link")
    search_fields = ("name",)
    actions = ("merge_reporters",)

    def get_queryset(self, request):
        """Count each reporter's bylines in the list query itself."""
        return super().get_queryset(request).annotate(byline_count=Count("bylines"))

    def get_search_results(self, request, queryset, search_term):
        """A name found however it is typed: 张  驰 and 張馳 find 张驰 (search.name_forms())."""
        condition = search.name_contains(search_term)
        if condition is None:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(condition), False

    @admin.display(description=_("署名次数"), ordering="byline_count")
    def byline_count(self, reporter):
        return reporter.byline_count

    @admin.display(description=_("稿件"))
    def articles_link(self, reporter):
        url = reverse("admin:articles_article_changelist")
        return format_html('<a href="{}?reporter={}">{}</a>', url, reporter.pk, _("查看稿件"))

    def has_merge_permission(self, request):
        """Merging reporters rewrites every byline of theirs: chief editors only."""
        return request.user.has_perm("articles.merge_reporter")

    @admin.action(description=_("合并所选作者"), permissions=("merge",))
    def merge_reporters(self, request, queryset):
        """Confirm which row to keep, then move every byline to it."""
        reporters = list(queryset.order_by("name"))
        if request.POST.get("post") == "yes":
            keep = next((r for r in reporters if str(r.pk) == request.POST.get("keep")), None)
            try:
                if keep is None:
                    raise EditError(gettext("请选择要保留的作者。"))
                moved = editing.merge_reporters(keep=keep, others=reporters)
            except EditError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("已合并到“%(name)s”，移动署名 %(n)d 条。") % {"name": keep, "n": moved},
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/desk/merge_reporters.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("合并作者"),
                "reporters": reporters,
                "action": "merge_reporters",
            },
        )


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0
    fields = ("position", "type", "text")


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    fields = ("position", "reporter", "role")
    autocomplete_fields = ("reporter",)


class PhotoCaptionForm(forms.ModelForm):
    class Meta:
        model = PhotoCaption
        fields = ("position", "text", "image")

    def clean_image(self):
        """A new upload is checked and stripped by articles.photos; a kept file is left alone."""
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return clean_photo(image)
        return image


def thumbnail(caption):
    if not caption.image:
        return "—"
    renditions = existing_renditions(caption.image)
    url = renditions[0][0] if renditions else caption.image.url
    return format_html('<img src="{}" alt="" style="max-width:120px;max-height:90px">', url)


class PhotoCaptionFormSet(forms.BaseInlineFormSet):
    """Refuses to publish a photo item without a headline unless a caption names it."""

    def clean(self):
        super().clean()
        article = self.instance
        if (
            article.status != Article.Status.PUBLISHED
            or not Article.caption_may_name(article.kind)
            or titles.has_words(article.headline)
        ):
            return
        # The captions as they will be saved: the forms' (those not deleted), and the stored
        # ones this formset does not show.
        shown = {form.instance.pk for form in self.initial_forms}
        texts = [
            form.cleaned_data.get("text", "")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if article.pk:
            texts += article.captions.exclude(pk__in=shown).values_list("text", flat=True)
        if not Article.is_publishable(kind=article.kind, headline=article.headline, captions=texts):
            raise ValidationError(
                gettext(
                    "图片新闻没有标题时，要有图片说明才能发布：读者看到的标题就是说明的开头。"
                    "请填写标题或图片说明。"
                )
            )


class PhotoCaptionInline(admin.StackedInline):
    model = PhotoCaption
    form = PhotoCaptionForm
    formset = PhotoCaptionFormSet
    extra = 0
    fields = ("position", "text", "image", "preview")
    readonly_fields = ("preview",)
    show_change_link = True  # credits are edited on the caption's own page

    @admin.display(description=_("缩略图"))
    def preview(self, caption):
        return thumbnail(caption)


class TopicLinkInline(admin.TabularInline):
    model = ArticleTopic
    extra = 0
    fields = ("topic", "state", "score", "evidence")
    readonly_fields = ("score", "evidence")
    autocomplete_fields = ("topic",)
    verbose_name = _("主题")
    verbose_name_plural = pgettext_lazy("plural", "主题")


# --- list filters ---------------------------------------------------------------------


class FlagFilter(admin.SimpleListFilter):
    title = _("待核原因")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        from articles.desk.source import FLAG_LABELS

        return list(FLAG_LABELS.items())

    def queryset(self, request, queryset):
        if self.value():
            # JSON text search works on SQLite and PostgreSQL alike.
            return queryset.filter(flags__icontains=f'"{self.value()}"')
        return queryset


class ReporterFilter(admin.SimpleListFilter):
    title = _("作者")
    parameter_name = "reporter"

    def lookups(self, request, model_admin):
        credited = Exists(Byline.objects.filter(reporter=OuterRef("pk")))
        return [(r.pk, r.name) for r in Reporter.objects.filter(credited).order_by("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            bylines = Byline.objects.filter(reporter_id=int(self.value()))
            # A subquery, not a join: a join repeats articles and needs DISTINCT over whole rows.
            return queryset.filter(pk__in=bylines.values("article_id"))
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = _("主题")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        linked = Exists(ArticleTopic.objects.filter(topic=OuterRef("pk")))
        return [(t.pk, t.name) for t in Topic.objects.filter(linked).order_by("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            links = ArticleTopic.objects.live().filter(topic_id=int(self.value()))
            return queryset.filter(pk__in=links.values("article_id"))
        return queryset


class ColumnFilter(admin.AllValuesFieldListFilter):
    """The columns printed over any article, from reading.columns(): Django's own filter
    runs a DISTINCT over every article on each list page."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = reading.columns(status=None)


class PageFilter(admin.SimpleListFilter):
    """One printed page's articles, reached from the page list (its article count links here).

    Only the chosen page is offered: an archive has tens of thousands of pages, and listing
    them all, each with its issue, took seconds and thousands of queries.
    """

    title = _("版面")
    parameter_name = "page__id__exact"

    def lookups(self, request, model_admin):
        page = self._page()
        return [(str(page.pk), str(page))] if page else []

    def queryset(self, request, queryset):
        page = self._page()
        return queryset.filter(page=page) if self.value() else queryset

    def _page(self):
        if not self.value():
            return None
        if not self.value().isdigit():
            raise IncorrectLookupParameters(f"page {self.value()!r} is not a page number")
        return Page.objects.select_related("issue__publication").filter(pk=self.value()).first()


# --- the article form -----------------------------------------------------------------


class ArticleForm(ReviewFieldsMixin, forms.ModelForm):
    """Refuses to publish without a headline or with a blocking flag, and publishing at all
    without the permission."""

    may_publish = True

    class Meta:
        model = Article
        # The history shows the same fields in the same order (articles/desk/history.py).
        fields = history.ARTICLE_FIELDS

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        was = self.instance.status if self.instance.pk else None
        if status == Article.Status.PUBLISHED and was != Article.Status.PUBLISHED:
            if not self.may_publish:
                raise ValidationError(gettext("只有主编可以发布稿件。"))
        if status == Article.Status.PUBLISHED:
            kind = cleaned.get("kind")
            # A photo item's captions are the formset's to check (PhotoCaptionFormSet).
            if not Article.caption_may_name(kind) and not Article.is_publishable(
                kind=kind, headline=cleaned.get("headline")
            ):
                self.add_error(
                    "headline",
                    gettext("发布前必须填写标题。%(kind)s没有标题不能发布：%(why)s")
                    % {"kind": Article.Kind(kind).label if kind else "", "why": WHY_A_TITLE},
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(ArticleGuardMixin, SelectionGuardMixin, DeskViewsMixin, SimpleHistoryAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/desk_change_form.html"
    change_list_template = "admin/articles/article/desk_change_list.html"
    list_display = (
        "display_title",
        "kind",
        "column",
        "page",
        "status",
        "flag_list",
        "reporters",
        "edit_lock_column",
    )
    list_filter = (
        "status",
        FlagFilter,
        "page__issue__publication",
        "page__issue__date",
        PageFilter,
        "kind",
        ("column", ColumnFilter),
        ReporterFilter,
        TopicFilter,
    )
    list_select_related = ("page__issue__publication",)
    search_fields = ("headline", "overline", "subtitle", "blocks__text")
    list_per_page = 50
    # The API's printed order, from the article's own copy of its issue's date and page's
    # number: sorted through page and issue the ids took 106 ms at 100,018 articles; from the
    # printed-order index 20 ms.
    ordering = PRINTED_ORDER
    # Sort the ids alone, then read 50 rows, instead of sorting every article with its JSON
    # (0.5 s at 100,000 articles).
    paginator = IdsFirstPaginator
    # An article's page is typed and looked up: a menu of every printed page, each naming
    # its issue, took 9,000 queries and 10 s at 100,000 articles.
    autocomplete_fields = ("page",)
    inlines = (BlockInline, BylineInline, PhotoCaptionInline, TopicLinkInline)
    readonly_fields = ("spans", "extraction", "created_at", "updated_at")
    actions = (
        "mark_reviewed",
        "mark_needs_review",
        "publish",
        "merge",
        "add_topic",
        "replace_words",
    )
    fieldsets = (
        (None, {"fields": ("page", "position", "kind", "status")}),
        (_("标题"), {"fields": ("column", "overline", "headline", "subtitle", "source")}),
        (_("待核"), {"fields": ("flags", "keywords", "published_at")}),
        (
            _("抽取记录"),
            {
                "fields": ("spans", "extraction", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )

    def get_queryset(self, request):
        """The shared listing query: page, issue and bylines in a fixed number of queries."""
        return super().get_queryset(request).for_listing()

    def view_on_site(self, article):
        """在站点上查看: the public page once published, the desk's preview before."""
        return publishing.site_url(article)

    def get_form(self, request, obj=None, **kwargs):
        """The form knows whether this user may publish."""
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"may_publish": self.has_publish_permission(request)})

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The page's rows read by id alone: the search and the filters were the ids' to pass."""
        return self.paginator(
            queryset, per_page, orphans, allow_empty_first_page, rows=self.get_queryset(request)
        )

    def get_search_results(self, request, queryset, search_term):
        """The site's full-text index: headlines, paragraphs and captions, each article once.

        A LIKE over every paragraph, then DISTINCT over whole article rows, took seconds at
        100,000 articles. Words with nothing searchable in them (punctuation) fall back to it.
        """
        phrases = search.query_phrases(search_term)
        if not phrases:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(search_document__tokens__matches=phrases), False

    def save_model(self, request, obj, form, change):
        """Stamp the first publication time; a time to come schedules the publication."""
        publish_at = schedule.future_publication(obj, form)
        obj.stamp_publication()
        super().save_model(request, obj, form, change)
        if publish_at is not None:
            schedule.schedule(obj, at=publish_at, by=request.user)
            self.message_user(request, schedule.scheduled_message(obj), messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        """With the paragraphs saved, drop the flags whose cause the edit removed."""
        super().save_related(request, form, formsets, change)
        review_flags.settle_saved(form.instance)

    def delete_model(self, request, obj):
        """Deleted stays deleted: the importer will not bring the item back."""
        editing.delete_articles([obj])

    def delete_queryset(self, request, queryset):
        """As delete_model, for the bulk delete action."""
        editing.delete_articles(queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The form with the page source, fragments, topic suggestions and conflicts beside it."""
        article = Article.objects.select_related("page").filter(pk=object_id).first()
        extra = dict(extra_context or {})
        if article is not None:
            extra.update(self.desk_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def changelist_view(self, request, extra_context=None):
        extra = {"review_count": Article.objects.needing_review().count(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    # --- permissions ---------------------------------------------------------------------

    def has_publish_permission(self, request):
        """Publishing is the chief editor's."""
        return request.user.has_perm("articles.publish_article")

    def has_change_history_permission(self, request, obj=None):
        """Reverting to an older version is the chief editor's; editors may look."""
        return request.user.has_perm("articles.revert_article")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple_history hides the revert button but would still save a POST: refuse it."""
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- list columns ------------------------------------------------------------------

    @admin.display(description=_("标题"), ordering="headline")
    def display_title(self, article):
        return str(article)

    @admin.display(description=_("待核原因"))
    def flag_list(self, article):
        return "、".join(f"{flag_label(f)}（{f}）" for f in article.flags)

    @admin.display(description=_("作者"))
    def reporters(self, article):
        # bylines are prefetched by for_listing(); .all() reads that cache.
        return "、".join(byline.reporter.name for byline in article.bylines.all())

    # --- actions -----------------------------------------------------------------------

    def _status_action(self, request, queryset, status, done):
        try:
            count = editing.set_status(queryset, status)
        except EditError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done % {"n": count})

    @admin.action(description=_("标记为已审"), permissions=("change",))
    def mark_reviewed(self, request, queryset):
        """Mark the selection reviewed."""
        self._status_action(
            request, queryset, Article.Status.REVIEWED, gettext("已将 %(n)d 篇标记为已审。")
        )

    @admin.action(description=_("退回待审"), permissions=("change",))
    def mark_needs_review(self, request, queryset):
        """Send the selection back to the review queue (and off the public site)."""
        self._status_action(
            request, queryset, Article.Status.NEEDS_REVIEW, gettext("已将 %(n)d 篇退回待审。")
        )

    @admin.action(description=_("发布所选稿件"), permissions=("publish",))
    def publish(self, request, queryset):
        """Publish the selection, or none of it if any lacks a headline."""
        self._status_action(
            request, queryset, Article.Status.PUBLISHED, gettext("已发布 %(n)d 篇。")
        )

    def _confirm(self, request, template, context):
        return TemplateResponse(
            request,
            f"admin/articles/desk/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                **context,
            },
        )

    @admin.action(description=_("合并所选稿件"), permissions=("change",))
    def merge(self, request, queryset):
        """Ask for the order, then merge into the first."""
        articles = list(queryset.order_by("page_id", "position", "pk"))
        if request.POST.get("post") == "yes":

            def order(article):
                value = request.POST.get(f"order_{article.pk}", "")
                return (int(value) if value.isdigit() else 999, article.position, article.pk)

            try:
                ordered = sorted(articles, key=order)
                refusal = publishing.merge_refusal(request.user, ordered)
                if refusal:
                    raise EditError(refusal)
                kept = editing.merge_articles(ordered)
            except EditError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, gettext("已合并为“%(title)s”。") % {"title": kept})
            return None
        if len({a.page_id for a in articles}) > 1:
            self.message_user(
                request,
                gettext("只能合并同一版面上的稿件：所选稿件来自不同版面。"),
                messages.ERROR,
            )
            return None
        return self._confirm(
            request,
            "merge.html",
            {"title": _("合并稿件"), "articles": articles, "action": "merge"},
        )

    @admin.action(description=_("为所选稿件添加主题"), permissions=("change",))
    def add_topic(self, request, queryset):
        """Ask for the topic, then tag every selected article with it."""
        if request.POST.get("post") == "yes":
            topic = Topic.objects.filter(pk=request.POST.get("topic") or 0).first()
            if topic is None:
                self.message_user(request, gettext("请选择主题。"), messages.ERROR)
                return None
            count = editing.add_topic(queryset, topic)
            self.message_user(
                request,
                gettext("已为 %(n)d 篇加上主题“%(topic)s”。") % {"n": count, "topic": topic},
            )
            return None
        return self._confirm(
            request,
            "add_topic.html",
            {
                "title": _("添加主题"),
                "articles": list(queryset),
                "topics": Topic.objects.all(),
                "action": "add_topic",
            },
        )

    @admin.action(description=_("在所选稿件范围内替换文字…"), permissions=("change",))
    def replace_words(self, request, queryset):
        """Open the replace page anchored on the first selected article."""
        from django.shortcuts import redirect

        first = queryset.order_by("page_id", "position", "pk").first()
        return redirect(f"{reverse('admin:articles_article_replace')}?article={first.pk}")


class PhotoCreditInline(admin.TabularInline):
    model = PhotoCredit
    extra = 0
    fields = ("position", "reporter", "role")
    autocomplete_fields = ("reporter",)


@admin.register(PhotoCaption)
class PhotoCaptionAdmin(SimpleHistoryAdmin):
    form = PhotoCaptionForm
    list_display = ("__str__", "thumbnail", "article", "position")
    list_select_related = ("article",)
    paginator = IdsFirstPaginator
    search_fields = ("text",)
    inlines = (PhotoCreditInline,)
    autocomplete_fields = ("article",)
    fields = ("article", "position", "text", "image", "preview")
    readonly_fields = ("preview",)

    @admin.display(description=_("缩略图"))
    def thumbnail(self, caption):
        return thumbnail(caption)

    @admin.display(description=_("缩略图"))
    def preview(self, caption):
        return thumbnail(caption)

    def has_change_history_permission(self, request, obj=None):
        """Reverting is the chief editor's."""
        return request.user.has_perm("articles.revert_article")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Refuse a revert POST from someone who may only look."""
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Block, Byline)
class ContentPartAdmin(SimpleHistoryAdmin):
    """Paragraphs and bylines are edited inline; here their own history can be seen and reverted."""

    list_display = ("__str__", "article", "position")
    autocomplete_fields = ("article",)
    paginator = IdsFirstPaginator  # ordered through article, page and issue

    def get_list_select_related(self, request):
        # A byline names its reporter.
        return ("article", "reporter") if self.model is Byline else ("article",)

    def has_module_permission(self, request):
        return False  # not in the admin index: reached from history links

    def has_change_history_permission(self, request, obj=None):
        return request.user.has_perm("articles.revert_article")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# Partners' API tokens are the chief editors' to issue (articles/desk/partners.py).
partners.install(admin.site)


@admin.register(SourceLineage)
class SourceLineageAdmin(admin.ModelAdmin):
    list_display = ("page", "source_position", "fate", "article", "recorded_at")
    list_filter = ("fate",)
    list_select_related = ("page__issue__publication", "article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
