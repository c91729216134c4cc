"""Related articles, precomputed when an article is indexed so that its page pays nothing."""

from django.db import transaction
from django.db.models import Exists, OuterRef

from articles.models import Article
from taxonomy.models import ArticlePlace, ArticleTopic, Place, RelatedArticle

RELATED_KEPT = 5
CANDIDATES_CONSIDERED = 500
TOPIC_WEIGHT = 1.0
# The whole region is shared by every article; a 盟/市 says less than a 旗/县 or a 社区.
PLACE_WEIGHT = {Place.Level.PREFECTURE: 0.5}
LOCAL_PLACE_WEIGHT = 1.0
KEYWORD_WEIGHT = 2.0


def _profiles(article_ids) -> dict:
    """(topics, places with their weights, keywords) of each article, in three plain queries.

    Values, not model instances: an import compares every new article with hundreds of
    candidates, and building and prefetching that many objects was most of its time.
    """
    ids = list(article_ids)
    profiles = {
        pk: (set(), {}, set(keywords or []))
        for pk, keywords in Article.objects.filter(pk__in=ids).values_list("pk", "keywords")
    }
    topic_links = (
        ArticleTopic.objects.filter(article_id__in=ids)
        .exclude(state=ArticleTopic.State.REJECTED)
        .values_list("article_id", "topic_id")
    )
    for article_id, topic_id in topic_links:
        profiles[article_id][0].add(topic_id)
    place_links = ArticlePlace.objects.filter(
        article_id__in=ids, place__level__gt=Place.Level.REGION
    ).values_list("article_id", "place_id", "place__level")
    for article_id, place_id, level in place_links:
        profiles[article_id][1][place_id] = PLACE_WEIGHT.get(level, LOCAL_PLACE_WEIGHT)
    return profiles


def relatedness(one, other) -> float:
    """Shared topics, shared places and keyword overlap (Jaccard) of two profiles."""
    topics, places, keywords = one
    other_topics, other_places, other_keywords = other
    score = TOPIC_WEIGHT * len(topics & other_topics)
    score += sum(places[pk] for pk in places.keys() & other_places.keys())
    if keywords and other_keywords:
        score += KEYWORD_WEIGHT * len(keywords & other_keywords) / len(keywords | other_keywords)
    return round(score, 4)


@transaction.atomic
def refresh_related(article) -> list[RelatedArticle]:
    """Recompute the article's related list and offer it to the articles it now points at."""
    profile = _profiles([article.pk]).get(article.pk)
    if profile is None:
        raise Article.DoesNotExist(f"article {article.pk} is gone")
    topics, places, _ = profile
    # EXISTS, not a join with DISTINCT: the database walks the updated_at index from the
    # newest article and stops at the CANDIDATES_CONSIDERED-th match, instead of joining and
    # sorting every article that shares a place (most do: each names its 盟/市), which made
    # each import cost more the larger the archive.
    shares = Exists(ArticleTopic.objects.filter(article=OuterRef("pk"), topic__in=topics))
    shares |= Exists(ArticlePlace.objects.filter(article=OuterRef("pk"), place__in=list(places)))
    candidates = list(
        Article.objects.exclude(pk=article.pk)
        .filter(shares)
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:CANDIDATES_CONSIDERED]
    )
    others = _profiles(candidates)
    scored = sorted(
        ((relatedness(profile, others[pk]), pk) for pk in candidates),
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
