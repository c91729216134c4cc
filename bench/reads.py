"""Server time and SQL queries of the public reads and the editors' desk on a large archive.

    python -m bench.reads --articles 100000 --database-url sqlite:////tmp/x.db --workdir /tmp/w

Each request goes through the whole Django stack (middleware, view, template or serializer)
with the test client; no HTTP, so the time is the server's alone. Requests are uncached:
no If-None-Match, and nothing in front. Search is also compared with a LIKE scan that
finds the same text in the same published rows.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from bench.common import emit, peak_rss_mib, say, setup_django, summary_ms

# Words printed in the seed pages: a place, common and rarer terms, a two-word query.
QUERIES = ("乌海", "网格员", "党员干部", "生态", "志愿服务", "乡村振兴 产业", "嘎查", "呼和浩特")


# A target stops early after this many seconds, so that a slow page cannot stretch the run.
TARGET_SECONDS = 45.0


def _measure(client, urls, *, warmup=3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:warmup]:
        client.get(url)
    times, queries, statuses, sizes = [], [], set(), []
    began = time.perf_counter()
    for url in urls:
        if times and time.perf_counter() - began > TARGET_SECONDS:
            break
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries.append(len(captured.captured_queries))
        statuses.add(response.status_code)
        sizes.append(len(response.content))
    result = summary_ms(times)
    result["queries_median"] = sorted(queries)[len(queries) // 2]
    result["queries_max"] = max(queries)
    result["statuses"] = sorted(statuses)
    result["bytes_median"] = sorted(sizes)[len(sizes) // 2]
    return result


def _like_versus_search(samples: int) -> dict:
    """The first page of results and their count: full-text index against a LIKE scan."""
    from django.db.models import Q

    from articles import reading, search

    def by_index(query):
        # What the search page does without filters: the count (by the index alone, every
        # published article being searched), then the first page in the site's order.
        matches = search.search_results(reading.published(), query, all_published=True)
        return matches.count(), [a.pk for a in matches[0:20]]

    def by_like(query):
        condition = Q()
        for word in query.split():
            condition &= Q(headline__contains=word) | Q(blocks__text__contains=word)
        matches = reading.published().filter(condition).distinct().order_by("-published_at", "-pk")
        return matches.count(), [a.pk for a in matches[:20]]

    result = {}
    for name, function in (("fts", by_index), ("like", by_like)):
        times, counts = [], {}
        for n in range(samples):
            query = QUERIES[n % len(QUERIES)]
            start = time.perf_counter()
            counts[query], _ = function(query)
            times.append(time.perf_counter() - start)
        result[name] = {**summary_ms(times), "matches": counts}
    result["like_over_fts_median"] = round(
        result["like"]["median_ms"] / result["fts"]["median_ms"], 1
    )
    return result


def _largest_topic() -> str:
    from articles import reading

    topics = reading.topics_with_counts()
    return topics[0].slug if topics else "none"


def run(articles: int, samples: int, database_url: str, workdir: Path) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(database_url, static_root=workdir / "static")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Issue
    from bench import dataset

    start = time.perf_counter()
    built = dataset.build(workdir, articles)
    built["seconds"] = round(time.perf_counter() - start, 1)
    # Measured as in a server worker, which loads the site and freezes it for the garbage
    # collector before its first request.
    import newsroom.wsgi  # noqa: F401

    rng = random.Random(20260101)
    article_ids = list(Article.objects.values_list("pk", flat=True))
    issue_ids = list(Issue.objects.values_list("pk", flat=True))
    last_api_page = len(article_ids) // 50
    # The middle of the archive: a search from it matches half the articles a plain one does.
    dates = Issue.objects.exclude(date=None).order_by("date").values_list("date", flat=True)
    middle = dates[dates.count() // 2]
    client = Client()
    targets = {
        "article_page": [f"/articles/{rng.choice(article_ids)}/" for _ in range(samples)],
        "issue_page": [f"/issues/{rng.choice(issue_ids)}/" for _ in range(samples)],
        "search": [f"/search/?q={QUERIES[n % len(QUERIES)]}" for n in range(samples)],
        "search_from_a_date": [
            f"/search/?q={QUERIES[n % len(QUERIES)]}&date_from={middle}" for n in range(samples)
        ],
        "api_list_50": [
            f"/api/v1/articles/?page_size=50&page={rng.randint(1, last_api_page)}"
            for _ in range(samples)
        ],
        "api_list_50_first_page": ["/api/v1/articles/?page_size=50"] * samples,
        # Every topic counted, and the topic with the most articles (machine topics among
        # them), as its page lists it.
        "topic_index": ["/topics/"] * samples,
        "topic_page": [f"/topics/{_largest_topic()}/"] * samples,
    }
    # The editors' desk, signed in as a chief editor: the article list, its search, an article's
    # edit form. Not public reads, but the pages editors open all day.
    editor = Client()
    editor.force_login(
        get_user_model().objects.create_superuser("bench-chief", password=None, email="")
    )
    desk = {
        "desk_article_list": ["/admin/articles/article/"] * samples,
        "desk_search": [
            f"/admin/articles/article/?q={QUERIES[n % len(QUERIES)]}" for n in range(samples)
        ],
        "desk_article_edit": [
            f"/admin/articles/article/{rng.choice(article_ids)}/change/" for _ in range(samples)
        ],
        # The desk's front page and its two queues, with a tenth of the archive waiting.
        "desk_front_page": ["/admin/"] * samples,
        "desk_review_queue": ["/admin/articles/reviewqueue/"] * samples,
        "desk_ready_queue": ["/admin/articles/readyqueue/"] * samples,
    }
    results = {}
    for name, urls in [*targets.items(), *desk.items()]:
        if name == "desk_front_page":
            _some_wait_for_the_desk(article_ids, rng)
        say(f"reads: {name} ({len(urls)} requests)")
        results[name] = _measure(editor if name in desk else client, urls)
        say(
            f"reads: {name}: median {results[name]['median_ms']} ms, "
            f"p95 {results[name]['p95_ms']} ms, {results[name]['queries_median']} queries"
        )
    say("reads: search against a LIKE scan")
    results["search_vs_like"] = _like_versus_search(len(QUERIES))
    return {
        "database": connection.vendor,
        "dataset": built,
        "reads": results,
        "peak_rss_mib": peak_rss_mib(),
    }


def _some_wait_for_the_desk(article_ids, rng) -> None:
    """A tenth of the articles back to review, flagged and with a confidence, and a
    twentieth reviewed: queues as long as an archive's after a large import."""
    from articles.models import Article

    chosen = rng.sample(article_ids, len(article_ids) // 10)
    waiting, ready = chosen[len(chosen) // 3 :], chosen[: len(chosen) // 3]
    for start in range(0, len(waiting), 5000):
        Article.objects.filter(pk__in=waiting[start : start + 5000]).update(
            status=Article.Status.NEEDS_REVIEW, flags=["low_confidence"], confidence=0.5
        )
    for start in range(0, len(ready), 5000):
        Article.objects.filter(pk__in=ready[start : start + 5000]).update(
            status=Article.Status.REVIEWED
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    options = parser.parse_args()
    emit(run(options.articles, options.samples, options.database_url, options.workdir))


if __name__ == "__main__":
    main()
