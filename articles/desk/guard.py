"""The article form's guard: edit locks, stale saves, and the article's revisions.

A mixin for ArticleAdmin. Opening the form takes the edit lock and stamps the form with
what it shows (articles.desk.conflicts); a save is refused while a colleague holds the lock
or when the article changed since the form was opened, the form then showing the merge of
both and each conflict side by side. A save that goes through is one revision of the whole
article (articles.desk.revisions), which the history page lists, diffs and restores.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import ModelChoiceField
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.desk import conflicts, history, locks, revisions
from articles.desk.source import source_beside
from articles.desk.textdiff import char_diff


def _may_take_over(user) -> bool:
    """Taking over a colleague's lock is the chief editor's, as publishing is."""
    return user.has_perm("articles.publish_article")


class ArticleGuardMixin:
    """Locks, stale-save merges and whole-article revisions for ArticleAdmin."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/lock/", wrap(self.lock_view), name="articles_article_lock"),
            path(
                "<int:pk>/history/<str:revision>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/history/<str:revision>/undo/",
                wrap(self.undo_view),
                name="articles_article_undo",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        """Each listed article with its edit lock and the lock's holder, in the same query."""
        return super().get_queryset(request).select_related("edit_lock__user")

    @staticmethod
    def edit_lock_column(article):
        lock = getattr(article, "edit_lock", None) if _has_lock(article) else None
        return locks.describe(lock) if lock is not None and lock.active else ""

    edit_lock_column.short_description = gettext_lazy("编辑锁")

    # --- the form ----------------------------------------------------------------------

    def _stored(self, request, object_id):
        text = unquote(str(object_id))
        if not text.isdigit():
            return None
        return self.get_object(request, text)

    def _current_data(self, request, article):
        """The form's data for the article as it is stored now, and its formsets' prefixes."""
        reading = copy.copy(request)
        reading.method = "GET"
        reading.desk_refusal = None
        fields = flatten_fieldsets(self.get_fieldsets(reading, article))
        form = self.get_form(reading, article, change=True, fields=fields)(instance=article)
        formsets, _inlines = self._create_formsets(reading, article, change=True)
        data = conflicts.form_data(form, formsets)
        return data, [f.prefix for f in formsets], form, formsets

    def get_form(self, request, obj=None, **kwargs):
        """When the save was refused, the form says why (and the data stays as posted)."""
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "desk_refusal", None)
        if not refusal:
            return form

        def clean(self):
            super(guarded, self).clean()
            raise ValidationError(refusal)

        guarded = type(form.__name__, (form,), {"clean": clean})
        return guarded

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Guard a save of a stored article; render its lock and version with the form."""
        article = self._stored(request, object_id) if object_id else None
        if article is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        may_change = self.has_change_permission(request, article)
        extra = dict(extra_context or {})
        if request.method == "POST" and may_change:
            # The check and the save in one transaction, the article's row locked: two
            # saves at the same moment are checked one after the other.
            with transaction.atomic():
                type(article).objects.select_for_update().filter(pk=article.pk).exists()
                extra.update(self._guard_save(request, article))
                return super().changeform_view(request, object_id, form_url, extra)
        if may_change:
            extra["desk_lock"] = locks.acquire(article, request.user)
        else:
            extra["desk_lock"] = locks.state(article, request.user)
        return super().changeform_view(request, object_id, form_url, extra)

    def _guard_save(self, request, article) -> dict:
        """Refuse a save over a colleague's lock or a changed article; say what differs."""
        lock = locks.state(article, request.user)
        if lock.held_by_other:
            request.desk_refusal = _(
                "这篇稿件现在由 %(who)s 编辑（锁定至 %(until)s）。你的修改没有保存，仍在下面的表单里："
                "请等对方保存或锁定过期后再保存；主编可以接管编辑。"
            ) % {
                "who": locks.editor_name(lock.lock.user),
                "until": locks.local_time(lock.lock.expires_at),
            }
            return {"desk_lock": lock}
        theirs, prefixes, form, formsets = self._current_data(request, article)
        try:
            base = conflicts.unseal(article.pk, request.POST.get("desk_version"))
        except conflicts.BadVersion:
            request.desk_refusal = _(
                "这份表单的版本标记无效（缺失、被改动或属于另一篇稿件），修改没有保存。"
                "请核对下面的表单后再保存一次，或重新打开稿件。"
            )
            return {"desk_lock": locks.acquire(article, request.user)}
        if base == theirs:
            return {"desk_lock": lock}
        mine = conflicts.posted(request.POST)
        management = {
            k: v for k, v in theirs.items() if k.endswith(("MIN_NUM_FORMS", "MAX_NUM_FORMS"))
        }
        merged = conflicts.merge(base, theirs, mine, prefixes=prefixes, management=management)
        data = QueryDict(mutable=True)
        for key, values in merged.data.items():
            data.setlist(key, values)
        for key in conflicts.NOT_DATA:
            if key in request.POST and key != "desk_version":
                data.setlist(key, request.POST.getlist(key))
        request.POST = data
        who, when = _last_change(article)
        request.desk_refusal = _(
            "你打开这篇稿件之后，%(who)s 于 %(when)s 修改了它。你的修改没有保存。"
            "只有一方改动的地方已合并到下面的表单里；双方都改动的 %(n)d 处列在上方，"
            "表单里是你的版本，可以逐处改用对方的，或放弃你的修改。核对后再保存。"
        ) % {"who": who, "when": when, "n": len(merged.conflicts)}
        return {
            "desk_lock": locks.acquire(article, request.user),
            "desk_conflicts_found": _describe_conflicts(merged, form, formsets),
            "desk_taken": len(merged.taken),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Stamp the form with what the stored article looks like now, and show the lock."""
        if obj is not None and obj.pk and not add:
            stored = type(obj).objects.get(pk=obj.pk)
            data, *_rest = self._current_data(request, stored)
            context["desk_version"] = conflicts.seal(obj.pk, data)
            lock = context.get("desk_lock")
            context["desk_lock_text"] = (
                locks.describe(lock.lock) if lock and lock.lock and lock.lock.active else ""
            )
            context["desk_lock_mine"] = bool(lock and lock.mine)
            context["desk_lock_until"] = (
                locks.local_time(lock.lock.expires_at) if lock and lock.lock else ""
            )
            context["desk_may_take_over"] = _may_take_over(request.user)
            context["desk_lock_seconds"] = locks.LOCK_MINUTES * 60
            context["desk_beside"] = _source_beside(stored)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Before the first recorded change, the stored state becomes the first revision."""
        if change:
            revisions.ensure_baseline([obj])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """One revision of the whole article, as saved; the lock goes back unless editing on."""
        super().save_related(request, form, formsets, change)
        article = form.instance
        revisions.record(
            [article],
            action=revisions.RevisionNote.Action.EDIT,
            comment=_changed_labels(form, formsets),
            user=request.user,
        )
        if "_continue" not in request.POST:
            locks.release(article, request.user)

    # --- the lock -------------------------------------------------------------------------

    def lock_view(self, request, pk):
        """POST: renew (the open form, every minute), release, or take over (chief editors)."""
        article = get_object_or_404(self.model, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        what = request.POST.get("do", "")
        if what == "renew":
            state = locks.acquire(article, request.user)
            return JsonResponse(
                {
                    "mine": state.mine,
                    "text": locks.describe(state.lock) if state.lock else "",
                }
            )
        if what == "release":
            locks.release(article, request.user)
            messages.success(request, _("已解除编辑锁。"))
            return redirect("admin:articles_article_changelist")
        if what == "take":
            if not _may_take_over(request.user):
                messages.error(request, _("只有主编可以接管别人正在编辑的稿件。"))
            else:
                before = locks.state(article, request.user)
                locks.take_over(article, request.user)
                if before.held_by_other:
                    messages.warning(
                        request,
                        _("已接管编辑锁：%(who)s 未保存的修改将无法保存。")
                        % {"who": locks.editor_name(before.lock.user)},
                    )
            return redirect("admin:articles_article_change", article.pk)
        messages.error(request, _("未知的锁定操作。"))
        return redirect("admin:articles_article_change", article.pk)

    # --- history ------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """Every revision of the whole article: who, when, what changed; restore and undo."""
        article = self._stored(request, object_id)
        if article is None:
            return redirect("admin:articles_article_changelist")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("修改历史：%(title)s") % {"title": article},
            "article": article,
            "entries": history.entries(article.pk),
            "may_restore": self.has_change_history_permission(request, article),
            "may_change": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/desk/history.html", context)

    def _history_url(self, article):
        return reverse("admin:articles_article_history", args=[article.pk])

    def restore_view(self, request, pk, revision):
        """POST: make the article as that revision holds it (chief editors)."""
        article = get_object_or_404(self.model, pk=pk)
        if request.method != "POST" or not self.has_change_history_permission(request, article):
            raise PermissionDenied
        try:
            found = revisions.revision_for(article.pk, revision)
            revisions.restore(article, found)
        except revisions.EditError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("已恢复到 %(when)s 的版本。") % {"when": history.local(found.date_created)},
            )
        return redirect(self._history_url(article))

    def undo_view(self, request, pk, revision):
        """POST: undo a split, merge, move or detach on every article it touched."""
        article = get_object_or_404(self.model, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            found = revisions.revision_for(article.pk, revision)
            note = getattr(found, "note", None)
            others = self.model.objects.filter(pk__in=note.articles if note else [])
            if not all(self.has_change_permission(request, a) for a in others):
                raise PermissionDenied
            revisions.undo(found)
        except revisions.EditError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("已撤销%(action)s。") % {"action": note.get_action_display()}
            )
        return redirect(self._history_url(article))


def _source_beside(article):
    """The page's text cut for the column beside the form (articles.desk.source)."""
    from articles.models import Page

    text = Page.objects.filter(pk=article.page_id).values_list("text", flat=True).first() or ""
    paragraphs = list(article.blocks.order_by("position").values_list("pk", "text"))
    return source_beside(text, article.spans, paragraphs)


def _has_lock(article) -> bool:
    try:
        article.edit_lock  # noqa: B018 - reads the select_related cache
    except Exception:  # RelatedObjectDoesNotExist
        return False
    return True


def _last_change(article):
    """Who changed the article last and when, from its per-row history."""
    record = article.history.order_by("-history_date").select_related("history_user").first()
    if record is None:
        return _("其他编辑"), ""
    return locks.editor_name(record.history_user), history.local(record.history_date)


def _changed_labels(form, formsets) -> str:
    """「修改了 标题、正文段落」: what the save changed, by the form's labels."""
    labels = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
    for formset in formsets:
        if formset.has_changed():
            labels.append(str(formset.model._meta.verbose_name))
    if not labels:
        return _("保存（无改动）")
    return _("修改了 %(what)s") % {"what": "、".join(dict.fromkeys(labels))}


def _shown(field, values) -> str:
    if not values:
        return history.EMPTY
    if isinstance(field, ModelChoiceField):
        names = [str(o) for o in field.queryset.filter(pk__in=[v for v in values if v])]
        return "、".join(names) or history.EMPTY
    choices = dict(getattr(field, "flatchoices", None) or getattr(field, "choices", []) or [])
    shown = [str(choices.get(v, v)) for v in values]
    return "、".join(shown) or history.EMPTY


def _describe_conflicts(merged, form, formsets):
    """Each conflict with the field's label, both values, and the difference between them."""
    inline_names = {f.prefix: (f.model._meta.verbose_name, f.form.base_fields) for f in formsets}
    described = []
    for conflict in merged.conflicts:
        if conflict.where:
            prefix, _sep, row_id = conflict.where.rpartition("#")
            name, fields = inline_names.get(prefix, (prefix, {}))
            field = fields.get(conflict.name)
            label = f"{name} #{row_id} · {field.label if field else conflict.name}"
        else:
            base_name = conflict.name.rsplit("_", 1)[0] if conflict.name[-2:-1] == "_" else None
            field = form.fields.get(conflict.name) or form.fields.get(base_name or "")
            label = str(field.label) if field else conflict.name
        theirs, mine = _shown(field, conflict.theirs), _shown(field, conflict.mine)
        described.append(
            {
                "key": conflict.key,
                "label": label,
                "theirs": theirs,
                "mine": mine,
                "theirs_value": conflict.theirs[0] if len(conflict.theirs) == 1 else "",
                "can_take": bool(conflict.key) and len(conflict.theirs) == 1,
                "diff": char_diff(theirs, mine),
            }
        )
    return described
