"""What the public site reads: only published articles, in the queries each page needs.

Views call these and render; nothing here knows about HTTP. Topics, places and related
articles come from the taxonomy app; the conditions themselves are the models' QuerySet
methods (``Article.objects.published().by_topic()``, ``in_place()``, ``with_public_taxonomy()``),
shared with the desk and the API.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import connections
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import search, visible_text
from articles.models import (
    Article,
    Byline,
    Issue,
    Page,
    PhotoCredit,
    Publication,
    Reporter,
    listing_bylines,
)
from articles.titles import name_pages, name_untitled
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic

# Topic links readers see: the editors' (accepted, added) and the machine's, filed by a
# score whose precision was measured (taxonomy.analysis.MACHINE_THRESHOLD) and shown labelled
# 机器标注; suggestions and rejections stay on the desk.
PUBLIC_TOPIC_STATES = ("machine", "accepted", "added")
MACHINE_TOPIC_STATE = "machine"


def published():
    """Every article a reader may see."""
    return Article.objects.published()


def latest_articles(limit: int = 20) -> list[Article]:
    """The newest published articles, newest first, each with its `link_text`."""
    return name_untitled(published().for_listing().order_by("-published_at", "-pk")[:limit])


def latest_issues():
    """For each publication, its newest dated issue that has something published."""
    issues = []
    for publication in Publication.objects.all():
        # EXISTS rather than a join: the newest issues are tried first, and the first one with
        # a published article ends the search instead of joining every article ever printed.
        issue = (
            Issue.objects.filter(publication=publication, date__isnull=False)
            .filter(Exists(published().filter(page__issue=OuterRef("pk"))))
            .select_related("publication")
            .order_by("-date")
            .first()
        )
        if issue:
            issues.append(issue)
    return issues


# The home page lists pages of unknown issue one by one; past this many it lists the first
# ones by file name, as they arrived, and search and the lists find the rest.
UNDATED_PAGES_SHOWN = 50


@dataclass
class Undated:
    """What is published but has no date yet: issues known by paper and number alone, and
    pages whose paper and day the manifest did not give (until the desk sets them)."""

    issues: list[Issue]
    pages: list[Page]
    more: bool = False  # more pages of no issue than those listed

    def __bool__(self):
        return bool(self.issues or self.pages)


def undated_issues(publication: Publication | None = None) -> list[Issue]:
    """Issues without a date that have something published, by paper and number."""
    issues = Issue.objects.filter(date__isnull=True).filter(
        Exists(published().filter(page__issue=OuterRef("pk")))
    )
    if publication is not None:
        issues = issues.filter(publication=publication)
    return list(issues.select_related("publication").order_by("publication__name", "number", "pk"))


def pages_of_no_issue():
    """Pages whose paper and day are unknown that have something published, in file order:
    the 日期不详 list (/issues/undated/) pages through them all."""
    return (
        Page.objects.filter(issue__isnull=True)
        .filter(Exists(published().filter(page=OuterRef("pk"))))
        .defer("text", "unassigned")
        .order_by("source_name", "pk")
    )


def undated(limit: int = UNDATED_PAGES_SHOWN) -> Undated:
    """The home page's 日期不详 group: undated issues, and the first pages of no issue in file
    order, each page with its title (titles.name_pages())."""
    pages = list(pages_of_no_issue()[: limit + 1])
    group = Undated(issues=undated_issues(), pages=name_pages(pages[:limit]))
    group.more = len(pages) > limit
    return group


def with_items(pages) -> list[Page]:
    """The pages, each with `.items`: its published articles in reading order, named
    (titles.name_untitled()), and the page's own title from them (titles.name_pages())."""
    pages = list(pages)
    prefetch_related_objects(pages, _published_items())
    name_untitled([article for page in pages for article in page.items])
    return name_pages(pages)


def issue_calendar(publication: Publication) -> dict[int, dict[int, list[Issue]]]:
    """The publication's issues with published articles, by year then month, newest first."""
    calendar: dict[int, dict[int, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    issues = (
        Issue.objects.filter(
            publication=publication,
            date__isnull=False,
            pages__articles__status=Article.Status.PUBLISHED,
        )
        .distinct()
        .order_by("-date")
    )
    for issue in issues:
        calendar[issue.date.year][issue.date.month].append(issue)
    return {year: dict(months) for year, months in calendar.items()}


def _published_items():
    return Prefetch(
        "articles",
        queryset=published().order_by("position").prefetch_related(listing_bylines()),
        to_attr="items",
    )


def issue_pages(issue: Issue) -> list[Page]:
    """The issue's pages in order, each with `.items`: its published articles in reading order."""
    pages = issue.pages.order_by("number", "source_name").prefetch_related(_published_items())
    pages = [page for page in pages if page.items]
    name_untitled([article for page in pages for article in page.items])
    return pages


def public_pages():
    """Pages with at least one published article; the others are not shown."""
    return (
        Page.objects.filter(articles__status=Article.Status.PUBLISHED)
        .distinct()
        .select_related("issue__publication")
    )


@dataclass
class PageText:
    """A page's OCR text as one reader sees it, with the ETag of exactly that."""

    page: Page
    segments: list[visible_text.Segment]
    everything: bool
    etag: str


def page_text(pk: int, *, everything: bool = False) -> PageText | None:
    """The page's text: all of it for the desk (`everything`), for a reader only the source of
    its published items; None when there is no such page or, for a reader, nothing published.

    The ETag is a digest of what the page shows, so that any change to what a reader may see
    (an item published or taken down by whatever means, its spans edited, the page imported
    again) is a new one, and the desk's rendering never shares the readers'.
    """
    page = Page.objects.select_related("issue__publication").filter(pk=pk).first()
    if page is None:
        return None
    items = list(page.articles.order_by("pk").values_list("status", "spans"))
    published = [spans for status, spans in items if status == Article.Status.PUBLISHED]
    if everything:
        segments = [visible_text.Segment(page.text)]
    elif not published:
        return None
    else:
        others = [spans for status, spans in items if status != Article.Status.PUBLISHED]
        segments = visible_text.visible_segments(page.text, _flat(published), _flat(others))
    name_pages([page])
    issue = page.issue
    shown = (
        page.pk,
        page.number,
        page.name,
        page.source_name,
        issue and (issue.pk, issue.date, issue.publication.name),
        everything,
        [(segment.text, segment.withheld) for segment in segments],
    )
    return PageText(page=page, segments=segments, everything=everything, etag=_etag(shown))


def _flat(span_lists) -> list:
    # Each item's spans are JSON: a list of [start, end], unless something wrote otherwise.
    return [span for spans in span_lists if isinstance(spans, list) for span in spans]


def page_items(page: Page) -> list[Article]:
    """The page's published articles in reading order, each with its `link_text`; the page
    gets its `title_from_items` from them (titles.name_pages())."""
    page.items = name_untitled(published().filter(page=page).for_listing().order_by("position"))
    name_pages([page])
    return page.items


def detail_queryset():
    """Published articles with everything the article page shows, in a fixed number of queries."""
    return published().for_detail().with_public_taxonomy()


@dataclass
class Neighbours:
    previous: Article | None
    next: Article | None


def neighbours(article: Article) -> Neighbours:
    """The published articles before and after this one on its page, in one query (and one
    more for their `link_text` when the page has untitled items)."""
    siblings = list(
        published()
        .filter(page_id=article.page_id)
        .order_by("position", "pk")
        .only("pk", "kind", "headline", "overline", "subtitle", "position")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == article.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    name_untitled([a for a in (previous, following) if a is not None])
    return Neighbours(previous=previous, next=following)


def topics_of(article: Article) -> list:
    """The article's public topics, each with `filed_by_machine` (shown as 机器标注)."""
    topics = []
    for link in getattr(article, "public_topic_links", []):
        link.topic.filed_by_machine = link.state == MACHINE_TOPIC_STATE
        topics.append(link.topic)
    return topics


def places_of(article: Article) -> list:
    return [link.place for link in getattr(article, "public_place_links", [])]


def related_of(article: Article, limit: int = 5) -> list[Article]:
    """The article's related articles, best first, each with its `link_text`."""
    related = [link.related for link in getattr(article, "public_related_links", [])][:limit]
    return name_untitled(related)


def reporters_named(typed: str, limit: int = 5) -> list:
    """Reporters with published work whose name is what the reader typed, however spaced or
    in whichever script (search.name_forms()): the search page offers their pages."""
    forms = search.name_forms(typed)
    longest = Reporter._meta.get_field("name").max_length
    if not forms or all(len(form) > longest for form in forms):
        return []  # no name is that long: a sentence typed into the box asks nothing
    credited = Q(bylines__article__status=Article.Status.PUBLISHED) | Q(
        photo_credits__caption__article__status=Article.Status.PUBLISHED
    )
    named = Reporter.objects.filter(name__in=forms)
    return list(named.filter(pk__in=named.filter(credited).values("pk")).order_by("name")[:limit])


def credited_to(reporter):
    """Published articles the reporter wrote or took photos for, each once: what the
    reporter's page lists and every count of a reporter's articles counts. `reporter` may be
    an OuterRef, for a count per reporter in one query (reporters_with_counts())."""
    bylined = Byline.objects.filter(article=OuterRef("pk"), reporter=reporter)
    pictured = PhotoCredit.objects.filter(caption__article=OuterRef("pk"), reporter=reporter)
    return published().filter(Exists(bylined) | Exists(pictured))


def by_reporter(reporter):
    """Published articles the reporter wrote or took photos for, newest first."""
    return credited_to(reporter).for_listing().order_by("-published_at", "-pk")


def reporters_with_counts(reporters=None):
    """Reporters with published work, each with `article_count`: as many as their page lists."""
    counted = (
        credited_to(OuterRef(OuterRef("pk")))
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reporters = Reporter.objects.all() if reporters is None else reporters
    return reporters.annotate(
        article_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    ).filter(article_count__gt=0)


def filed_under(topic):
    """Published articles filed under the topic by an editor or the machine, each once (a
    topic is linked to an article at most once): what the topic's page lists and every count
    of a topic's articles counts. `topic` may be an OuterRef (topics_with_counts())."""
    return published().filter(topic_links__topic=topic, topic_links__state__in=PUBLIC_TOPIC_STATES)


def by_topic(topic):
    """Published articles filed under the topic, newest first, each with `filed_by_machine`."""
    by_machine = ArticleTopic.objects.filter(
        article=OuterRef("pk"), topic=topic, state=MACHINE_TOPIC_STATE
    )
    return (
        filed_under(topic)
        .annotate(filed_by_machine=Exists(by_machine))
        .for_listing()
        .order_by("-published_at", "-pk")
    )


def topics_with_counts():
    """Topics with published articles, each with `article_count`: as many as its page lists
    (filed_under()); most articles first. The topic index page.

    One grouped read of the public links of published articles: a count per topic in a
    subquery read the links once per topic (1.96 s at 100,018 articles on SQLite; this, 0.41).
    """
    counted = (
        published()
        .filter(topic_links__state__in=PUBLIC_TOPIC_STATES)
        .order_by()
        .values_list("topic_links__topic")
        .annotate(n=Count("pk"))
    )
    counts = dict(counted)
    topics = list(Topic.objects.filter(pk__in=list(counts)))
    for topic in topics:
        topic.article_count = counts[topic.pk]
    return sorted(topics, key=lambda topic: (-topic.article_count, topic.name))


def by_place(place):
    """Published articles naming the place or a place under it, newest first."""
    return published().in_place(place).distinct().for_listing().order_by("-published_at", "-pk")


def place_tree():
    """All places as (place, children) trees from the region down, each with `article_count`:
    the number of articles its page lists (by_place(): the published articles naming it or
    any place under it, each once)."""
    places = list(Place.objects.order_by("level", "code", "name"))
    parent_of = {place.pk: place.parent_id for place in places}
    # One read of the published links, each article added to its place and every place above:
    # the tree is five levels deep, and a count per place would be a query per place.
    articles_under = defaultdict(set)
    links = ArticlePlace.objects.filter(article__status=Article.Status.PUBLISHED).values_list(
        "place_id", "article_id"
    )
    for place_id, article_id in links.iterator():
        while place_id is not None:
            articles_under[place_id].add(article_id)
            place_id = parent_of.get(place_id)
    children = defaultdict(list)
    for place in places:
        place.article_count = len(articles_under.get(place.pk, ()))
        children[place.parent_id].append(place)

    def grow(place):
        return {"place": place, "children": [grow(c) for c in children[place.pk]]}

    return [grow(p) for p in children[None]]


def publication_pages(publication):
    """The ids of a paper's printed pages, as a subquery."""
    return Page.objects.filter(issue__publication=publication).values("pk")


def filter_articles(
    queryset,
    *,
    publication=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    column: str = "",
    topic=None,
    place=None,
    reporter=None,
):
    """Narrow an article queryset by the search page's filters; None or '' means no filter.

    The paper and the dates are asked of the article's own columns (its page, its copy of
    the issue's date), which a search match reads from a narrow index: through page and
    issue each match read its article's row, JSON and all, and its page's, OCR text and all.
    """
    if publication is not None:
        queryset = queryset.filter(page__in=publication_pages(publication))
    if date_from is not None:
        queryset = queryset.filter(issue_date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(issue_date__lte=date_to)
    if column:
        queryset = queryset.filter(column=column)
    if topic is not None:
        queryset = queryset.filter(pk__in=filed_under(topic).values("pk"))
    if place is not None:
        queryset = queryset.filter(pk__in=published().in_place(place).values("pk"))
    if reporter is not None:
        queryset = queryset.filter(
            pk__in=published()
            .filter(Q(bylines__reporter=reporter) | Q(captions__credits__reporter=reporter))
            .values("pk")
        )
    return queryset


def columns(status: str | None = Article.Status.PUBLISHED) -> list[str]:
    """The columns (栏目) printed over articles of a status (all articles with None), in order:
    the search form's filter (published) and the desk's (all).

    A DISTINCT over every article reads a whole index (10 ms on PostgreSQL at 100,018
    articles, 38–46 ms before the table is vacuumed); a column is printed over thousands of
    articles, so this asks the index for the next column after the last one instead, once
    per column: the (status, column) index, or the column's own.
    """
    table = Article._meta.db_table
    connection = connections[Article.objects.db]
    column = connection.ops.quote_name("column")  # a reserved word in PostgreSQL
    where, params = ("status = %s AND ", [status]) if status is not None else ("", [])
    next_column = f"SELECT MIN({column}) FROM {table} WHERE {where}{column} > "
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE printed(name) AS ({next_column} %s"
            f" UNION ALL SELECT ({next_column} printed.name) FROM printed"
            " WHERE printed.name IS NOT NULL)"
            " SELECT name FROM printed WHERE name IS NOT NULL",
            [*params, "", *params],
        )
        return [name for (name,) in cursor.fetchall()]


# Links are written without saving their article, so an article's updated_at misses them:
# the versions below also look at the links' count and newest change.
LINK_MODELS = ("ArticleTopic", "ArticlePlace", "RelatedArticle")


def _link_models():
    for name in LINK_MODELS:
        model = apps.get_model("taxonomy", name)
        changed = "updated_at" if hasattr(model, "updated_at") else "pk"
        yield name, model, changed


def _etag(values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def archive_version() -> tuple[str, datetime.datetime | None]:
    """(ETag, Last-Modified) of the published archive: its newest change, its size, its links.

    One statement of scalar subqueries, each of which the database answers from an index
    (a MAX alone, a COUNT alone); as one aggregate over the table, the same figures cost
    a scan of every published article on each list page.
    """
    queryset = published()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    articles = quote(Article._meta.db_table)
    parts = [
        f"(SELECT MAX(updated_at) FROM {articles} WHERE status = %s)",
        f"(SELECT COUNT(*) FROM {articles} WHERE status = %s)",
    ]
    for _, model, changed in _link_models():
        table = quote(model._meta.db_table)
        field = model._meta.pk if changed == "pk" else model._meta.get_field(changed)
        column = quote(field.column)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({column}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [Article.Status.PUBLISHED] * 2)
        row = cursor.fetchone()
    changed = _as_datetime(row[0])
    return _etag((changed, *row[1:])), changed


def _as_datetime(value) -> datetime.datetime | None:
    """A timestamp read by raw SQL: SQLite gives text in UTC, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def article_version(pk: int) -> tuple[str | None, datetime.datetime | None]:
    """(ETag, Last-Modified) of one published article, or (None, None) when it is not public.

    Raw SQL, like archive_version(): the same statement built by the ORM from six annotated
    subqueries took longer to compile than the database took to answer it.
    """
    if not -(2**63) <= pk < 2**63:
        return None, None  # no such id fits the column (the ORM says so without asking)
    queryset = published()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    parts = [quote("updated_at")]
    for _, model, changed in _link_models():
        table = quote(model._meta.db_table)
        field = model._meta.pk if changed == "pk" else model._meta.get_field(changed)
        article_id = quote(model._meta.get_field("article").column)
        where = f"FROM {table} WHERE {article_id} = %s"
        parts += [f"(SELECT COUNT(*) {where})", f"(SELECT MAX({quote(field.column)}) {where})"]
    links = (len(parts) - 1) * [pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(parts)} FROM {quote(Article._meta.db_table)}"
            f" WHERE {quote('id')} = %s AND {quote('status')} = %s",
            [*links, pk, Article.Status.PUBLISHED],
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    changed = _as_datetime(row[0])
    return _etag((pk, changed, *row[1:])), changed
