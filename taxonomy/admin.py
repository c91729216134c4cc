from django.contrib import admin
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


@admin.register(ArticlePlace)
class ArticlePlaceAdmin(admin.ModelAdmin):
    list_display = ["article", "place", "mentions"]
    list_select_related = ["article", "place"]
    autocomplete_fields = ["place"]
    paginator = IdsFirstPaginator
    raw_id_fields = ["article"]
