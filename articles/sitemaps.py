"""sitemap.xml of every public page, and a Google News sitemap of the last two days."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles import reading
from articles.models import Article, Reporter
from articles.titles import name_untitled

# Google News only wants articles published in the last two days.
NEWS_WINDOW = datetime.timedelta(days=2)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return reading.published().order_by("pk").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return reading.public_pages().select_related(None).order_by("pk").only("pk")

    def location(self, item):
        return reverse("articles:page", args=[item.pk])


class ReporterSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Reporter.objects.filter(bylines__article__status=Article.Status.PUBLISHED)
            .distinct()
            .order_by("pk")
        )

    def location(self, item):
        return reverse("articles:reporter", args=[item.pk])


class HomeSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "pages": PageSitemap,
    "reporters": ReporterSitemap,
}


def recent_news(now=None):
    """Published articles of the last two days for the news sitemap, newest first."""
    now = now or timezone.now()
    return (
        reading.published()
        .filter(published_at__gte=now - NEWS_WINDOW)
        .select_related("page__issue__publication")
        .order_by("-published_at")[:1000]
    )


@require_safe
def news_sitemap(request):
    """The Google News sitemap (news:news entries) for the last two days."""
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": name_untitled(recent_news()), "site": request.build_absolute_uri("/")[:-1]},
        content_type="application/xml; charset=utf-8",
    )
