from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.paging import IdsFirstPaginator
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "signal_words"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "parent", "code", "confirmed"]
    list_filter = ["confirmed", "level", "kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_names", "code"]
    autocomplete_fields = ["parent"]
    actions = ["confirm"]

    @admin.action(description=_("核实所选地名"))
    def confirm(self, request, queryset):
        """Mark places found in text as checked by an editor."""
        updated = queryset.update(confirmed=True)
        self.message_user(request, _("已核实 %(n)d 个地名。") % {"n": updated})


@admin.register(ArticleTopic)
class ArticleTopicAdmin(admin.ModelAdmin):
    list_display = ["article", "topic", "state", "score"]
    list_filter = ["state", "topic"]
    list_select_related = ["article", "topic"]
    autocomplete_fields = ["topic"]
    paginator = IdsFirstPaginator  # ordered through article, page and issue
    raw_id_fields = ["article"]
    readonly_fields = ["score", "evidence"]
    actions = ["confirm_machine_topics", "withdraw_machine_topics"]

    @admin.action(description=_("确认所选机器标注（改为已采纳）"), permissions=["change"])
    def confirm_machine_topics(self, request, queryset):
        """Make machine topics the editors' own; other rows are left as they are."""
        self._decide(request, queryset, ArticleTopic.State.ACCEPTED, _("已确认 %(n)d 条机器标注。"))

    @admin.action(
        description=_("撤销所选机器标注（读者不再看到，也不再建议）"), permissions=["change"]
    )
    def withdraw_machine_topics(self, request, queryset):
        """Take machine topics back from readers; rejected, they are never filed again."""
        self._decide(request, queryset, ArticleTopic.State.REJECTED, _("已撤销 %(n)d 条机器标注。"))

    def _decide(self, request, queryset, state, done):
        machine = queryset.filter(state=ArticleTopic.State.MACHINE)
        others = queryset.count() - machine.count()
        # update() leaves updated_at alone; the site's ETags follow it.
        changed = machine.update(state=state, updated_at=timezone.now())
        self.message_user(request, done % {"n": changed})
        if others:
            self.message_user(
                request,
                _("%(n)d 条不是机器标注，未改动。") % {"n": others},
                level=messages.WARNING,
            )


@admin.register(ArticlePlace)
class ArticlePlaceAdmin(admin.ModelAdmin):
    list_display = ["article", "place", "mentions"]
    list_select_related = ["article", "place"]
    autocomplete_fields = ["place"]
    paginator = IdsFirstPaginator
    raw_id_fields = ["article"]
