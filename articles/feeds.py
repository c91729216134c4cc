"""RSS and Atom feeds of published articles: latest, per publication, reporter and topic."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from articles import reading
from articles.models import Publication, Reporter
from articles.titles import name_untitled
from taxonomy.models import Topic

ITEMS = 30


class ArticleFeed(Feed):
    """What every feed shares: how an article becomes an item."""

    language = "zh-Hans"

    def item_title(self, item):
        return getattr(item, "link_text", "") or item.title or str(item)

    def item_description(self, item):
        # Readers take an RSS description and an Atom summary as HTML: OCR text is escaped
        # so that a <script> on the page arrives as text, not as markup.
        paragraphs = [block.text for block in item.blocks.all()][:2]
        return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)

    def item_guid(self, item):
        # The path, as the feeds have always given it: a reader's guid must not change.
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return "、".join(b.reporter.name for b in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.column] if item.column else []

    def _latest(self, queryset):
        # Untitled items (a photo's caption) are named as the site names them.
        return name_untitled(
            queryset.for_listing()
            .prefetch_related("blocks")
            .order_by("-published_at", "-pk")[:ITEMS]
        )


class LatestFeed(ArticleFeed):
    title = _("最新稿件")
    description = _("报纸档案最新发布的稿件")

    def link(self):
        return reverse("articles:home")

    def items(self):
        return self._latest(reading.published())


class PublicationFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Publication, slug=slug)

    def title(self, obj):
        return obj.name

    def description(self, obj):
        return _("%(name)s 最新发布的稿件") % {"name": obj.name}

    def link(self, obj):
        return reverse("articles:publication", args=[obj.slug])

    def items(self, obj):
        return self._latest(reading.published().filter(page__issue__publication=obj))


class ReporterFeed(ArticleFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Reporter, pk=pk)

    def title(self, obj):
        return _("%(name)s 的稿件") % {"name": obj.name}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return reverse("articles:reporter", args=[obj.pk])

    def items(self, obj):
        return name_untitled(reading.by_reporter(obj).prefetch_related("blocks")[:ITEMS])


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("主题：%(name)s") % {"name": obj.name}

    def description(self, obj):
        return obj.description or self.title(obj)

    def link(self, obj):
        return reverse("articles:topic", args=[obj.slug])

    def items(self, obj):
        return name_untitled(reading.by_topic(obj).prefetch_related("blocks")[:ITEMS])


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class ReporterAtomFeed(ReporterFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
