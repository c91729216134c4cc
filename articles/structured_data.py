"""schema.org NewsArticle for an article page, as a plain dict for JSON-LD."""

from django.urls import reverse


def news_article(article, *, url: str, request, keywords=()) -> dict:
    """The article as a NewsArticle; unknown values are left out rather than invented."""
    issue = article.page.issue
    published = issue.date.isoformat() if issue and issue.date else None
    if article.published_at:
        published = published or article.published_at.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": (getattr(article, "link_text", "") or article.headline or article.title)[:110],
        "dateModified": article.updated_at.isoformat(),
        "isAccessibleForFree": True,
        "inLanguage": "zh-Hans",
        "author": [
            {
                "@type": "Person",
                "name": byline.reporter.name,
                "url": request.build_absolute_uri(
                    reverse("articles:reporter", args=[byline.reporter_id])
                ),
            }
            for byline in article.bylines.all()
        ],
    }
    if published:
        data["datePublished"] = published
    if issue:
        data["publisher"] = {"@type": "Organization", "name": issue.publication.name}
    images = [
        request.build_absolute_uri(caption.image.url)
        for caption in article.captions.all()
        if caption.image
    ]
    if images:
        data["image"] = images
    if article.column:
        data["articleSection"] = article.column
    words = list(dict.fromkeys([*keywords, *(article.keywords or [])]))
    if words:
        data["keywords"] = ", ".join(str(w) for w in words)
    return data
