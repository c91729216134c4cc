"""The public site's URLs: stable, by id, whatever an editor later fixes in a headline."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from articles import feeds, views
from articles.sitemaps import SITEMAPS, news_sitemap

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("publications/<slug:slug>/", views.publication_calendar, name="publication"),
    path("issues/undated/", views.pages_of_no_issue, name="undated"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("pages/<int:pk>/", views.page_detail, name="page"),
    path("pages/<int:pk>/text/", views.page_text, name="page_text"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="article_slug"),
    path("reporters/<int:pk>/", views.reporter_detail, name="reporter"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<str:slug>/", views.topic_detail, name="topic"),
    path("places/", views.place_tree, name="places"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    # Feeds: RSS 2.0 and Atom 1.0 of the same lists.
    path("feeds/latest.rss", feeds.LatestFeed(), name="latest_feed"),
    path("feeds/latest.atom", feeds.LatestAtomFeed(), name="latest_atom"),
    path("publications/<slug:slug>/feed.rss", feeds.PublicationFeed(), name="publication_feed"),
    path(
        "publications/<slug:slug>/feed.atom", feeds.PublicationAtomFeed(), name="publication_atom"
    ),
    path("reporters/<int:pk>/feed.rss", feeds.ReporterFeed(), name="reporter_feed"),
    path("reporters/<int:pk>/feed.atom", feeds.ReporterAtomFeed(), name="reporter_atom"),
    path("topics/<str:slug>/feed.rss", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<str:slug>/feed.atom", feeds.TopicAtomFeed(), name="topic_atom"),
    # An index of sections, each paginated, so that a large archive stays within the protocol's
    # 50,000 URLs per file.
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
]
