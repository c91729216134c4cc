"""Related articles, precomputed when an article is indexed so that its page pays nothing."""

from django.db import transaction
from django.db.models import Q

from articles.models import Article
from taxonomy.models import ArticleTopic, Place, RelatedArticle

RELATED_KEPT = 5
CANDIDATES_CONSIDERED = 500
TOPIC_WEIGHT = 1.0
# The whole region is shared by every article; a 盟/市 says less than a 旗/县 or a 社区.
PLACE_WEIGHT = {Place.Level.PREFECTURE: 0.5}
LOCAL_PLACE_WEIGHT = 1.0
KEYWORD_WEIGHT = 2.0


def _profile(article):
    topics = {
        link.topic_id
        for link in article.topic_links.all()
        if link.state != ArticleTopic.State.REJECTED
    }
    places = {
        link.place_id: PLACE_WEIGHT.get(link.place.level, LOCAL_PLACE_WEIGHT)
        for link in article.place_links.all()
        if link.place.level > Place.Level.REGION
    }
    return topics, places, set(article.keywords or [])


def relatedness(one, other) -> float:
    """Shared topics, shared places and keyword overlap (Jaccard) of two profiles."""
    topics, places, keywords = one
    other_topics, other_places, other_keywords = other
    score = TOPIC_WEIGHT * len(topics & other_topics)
    score += sum(places[pk] for pk in places.keys() & other_places.keys())
    if keywords and other_keywords:
        score += KEYWORD_WEIGHT * len(keywords & other_keywords) / len(keywords | other_keywords)
    return round(score, 4)


def _with_profiles(queryset):
    return queryset.prefetch_related("topic_links", "place_links__place")


@transaction.atomic
def refresh_related(article) -> list[RelatedArticle]:
    """Recompute the article's related list and offer it to the articles it now points at."""
    article = _with_profiles(Article.objects.filter(pk=article.pk)).get()
    profile = _profile(article)
    topics, places, _ = profile
    candidates = (
        _with_profiles(Article.objects.exclude(pk=article.pk))
        .filter(Q(topic_links__topic__in=topics) | Q(place_links__place__in=list(places)))
        .distinct()
        .order_by("-updated_at")[:CANDIDATES_CONSIDERED]
    )
    scored = sorted(
        ((relatedness(profile, _profile(other)), other.pk) for other in candidates),
        key=lambda item: (-item[0], item[1]),
    )
    best = [(score, pk) for score, pk in scored if score > 0][:RELATED_KEPT]
    RelatedArticle.objects.filter(article=article).delete()
    rows = RelatedArticle.objects.bulk_create(
        [RelatedArticle(article=article, related_id=pk, score=score) for score, pk in best]
    )
    # The other side: an older article learns of the new one without a full recomputation.
    for score, pk in best:
        RelatedArticle.objects.update_or_create(
            article_id=pk, related=article, defaults={"score": score}
        )
    return rows


def related_articles(article, limit=RELATED_KEPT) -> list[Article]:
    """The article's related articles, best first, in one query."""
    links = (
        RelatedArticle.objects.filter(article=article)
        .select_related("related__page__issue__publication")
        .order_by("-score", "related_id")[:limit]
    )
    return [link.related for link in links]
