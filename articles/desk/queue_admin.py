"""The two queues' pages in the admin: lists that lead, each row saying why it is there.

Nothing is pre-selected: an editor ticks what was read. Each row links to the article's own
form; the queue's actions call `articles.editing.set_status`, as the article list's do.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import editing, titles
from articles.desk import flags as review_flags
from articles.desk.queues import (
    FIRST_LINE_CHARS,
    STATES_EXPLAINED,
    ReadyQueue,
    ReviewQueue,
    least_sure_first,
    ready_to_publish,
    waiting_for_review,
)
from articles.desk.source import FLAG_LABELS
from articles.models import Article


def reason_list(reasons):
    """Reasons as a list in the row, one a line."""
    items = format_html_join("", "<li>{}</li>", ((reason,) for reason in reasons))
    return format_html('<ul class="desk-reasons">{}</ul>', items)


class QueueFlagFilter(admin.SimpleListFilter):
    title = _("待核原因")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(flag, str(label)) for flag, label in FLAG_LABELS.items()]

    def queryset(self, request, queryset):
        if self.value() in FLAG_LABELS:
            return queryset.filter(flags__icontains=f'"{self.value()}"')
        return queryset


class SelectionGuardMixin:
    """An action posted with an id that is not a number is refused with a message: Django
    would fail on it with a server error."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if any(not value.isdigit() for value in selected):
            self.message_user(
                request,
                gettext("所选稿件的编号无效，什么也没有改。请刷新页面后重选。"),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class QueueAdmin(SelectionGuardMixin, admin.ModelAdmin):
    """What both queues share: rows that read, nothing pre-selected, the article's own form.

    Seeing a queue and acting on it are the queue's own permissions (view_reviewqueue,
    change_reviewqueue…), which both desk groups hold; publishing is the article's.
    """

    change_list_template = "admin/articles/desk/queue_change_list.html"
    list_display_links = None
    list_select_related = ("page__issue__publication",)
    list_filter = (QueueFlagFilter, "kind")
    search_fields = ("headline", "overline", "subtitle")
    list_per_page = 50
    show_full_result_count = False

    def get_ordering(self, request):
        return least_sure_first()

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        """A queue is a list: its rows are the articles', edited, and their history kept, on
        the article's own pages."""
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="{}_{}_changelist".format(*info)),
            path(
                "<path:object_id>/change/",
                wrap(self.change_view),
                name="{}_{}_change".format(*info),
            ),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A queue's row is edited on the article's own form."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not str(object_id).isdigit():
            return redirect(reverse(f"admin:articles_{self.model._meta.model_name}_changelist"))
        return redirect(reverse("admin:articles_article_change", args=[int(object_id)]))

    def changelist_view(self, request, extra_context=None):
        extra = {
            "states_explained": STATES_EXPLAINED,
            "other_queue": self.other_queue(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)

    @admin.display(description=_("稿件"))
    def item(self, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        title = titles.printed_title(article)
        if title:
            return format_html('<a href="{}"><strong>{}</strong></a>', url, title)
        return format_html('<a href="{}">{}</a>', url, _("（无标题）"))

    @admin.display(description=_("正文开头"))
    def first_line(self, article):
        text = " ".join((article.first_line or "").split())
        if len(text) > FIRST_LINE_CHARS:
            text = text[:FIRST_LINE_CHARS] + "…"
        return text or _("（没有正文）")

    @admin.display(description=_("抽取把握"), ordering="confidence")
    def sureness(self, article):
        if article.confidence is None:
            return _("编辑台新建")
        return f"{article.confidence:.0%}"

    @admin.display(description=_("版面"))
    def printed_on(self, article):
        return str(article.page)

    def _status_action(self, request, queryset, status, done):
        try:
            count = editing.set_status(queryset, status)
        except editing.EditError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done % {"n": count})


@admin.register(ReviewQueue)
class ReviewQueueAdmin(QueueAdmin):
    """Items waiting for an editor's review, least sure first."""

    list_display = ("item", "reason", "first_line", "sureness", "kind", "printed_on")
    actions = ("mark_reviewed",)

    def get_queryset(self, request):
        return waiting_for_review().select_related("page__issue__publication")

    def other_queue(self):
        return (reverse("admin:articles_readyqueue_changelist"), _("待发布队列"))

    @admin.display(description=_("为什么待审"))
    def reason(self, article):
        if not article.flags:
            return _("导入的稿件，抽取没有发现问题：通读后标为已审")
        return reason_list(review_flags.explain(flag) for flag in article.flags)

    @admin.action(description=_("所选稿件标记为已审"), permissions=("change",))
    def mark_reviewed(self, request, queryset):
        """Mark what the editor ticked as reviewed: it moves to the queue to publish."""
        self._status_action(
            request, queryset, Article.Status.REVIEWED, gettext("已将 %(n)d 篇标记为已审。")
        )


@admin.register(ReadyQueue)
class ReadyQueueAdmin(QueueAdmin):
    """Items an editor reviewed, waiting for a chief editor to publish them."""

    list_display = ("item", "readiness", "first_line", "sureness", "kind", "printed_on")
    actions = ("publish", "send_back")

    def get_queryset(self, request):
        return ready_to_publish().select_related("page__issue__publication", "schedule")

    def other_queue(self):
        return (reverse("admin:articles_reviewqueue_changelist"), _("待审队列"))

    @admin.display(description=_("能否发布"))
    def readiness(self, article):
        untitled = editing.untitled_articles([article])
        blocking = review_flags.blocking_flags(article.flags)
        reasons = [review_flags.explain(flag) for flag in blocking]
        if untitled and "missing_headline" not in blocking:
            reasons.insert(0, review_flags.explain("missing_headline"))
        if reasons:
            return reason_list(reasons)
        schedule = getattr(article, "schedule", None)
        if schedule is not None:
            return _("定时发布：%(when)s") % {"when": schedule.local_time()}
        return _("可以发布")

    @admin.action(description=_("发布所选稿件"), permissions=("publish",))
    def publish(self, request, queryset):
        """Publish what the chief editor ticked, or none of it if any may not go."""
        self._status_action(
            request, queryset, Article.Status.PUBLISHED, gettext("已发布 %(n)d 篇。")
        )

    @admin.action(description=_("退回待审"), permissions=("change",))
    def send_back(self, request, queryset):
        """Back to the review queue."""
        self._status_action(
            request, queryset, Article.Status.NEEDS_REVIEW, gettext("已将 %(n)d 篇退回待审。")
        )
