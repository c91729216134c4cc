"""The editors' admin: papers, issues, pages, reporters and the articles imported from pages."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "publication", "date", "number")
    list_filter = ("publication",)
    list_select_related = ("publication",)
    date_hierarchy = "date"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("source_name", "issue", "number", "name", "encoding", "article_count")
    list_filter = (("issue", admin.EmptyFieldListFilter), "encoding")
    list_select_related = ("issue__publication",)
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
        """Count each page's articles in the list query itself."""
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("稿件数"), ordering="article_count")
    def article_count(self, page):
        return page.article_count

    @admin.display(description=_("原文"))
    def raw_text(self, page):
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', page.text)


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ("name", "byline_count")
    search_fields = ("name",)

    def get_queryset(self, request):
        """Count each reporter's bylines in the list query itself."""
        return super().get_queryset(request).annotate(byline_count=Count("bylines"))

    @admin.display(description=_("署名次数"), ordering="byline_count")
    def byline_count(self, reporter):
        return reporter.byline_count


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0
    fields = ("position", "type", "text")


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    fields = ("position", "reporter", "role")
    autocomplete_fields = ("reporter",)


class PhotoCaptionInline(admin.StackedInline):
    model = PhotoCaption
    extra = 0
    fields = ("position", "text", "image")
    show_change_link = True  # credits are edited on the caption's own page


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ("display_title", "kind", "column", "page", "status", "flag_list", "reporters")
    list_filter = ("kind", "status", "column")
    list_select_related = ("page__issue__publication",)
    search_fields = ("headline",)
    list_per_page = 50
    inlines = (BlockInline, BylineInline, PhotoCaptionInline)
    readonly_fields = ("spans", "extraction", "created_at", "updated_at")
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

    @admin.display(description=_("标题"), ordering="headline")
    def display_title(self, article):
        return str(article)

    @admin.display(description=_("待核原因"))
    def flag_list(self, article):
        return "、".join(article.flags)

    @admin.display(description=_("作者"))
    def reporters(self, article):
        # bylines are prefetched by for_listing(); .all() reads that cache.
        return "、".join(byline.reporter.name for byline in article.bylines.all())


class PhotoCreditInline(admin.TabularInline):
    model = PhotoCredit
    extra = 0
    fields = ("position", "reporter", "role")
    autocomplete_fields = ("reporter",)


@admin.register(PhotoCaption)
class PhotoCaptionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "article", "position")
    list_select_related = ("article",)
    search_fields = ("text",)
    inlines = (PhotoCreditInline,)
    autocomplete_fields = ("article",)
