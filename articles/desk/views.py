"""The desk's own admin pages for articles: review queue, split, move, detach, attach, replace.

Each view checks the permission, calls one function of `articles.editing` and turns an
`EditError` into a message on the same page; nothing here changes data by itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from articles import editing
from articles.desk.publishing import move_refusal
from articles.desk.source import flag_label, highlighted_source
from articles.editing import SCOPE_LABELS, WIDE_SCOPES, EditError, Scope
from articles.extraction import REIMPORT_CONFLICT, conflicts, resolve_conflict
from articles.models import Article, Block, PhotoCaption


def can_replace(user, scope) -> bool:
    """Editors replace within an article or a page; wider scopes are for chief editors."""
    if Scope(scope) in WIDE_SCOPES:
        return user.has_perm("articles.replace_across_pages")
    return user.has_perm("articles.change_article")


class DeskViewsMixin:
    """Extra admin URLs for ArticleAdmin."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(self.review_queue_view), name="articles_article_review"),
            path("replace/", wrap(self.replace_view), name="articles_article_replace"),
            path("<int:pk>/split/", wrap(self.split_view), name="articles_article_split"),
            path("<int:pk>/move/", wrap(self.move_view), name="articles_article_move"),
            path(
                "<int:pk>/captions/<int:caption>/detach/",
                wrap(self.detach_view),
                name="articles_article_detach",
            ),
            path(
                "<int:pk>/attach/<int:index>/",
                wrap(self.attach_view),
                name="articles_article_attach",
            ),
            path(
                "<int:pk>/topics/<int:link>/<str:decision>/",
                wrap(self.topic_view),
                name="articles_article_topic",
            ),
            path("<int:pk>/resolve/", wrap(self.resolve_view), name="articles_article_resolve"),
            *super().get_urls(),
        ]

    # --- helpers ---------------------------------------------------------------------

    def _article_for_change(self, request, pk) -> Article:
        article = get_object_or_404(Article.objects.select_related("page"), pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _render(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/desk/{template}", context)

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    # --- review queue ------------------------------------------------------------------

    def review_queue_view(self, request):
        """The review queue has its own page now (articles/desk/queue_admin.py)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect(reverse("admin:articles_reviewqueue_changelist"))

    # --- structural fixes ----------------------------------------------------------------

    def split_view(self, request, pk):
        """Choose the block where a second article starts."""
        article = self._article_for_change(request, pk)
        blocks = list(article.blocks.order_by("position"))
        if request.method == "POST":
            block = Block.objects.filter(pk=request.POST.get("at")).first()
            try:
                if block is None:
                    raise EditError(_("请选择从哪一段开始拆分。"))
                new = editing.split_article(article, at=block)
            except EditError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已拆分出新稿件，请补上标题。"))
                return redirect(self._change_url(new))
        return self._render(
            request,
            "split.html",
            {"title": _("拆分稿件"), "article": article, "blocks": blocks},
        )

    def move_view(self, request, pk):
        """Move chosen paragraphs to another article."""
        article = self._article_for_change(request, pk)
        blocks = list(article.blocks.order_by("position"))
        candidates = Article.objects.filter(page_id=article.page_id).exclude(pk=article.pk)
        if request.method == "POST":
            chosen = [b for b in blocks if str(b.pk) in request.POST.getlist("blocks")]
            wanted = request.POST.get("target_id") or request.POST.get("target") or ""
            target = Article.objects.filter(pk=int(wanted) if wanted.isdigit() else 0).first()
            try:
                if target is None:
                    raise EditError(_("请选择目标稿件。"))
                if not self.has_change_permission(request, target):
                    raise PermissionDenied
                refusal = move_refusal(request.user, source=article, target=target)
                if refusal:
                    raise EditError(refusal)
                editing.move_blocks(chosen, to=target)
            except EditError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已移动 %(n)d 段。") % {"n": len(chosen)})
                return redirect(self._change_url(target))
        return self._render(
            request,
            "move.html",
            {
                "title": _("移动段落"),
                "article": article,
                "blocks": blocks,
                "candidates": candidates,
            },
        )

    def detach_view(self, request, pk, caption):
        """Confirm, then make a caption into a photo item of its own."""
        article = self._article_for_change(request, pk)
        caption = get_object_or_404(PhotoCaption, pk=caption, article=article)
        if request.method == "POST":
            photo = editing.detach_caption(caption)
            messages.success(request, _("已将图片说明拆为独立的图片稿。"))
            return redirect(self._change_url(photo))
        return self._render(
            request,
            "detach.html",
            {"title": _("拆出图片稿"), "article": article, "caption": caption},
        )

    def attach_view(self, request, pk, index):
        """Append one of the page's unassigned fragments to the article (POST only)."""
        article = self._article_for_change(request, pk)
        if request.method != "POST":
            return redirect(self._change_url(article))
        try:
            editing.attach_fragment(article, index=index)
        except EditError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已将未归属文字加到本稿件末尾。"))
        return redirect(self._change_url(article))

    def topic_view(self, request, pk, link, decision):
        """Accept or reject one suggested topic (POST only)."""
        article = self._article_for_change(request, pk)
        if request.method != "POST" or decision not in ("accept", "reject"):
            return redirect(self._change_url(article))
        link = get_object_or_404(article.topic_links.all(), pk=link)
        editing.decide_topic(link, accept=decision == "accept")
        messages.success(request, _("已更新主题。"))
        return redirect(self._change_url(article))

    def resolve_view(self, request, pk):
        """Settle a re-import conflict: keep the editor's values, or take the parser's."""
        article = self._article_for_change(request, pk)
        if request.method == "POST":
            resolve_conflict(article, take_parser=tuple(request.POST.getlist("take")))
            messages.success(request, _("已处理重新导入冲突。"))
        return redirect(self._change_url(article))

    # --- replace a misread word --------------------------------------------------------------

    def replace_view(self, request):
        """Form → preview of every change → apply exactly what was previewed."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        old, new = data.get("old", ""), data.get("new", "")
        scope = data.get("scope") or Scope.PAGE
        article = Article.objects.select_related("page").filter(pk=data.get("article") or 0).first()
        context = {
            "title": _("替换文字"),
            "old": old,
            "new": new,
            "scope": scope,
            "article": article,
            "scopes": [(s.value, label) for s, label in SCOPE_LABELS.items()],
        }
        if request.method == "POST":
            try:
                if scope not in Scope.__members__.values():
                    raise EditError(_("未知的替换范围。"))
                if not can_replace(request.user, scope):
                    raise EditError(_("只有主编可以在整期或全部稿件中替换文字。"))
                if "apply" in request.POST:
                    changes = editing.apply_replacements(
                        old=old,
                        new=new,
                        scope=scope,
                        article=article,
                        expected=request.POST.get("fingerprint", ""),
                    )
                    messages.success(request, _("已替换 %(n)d 处。") % {"n": len(changes)})
                    if article is not None:
                        return redirect(self._change_url(article))
                    return redirect(reverse("admin:articles_article_changelist"))
                changes = editing.find_replacements(old=old, new=new, scope=scope, article=article)
                context["changes"] = changes
                context["fingerprint"] = editing.fingerprint(changes)
                if not changes:
                    messages.warning(request, _("范围内没有找到“%(old)s”。") % {"old": old})
            except EditError as error:
                messages.error(request, str(error))
        return self._render(request, "replace.html", context)

    # --- change form extras --------------------------------------------------------------

    def desk_context(self, request, article: Article) -> dict:
        """What the article form shows beside the fields: source, fragments, topics, conflicts."""
        page = article.page
        return {
            "desk_source": highlighted_source(page.text, article.spans),
            "desk_fragments": list(enumerate(page.unassigned or [])),
            "desk_topics": list(article.topic_links.select_related("topic").order_by("-score")),
            "desk_conflicts": conflicts(article) if REIMPORT_CONFLICT in article.flags else [],
            "desk_flags": [flag_label(f) for f in article.flags],
            "desk_captions": list(article.captions.all()),
        }
