"""The read benchmarks' archive: seed articles, imported for real, then copied in bulk.

The seed pages are imported with the product's importer (parse, rows, search index,
taxonomy, related articles) and published. Then whole copies of that template -- issues,
pages, articles, paragraphs, bylines, captions, credits, topic/place/related links and the
search documents -- are inserted with INSERT ... SELECT, each copy with its own ids, its own
issue date and its own page file names, until the archive holds the number of articles
asked for. Copies share the seed text, so a query matches every copy of an article: search
works through (copies) times more matches than an archive of distinct articles would give it,
which is the pessimistic side.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from bench.common import say

# PostgreSQL's full-text index (articles/migrations/0002_search_document.py).
GIN_INDEX = "articles_searchdocument_document"
COPIES_TABLE = "bench_copies"


def build(workdir: Path, articles_wanted: int) -> dict:
    """Import and publish the seed pages, then copy them up to `articles_wanted` articles."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Issue
    from bench import archive
    from seeds.importer import import_file, update_planner_statistics
    from seeds.manifest import load_manifest

    call_command("migrate", verbosity=0, interactive=False)
    seeds = archive.seed_pages()
    paths = archive.build(workdir / "template", len(seeds))
    manifest = load_manifest(workdir / "template" / "manifest.json")
    for path in paths:
        import_file(path, metadata=manifest.metadata_for(path.name))
    template_articles = Article.objects.count()
    for issue in Issue.objects.all():
        when = timezone.make_aware(datetime.datetime.combine(issue.date, datetime.time(6)))
        Article.objects.filter(page__issue=issue).update(
            status=Article.Status.PUBLISHED, published_at=when
        )
    copies = max(1, math.ceil(articles_wanted / template_articles))
    say(f"dataset: {template_articles} seed articles imported, making {copies - 1} copies")
    with transaction.atomic():
        _copy(connection, copies)
    # What import_seeds does after writing pages (and PostgreSQL's autovacuum on its own).
    update_planner_statistics()
    total = Article.objects.count()
    say(f"dataset: {total} articles")
    return {"template_articles": template_articles, "copies": copies, "articles": total}


def _copy(connection, copies: int) -> None:
    from django.apps import apps

    from articles.models import Article, Block, Byline, Issue, Page, PhotoCaption, PhotoCredit

    def model(label):
        return apps.get_model(label)

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {COPIES_TABLE} (c integer primary key)")
        cursor.executemany(
            f"INSERT INTO {COPIES_TABLE} (c) VALUES (%s)", [(c,) for c in range(1, copies)]
        )
        stride = {}
        for m in (Issue, Page, Article, Block, Byline, PhotoCaption, PhotoCredit):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {m._meta.db_table}")
            stride[m] = cursor.fetchone()[0]

        def shifted(m, column):
            return f"t.{column} + k.c * {stride[m]}"

        sqlite = connection.vendor == "sqlite"
        new_date = "date(t.date, '+' || k.c || ' days')" if sqlite else "t.date + k.c"
        plans = [
            (Issue, {"id": shifted(Issue, "id"), "date": new_date}),
            (
                Page,
                {
                    "id": shifted(Page, "id"),
                    "issue_id": shifted(Issue, "issue_id"),
                    "source_name": "t.source_name || '#' || k.c",
                },
            ),
            (Article, {"id": shifted(Article, "id"), "page_id": shifted(Page, "page_id")}),
            (Block, {"id": shifted(Block, "id"), "article_id": shifted(Article, "article_id")}),
            (Byline, {"id": shifted(Byline, "id"), "article_id": shifted(Article, "article_id")}),
            (
                PhotoCaption,
                {"id": shifted(PhotoCaption, "id"), "article_id": shifted(Article, "article_id")},
            ),
            (
                PhotoCredit,
                {
                    "id": shifted(PhotoCredit, "id"),
                    "caption_id": shifted(PhotoCaption, "caption_id"),
                },
            ),
        ]
        for label in ("taxonomy.ArticleTopic", "taxonomy.ArticlePlace"):
            plans.append((model(label), {"id": None, "article_id": shifted(Article, "article_id")}))
        plans.append(
            (
                model("taxonomy.RelatedArticle"),
                {
                    "id": None,
                    "article_id": shifted(Article, "article_id"),
                    "related_id": shifted(Article, "related_id"),
                },
            )
        )
        for m, overrides in plans:
            columns = [f.column for f in m._meta.concrete_fields]
            kept = [c for c in columns if overrides.get(c, "") is not None]
            quote = connection.ops.quote_name  # "column" is a reserved word in PostgreSQL
            values = [overrides.get(c, f"t.{quote(c)}") for c in kept]
            table = m._meta.db_table
            say(f"dataset: copying {table}")
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in kept)}) "
                f"SELECT {', '.join(values)} FROM {table} t CROSS JOIN {COPIES_TABLE} k"
                + (f" WHERE t.id <= {stride[m]}" if m in stride else "")
            )
        say("dataset: copying the search documents")
        offset = stride[Article]
        # Its key column is `rowid`, the article's id, on both databases.
        # On PostgreSQL with the grams the indexer made (migration 0010), and the GIN index
        # made again afterwards: built at once it takes minutes, kept up row by row over half
        # an hour for 100,000 documents.
        columns = "tokens, status" if sqlite else "tokens, status, grams"
        if not sqlite:
            cursor.execute(f"DROP INDEX {GIN_INDEX}")
        cursor.execute(
            "CREATE TEMP TABLE bench_docs AS "
            f"SELECT rowid AS r, {columns} FROM articles_searchdocument"
        )
        cursor.execute(
            f"INSERT INTO articles_searchdocument (rowid, {columns}) "
            f"SELECT d.r + k.c * {offset}, {columns} "
            f"FROM bench_docs d CROSS JOIN {COPIES_TABLE} k"
        )
        cursor.execute("DROP TABLE bench_docs")
        if not sqlite:
            cursor.execute(
                f"CREATE INDEX {GIN_INDEX} ON articles_searchdocument USING gin (document)"
            )
        cursor.execute(f"DROP TABLE {COPIES_TABLE}")
        if not sqlite:
            for m, _overrides in plans:
                # Serial sequences must continue after the copied ids.
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{m._meta.db_table}', 'id'), "
                    f"(SELECT MAX(id) FROM {m._meta.db_table}))"
                )
            cursor.execute("ANALYZE")
