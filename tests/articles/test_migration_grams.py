"""Migration 0010 gives the documents already stored on PostgreSQL their grams, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import search
from articles.models import Article
from tests.articles.builders import build_article

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the grams are PostgreSQL's only"),
]

BEFORE = [("articles", "0009_search_filters_index")]
AFTER = [("articles", "0010_search_grams")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _migrate_to_latest():
    """Leave the database as every later test expects it: all migrations applied."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _matches(word):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM articles_searchdocument "
            "WHERE document @@ phraseto_tsquery('simple', %s)",
            [word],
        )
        return [row[0] for row in cursor.fetchall()]


def test_stored_documents_get_their_grams_and_lose_them_going_back():
    article = build_article(headline="网格员入户", body=["呼和浩特市的网格员走访。"])
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'articles_searchdocument'"
            )
            assert "grams" not in {row[0] for row in cursor.fetchall()}
        # Before: a three-character word is only the jieba word or the bigram phrase.
        assert _matches("网格 格员") == [article.pk]
        assert _matches("员入户") == []

        _migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT grams FROM articles_searchdocument WHERE rowid = %s", [article.pk]
            )
            (grams,) = cursor.fetchone()
        assert {"网格员入", "格员入户", "员入户", "呼和浩特", "和浩特市", "浩特市"} <= set(
            grams.split()
        )
        assert _matches("员入户") == [article.pk]
        assert _matches("呼和浩特 和浩特市") == [article.pk]
        assert search.search(Article.objects.all(), "呼和浩特市").count() == 1
    finally:
        _migrate_to_latest()
