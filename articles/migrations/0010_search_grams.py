"""PostgreSQL's search documents also hold each Chinese run's 3- and 4-grams.

A query word of three or four characters is then one lexeme, which the GIN index answers alone,
instead of a phrase of bigrams whose every candidate had its tsvector read back to check the
bigrams' positions (articles/search_index.py). The grams are made from each document's tokens
(`grams()`), in a column of their own that the generated tsvector reads first. On a large
archive this rewrites every document and rebuilds the GIN index: about five minutes for
100,000 articles on a two-core machine. Nothing changes on SQLite, whose FTS5 index checks
phrases itself.
"""

from django.db import migrations

from articles.search_index import grams

TABLE = "articles_searchdocument"
INDEX = "articles_searchdocument_document"
CHUNK = 1000


def _drop_document(cursor):
    cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN document")


def _add_document(cursor, expression):
    cursor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN document tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {expression})) STORED"
    )
    cursor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (document)")


def _on_postgresql(operation):
    """A RunPython function that runs `operation(cursor)` on PostgreSQL, nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                operation(cursor)

    return run


@_on_postgresql
def add_grams(cursor):
    # The tsvector is dropped first so that filling the grams does not remake it per row.
    _drop_document(cursor)
    cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN grams text NOT NULL DEFAULT ''")
    cursor.execute(f"SELECT rowid FROM {TABLE} ORDER BY rowid")
    ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cursor.execute(f"SELECT rowid, tokens FROM {TABLE} WHERE rowid = ANY(%s)", [chunk])
        cursor.executemany(
            f"UPDATE {TABLE} SET grams = %s WHERE rowid = %s",
            [(grams(tokens), rowid) for rowid, tokens in cursor.fetchall()],
        )
    _add_document(cursor, "grams || ' ' || tokens")


@_on_postgresql
def drop_grams(cursor):
    _drop_document(cursor)
    cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN grams")
    _add_document(cursor, "tokens")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_filters_index"),
    ]

    operations = [migrations.RunPython(add_grams, drop_grams, elidable=False)]
