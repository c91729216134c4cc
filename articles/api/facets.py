"""Counts of a filtered article list by publication, year, column, topic, place and reporter.

One aggregate query per facet asked for, whatever the size of the list.
"""

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from articles.models import Article, Byline
from taxonomy.models import ArticlePlace, ArticleTopic

FACETS = ("publication", "year", "column", "topic", "place", "reporter")

# How many values a facet lists at most, the most frequent first.
FACET_LIMIT = 50


def parse_facets(raw):
    """`?facets=column,topic` → ["column", "topic"]; an unknown name is a 400."""
    if raw is None:
        return []
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in FACETS]
    if unknown or not names:
        raise ValidationError(
            {
                "facets": [
                    _("未知分面：%(names)s。可用分面：%(known)s。")
                    % {"names": ", ".join(unknown) or "''", "known": ", ".join(FACETS)}
                ]
            }
        )
    return list(dict.fromkeys(names))


def facet_counts(queryset, names):
    """{facet: [{"value", "label", "count"}, …]} over the articles of `queryset`."""
    ids = queryset.order_by().values("pk")
    return {name: COUNTERS[name](ids) for name in names}


def _rows(values, *, value, label):
    rows = values.annotate(count=Count("pk")).order_by("-count", value)[:FACET_LIMIT]
    return [{"value": row[value], "label": str(row[label]), "count": row["count"]} for row in rows]


def _publication(ids):
    articles = Article.objects.filter(pk__in=ids, page__issue__isnull=False)
    values = articles.values(
        value=F("page__issue__publication__slug"), label=F("page__issue__publication__name")
    )
    return _rows(values, value="value", label="label")


def _year(ids):
    # The article's copy of its issue's date, in the narrow index each match is read from.
    articles = Article.objects.filter(pk__in=ids, issue_date__isnull=False)
    values = articles.annotate(value=ExtractYear("issue_date")).values("value")
    rows = values.annotate(count=Count("pk")).order_by("-value")[:FACET_LIMIT]
    return [
        {"value": row["value"], "label": str(row["value"]), "count": row["count"]} for row in rows
    ]


def _column(ids):
    articles = Article.objects.filter(pk__in=ids).exclude(column="")
    return _rows(
        articles.values(value=F("column"), label=F("column")), value="value", label="label"
    )


def _topic(ids):
    links = ArticleTopic.objects.standing().filter(article__in=ids)
    values = links.values(value=F("topic_id"), label=F("topic__name"))
    return _rows(values, value="value", label="label")


def _place(ids):
    # Counted where the place is named, not rolled up to the places above it.
    links = ArticlePlace.objects.filter(article__in=ids)
    return _rows(
        links.values(value=F("place_id"), label=F("place__name")), value="value", label="label"
    )


def _reporter(ids):
    bylines = Byline.objects.filter(article__in=ids)
    values = bylines.values(value=F("reporter_id"), label=F("reporter__name"))
    rows = values.annotate(count=Count("article_id", distinct=True))
    rows = rows.order_by("-count", "value")[:FACET_LIMIT]
    return [{"value": row["value"], "label": row["label"], "count": row["count"]} for row in rows]


COUNTERS = {
    "publication": _publication,
    "year": _year,
    "column": _column,
    "topic": _topic,
    "place": _place,
    "reporter": _reporter,
}
