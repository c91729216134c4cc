"""The full-text index of articles: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

import articles.search_index
import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    (
        # The rowid is the article's id.
        "CREATE VIRTUAL TABLE articles_searchdocument USING fts5("
        "tokens, tokenize = 'unicode61')"
    ),
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS articles_searchdocument"]

POSTGRESQL = [
    (
        "CREATE TABLE articles_searchdocument ("
        "rowid bigint PRIMARY KEY REFERENCES articles_article (id) ON DELETE CASCADE, "
        "tokens text NOT NULL, "
        "document tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED)"
    ),
    "CREATE INDEX articles_searchdocument_document ON articles_searchdocument USING gin (document)",
]
POSTGRESQL_REVERSE = ["DROP TABLE IF EXISTS articles_searchdocument"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No full-text index for {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


def index_existing(apps, schema_editor):
    # Historical models, so that later changes to Article do not break this step; the table
    # as this migration made it (0008 adds a column), written here.
    from articles.search import document_tokens

    using = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.using(using).prefetch_related("blocks", "captions")
    rows = []
    for article in articles.iterator(chunk_size=500):
        parts = [article.overline, article.headline, article.subtitle]
        parts += [b.text for b in article.blocks.all()] + [c.text for c in article.captions.all()]
        rows.append((article.pk, " ".join(document_tokens("\n".join(p for p in parts if p)))))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_searchdocument (rowid, tokens) VALUES (%s, %s)", rows
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
    ]

    operations = [
        # The model is managed, so that flush (and the test runner) empties the table with
        # the articles; the table itself differs per database and is made below.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SearchDocument',
                    fields=[
                        ('article', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_document', serialize=False, to='articles.article')),
                        ('tokens', articles.search_index.SearchTokensField()),
                    ],
                    options={
                        'db_table': 'articles_searchdocument',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
