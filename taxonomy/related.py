"""Related articles, precomputed when an article is indexed so that its page pays nothing.

An article's related list is the RELATED_KEPT best scores (shared topics, shared places,
keyword overlap) among its candidates: the CANDIDATES_CONSIDERED most recently updated
articles that share a topic or a place with it. The articles it picks learn of it too (the
"other side"), without a recomputation of their own lists.

Candidates are found in one of two ways, with the same result:

- for a few articles (``reindex_articles``, a page imported on its own), one query per
  article walks the ``updated_at`` index from the newest article (:func:`refresh_related`,
  :func:`refresh_related_many`);
- for an import of many pages (``import_seeds``), :class:`RecentArticles` keeps in memory,
  for each topic and place, the newest articles that have it, with their profiles, and
  learns each page's articles as they are indexed. A page then costs a few queries however
  large the archive is. Articles an editor changes in another process during the import
  are seen as they were when the import first needed them; rows are only ever written for
  articles that still exist.

The articles of one page are related together: their lists are computed first, then
written, so that two articles of a page that pick each other both keep the pair (one by one,
the second article's recomputation dropped the row the first had offered it). An article
that shares only a topic it rejected is not a candidate (it would score nothing from it).
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

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


def _topic_feature(topic_id: int) -> int:
    # Topics and places share one dict of features: topics as negative ids, places as positive.
    return -topic_id


@dataclass(frozen=True, slots=True)
class Profile:
    """What relatedness compares: weighted features (topics and places) and keywords."""

    features: dict[int, float]
    keywords: frozenset[str]

    @property
    def topics(self) -> set[int]:
        return {-f for f in self.features if f < 0}

    @property
    def places(self) -> list[int]:
        return [f for f in self.features if f > 0]


def _profiles(article_ids) -> dict[int, Profile]:
    """The profile of each article, in three plain queries.

    Values, not model instances: an import compares every new article with hundreds of
    candidates, and building and prefetching that many objects was most of its time.
    Unordered: the models' default ordering would join every row to its article's page and
    issue, and sort them, for nothing.
    """
    ids = list(article_ids)
    if not ids:
        return {}
    features: dict[int, dict[int, float]] = {}
    keywords = {}
    for start in range(0, len(ids), 900):  # under SQLite's limit of query parameters
        chunk = ids[start : start + 900]
        articles = Article.objects.filter(pk__in=chunk).order_by()
        for pk, words in articles.values_list("pk", "keywords"):
            features[pk] = {}
            keywords[pk] = frozenset(words or ())
        topic_links = (
            ArticleTopic.objects.filter(article_id__in=chunk)
            .exclude(state=ArticleTopic.State.REJECTED)
            .order_by()
            .values_list("article_id", "topic_id")
        )
        for article_id, topic_id in topic_links:
            if article_id in features:
                features[article_id][_topic_feature(topic_id)] = TOPIC_WEIGHT
        place_links = (
            ArticlePlace.objects.filter(article_id__in=chunk, place__level__gt=Place.Level.REGION)
            .order_by()
            .values_list("article_id", "place_id", "place__level")
        )
        for article_id, place_id, level in place_links:
            if article_id in features:
                features[article_id][place_id] = PLACE_WEIGHT.get(level, LOCAL_PLACE_WEIGHT)
    return {pk: Profile(features[pk], keywords[pk]) for pk in features}


def relatedness(one: Profile, other: Profile) -> float:
    """Shared topics, shared places and keyword overlap (Jaccard) of two profiles."""
    features = one.features
    score = sum(features[f] for f in features.keys() & other.features.keys())
    keywords, other_keywords = one.keywords, other.keywords
    if keywords and other_keywords:
        common = len(keywords & other_keywords)
        if common:
            union = len(keywords) + len(other_keywords) - common
            score += KEYWORD_WEIGHT * common / union
    return round(score, 4)


def _best(pk: int, profile: Profile, candidates, profiles) -> list[tuple[float, int]]:
    """The RELATED_KEPT best (score, pk) among the candidates, best first, ties by pk.

    The score is :func:`relatedness`'s, written out here with the same sums in the same
    order: it runs for up to CANDIDATES_CONSIDERED candidates of every article imported.
    """
    features, keywords = profile.features, profile.keywords
    shared_with, weight = features.keys().__and__, features.__getitem__
    scored = []
    for other in candidates:
        if other == pk:
            continue
        them = profiles[other]
        score = sum(map(weight, shared_with(them.features.keys())))
        other_keywords = them.keywords
        if keywords and other_keywords:
            common = len(keywords & other_keywords)
            if common:
                union = len(keywords) + len(other_keywords) - common
                score += KEYWORD_WEIGHT * common / union
        score = round(score, 4)
        if score > 0:
            scored.append((-score, other))
    return [(-negative, other) for negative, other in heapq.nsmallest(RELATED_KEPT, scored)]


def _candidates_by_query(pk: int, profile: Profile) -> list[int]:
    """The newest CANDIDATES_CONSIDERED articles sharing a topic or a place, in one query."""
    # EXISTS, not a join with DISTINCT: the database walks the updated_at index from the
    # newest article and stops at the CANDIDATES_CONSIDERED-th match, instead of joining and
    # sorting every article that shares a place (most do: each names its 盟/市), which made
    # each import cost more the larger the archive.
    shares = Exists(
        ArticleTopic.objects.filter(article=OuterRef("pk"), topic__in=profile.topics).exclude(
            state=ArticleTopic.State.REJECTED
        )
    )
    shares |= Exists(ArticlePlace.objects.filter(article=OuterRef("pk"), place__in=profile.places))
    return list(
        Article.objects.exclude(pk=pk)
        .filter(shares)
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:CANDIDATES_CONSIDERED]
    )


def _posting_size() -> int:
    # One more than the candidates: the article whose candidates are wanted may be among them.
    return CANDIDATES_CONSIDERED + 1


def _sort_key(updated_at, pk: int) -> tuple[int, int]:
    """(updated_at in whole microseconds, pk): newest last, and cheap to compare."""
    return (int(updated_at.timestamp()) * 1_000_000 + updated_at.microsecond, pk)


class RecentArticles:
    """For each topic and place, the newest articles that have it, enough to find candidates.

    Kept in memory for the length of an import of many pages, so that finding an article's
    candidates costs no query: a feature's articles are read from the database the first time
    an article has it, and every article indexed afterwards is learnt with :meth:`learn`.
    Memory is bounded by the number of features, not by the archive: an article no feature
    keeps among its newest is forgotten.
    """

    def __init__(self):
        # feature → the sort keys of its newest articles, oldest first.
        self._postings: dict[int, list[tuple[int, int]]] = {}
        self._keys: dict[int, tuple[int, int]] = {}
        self._profiles: dict[int, Profile] = {}
        self._references: dict[int, int] = {}

    def learn(self, profiles: dict[int, Profile], updated: dict[int, object]) -> None:
        """Take in freshly indexed articles: their profiles and their updated_at."""
        self._load({f for profile in profiles.values() for f in profile.features})
        keys = {pk: _sort_key(updated[pk], pk) for pk in profiles}
        for pk in sorted(profiles, key=keys.__getitem__):
            self._forget(pk)
            self._add(pk, profiles[pk], keys[pk])

    def candidates(self, pk: int, profile: Profile) -> list[int]:
        """The newest CANDIDATES_CONSIDERED articles other than pk sharing a feature with it."""
        postings = [self._postings[f] for f in profile.features if f in self._postings]
        # The postings are sorted: walk them together from their newest ends and stop at the
        # CANDIDATES_CONSIDERED-th article, instead of sorting their union.
        newest_first = heapq.merge(*(reversed(p) for p in postings), reverse=True)
        found, wanted = {pk: None}, CANDIDATES_CONSIDERED + 1
        for _, other in newest_first:
            if other not in found:
                found[other] = None
                if len(found) == wanted:
                    break
        del found[pk]
        return list(found)

    def profiles(self) -> dict[int, Profile]:
        return self._profiles

    def forget(self, pks) -> None:
        """Drop articles that are gone."""
        for pk in pks:
            self._forget(pk)

    def _load(self, features) -> None:
        missing = [f for f in features if f not in self._postings]
        if not missing:
            return
        rows = {}
        for feature in missing:
            if feature < 0:
                links = ArticleTopic.objects.filter(topic_id=-feature).exclude(
                    state=ArticleTopic.State.REJECTED
                )
            else:
                links = ArticlePlace.objects.filter(place_id=feature)
            newest = links.order_by("-article__updated_at", "-article_id").values_list(
                "article_id", "article__updated_at"
            )[: _posting_size()]
            rows[feature] = [_sort_key(updated_at, pk) for pk, updated_at in newest]
        unknown = {pk for found in rows.values() for _, pk in found} - self._profiles.keys()
        profiles = _profiles(unknown)
        for feature, found in rows.items():
            posting = self._postings[feature] = []
            for key in sorted(found):
                pk = key[1]
                profile = self._profiles.get(pk) or profiles.get(pk)
                # A posting holds only articles whose profile has the feature, so that
                # forgetting an article finds every posting it is in.
                if profile is not None and feature in profile.features:
                    key = self._keys.setdefault(pk, key)
                    bisect.insort(posting, key)
                    self._profiles.setdefault(pk, profile)
                    self._references[pk] = self._references.get(pk, 0) + 1

    def _add(self, pk: int, profile: Profile, key: tuple[int, int]) -> None:
        if not profile.features:
            return  # shares nothing, so it is nobody's candidate
        self._keys[pk] = key
        self._profiles[pk] = profile
        self._references[pk] = len(profile.features)
        for feature in profile.features:
            posting = self._postings[feature]
            if not posting or posting[-1] < key:
                posting.append(key)
            else:
                bisect.insort(posting, key)
            if len(posting) > _posting_size():
                _, oldest = posting.pop(0)
                self._release(oldest)

    def _forget(self, pk: int) -> None:
        profile = self._profiles.get(pk)
        if profile is None:
            return
        key = self._keys[pk]
        for feature in profile.features:
            posting = self._postings.get(feature)
            if posting is None:
                continue
            at = bisect.bisect_left(posting, key)
            if at < len(posting) and posting[at] == key:
                del posting[at]
                self._release(pk)
        self._drop(pk)

    def _release(self, pk: int) -> None:
        left = self._references.get(pk, 0) - 1
        if left > 0:
            self._references[pk] = left
        else:
            self._drop(pk)

    def _drop(self, pk: int) -> None:
        self._references.pop(pk, None)
        self._profiles.pop(pk, None)
        self._keys.pop(pk, None)


def refresh_related(article) -> list[RelatedArticle]:
    """Recompute the article's related list and offer it to the articles it now points at."""
    return refresh_related_many([article])[article.pk]


@transaction.atomic
def refresh_related_many(articles, recent: RecentArticles | None = None) -> dict:
    """Recompute the related lists of the articles; return each one's new rows by pk.

    With ``recent`` (an import of many pages) candidates come from memory and the articles
    are learnt by it first; without, from one query per article. Either way the articles'
    own rows are replaced and each article they now point at gets a row back to them, added
    or with its score brought up to date.
    """
    ids = [article.pk for article in articles]
    profiles = _profiles(ids)
    missing = [pk for pk in ids if pk not in profiles]
    if missing:
        raise Article.DoesNotExist(f"article {missing[0]} is gone")
    if recent is not None:
        recent.learn(profiles, {article.pk: article.updated_at for article in articles})
        known = recent.profiles()
        best = {
            pk: _best(pk, profiles[pk], recent.candidates(pk, profiles[pk]), known) for pk in ids
        }
    else:
        candidates = {pk: _candidates_by_query(pk, profiles[pk]) for pk in ids}
        others = _profiles({c for found in candidates.values() for c in found} - profiles.keys())
        others.update(profiles)
        best = {pk: _best(pk, profiles[pk], candidates[pk], others) for pk in ids}

    chosen = {other for found in best.values() for _, other in found}
    existing = set(Article.objects.filter(pk__in=chosen).order_by().values_list("pk", flat=True))
    if existing != chosen:
        # Deleted since the candidates were learnt (an import retired them, an editor deleted).
        if recent is not None:
            recent.forget(chosen - existing)
        best = {pk: [(s, o) for s, o in found if o in existing] for pk, found in best.items()}
    return _write(best)


def _write(best: dict[int, list[tuple[float, int]]]) -> dict[int, list[RelatedArticle]]:
    RelatedArticle.objects.filter(article_id__in=list(best)).delete()
    own = {
        pk: [RelatedArticle(article_id=pk, related_id=other, score=s) for s, other in found]
        for pk, found in best.items()
    }
    written = {(row.article_id, row.related_id) for rows in own.values() for row in rows}
    # The other side: an older article learns of the new one without a full recomputation,
    # its row added or its score brought up to date, in the same statement as the own rows.
    back = [
        RelatedArticle(article_id=other, related_id=pk, score=s)
        for pk, found in best.items()
        for s, other in found
        if (other, pk) not in written
    ]
    RelatedArticle.objects.bulk_create(
        [*(row for rows in own.values() for row in rows), *back],
        update_conflicts=True,
        unique_fields=["article", "related"],
        update_fields=["score"],
    )
    return own


def related_articles(article, limit=RELATED_KEPT) -> list[Article]:
    """The article's related articles, best first, in one query."""
    links = (
        RelatedArticle.objects.filter(article=article)
        .select_related("related__page__issue__publication")
        .order_by("-score", "related_id")[:limit]
    )
    return [link.related for link in links]
