"""The article's status on its search document, kept by the database, so that the full-text
index alone can count a reader's matches instead of joining each match to its article.

On SQLite the status is a second column of the FTS5 table, indexed like the tokens, and a
query asks for `status : published` beside its phrases; FTS5 cannot add a column, so the
table is made again and filled from the old one. On PostgreSQL it is a plain column. Either
way a trigger follows the article's status, whatever changes it (a save, QuerySet.update()
or raw SQL), and a document is written with its article's status (`articles.search`).
"""

from django.db import migrations, models

SQLITE = [
    (
        "CREATE VIRTUAL TABLE articles_searchdocument_new USING fts5("
        "tokens, status, tokenize = 'unicode61')"
    ),
    # A document whose article is gone is left behind: nothing could find it any more.
    (
        "INSERT INTO articles_searchdocument_new (rowid, tokens, status) "
        "SELECT d.rowid, d.tokens, a.status FROM articles_searchdocument d "
        "JOIN articles_article a ON a.id = d.rowid"
    ),
    "DROP TABLE articles_searchdocument",
    "ALTER TABLE articles_searchdocument_new RENAME TO articles_searchdocument",
    (
        "CREATE TRIGGER article_search_status AFTER UPDATE OF status ON articles_article "
        "WHEN NEW.status IS NOT OLD.status "
        "BEGIN UPDATE articles_searchdocument SET status = NEW.status WHERE rowid = NEW.id; END"
    ),
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS article_search_status",
    (
        "CREATE VIRTUAL TABLE articles_searchdocument_old USING fts5("
        "tokens, tokenize = 'unicode61')"
    ),
    (
        "INSERT INTO articles_searchdocument_old (rowid, tokens) "
        "SELECT rowid, tokens FROM articles_searchdocument"
    ),
    "DROP TABLE articles_searchdocument",
    "ALTER TABLE articles_searchdocument_old RENAME TO articles_searchdocument",
]

POSTGRESQL = [
    "ALTER TABLE articles_searchdocument ADD COLUMN status varchar(20) NOT NULL DEFAULT ''",
    (
        "UPDATE articles_searchdocument d SET status = a.status "
        "FROM articles_article a WHERE a.id = d.rowid"
    ),
    (
        "CREATE FUNCTION articles_article_search_status() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "UPDATE articles_searchdocument SET status = NEW.status WHERE rowid = NEW.id; "
        "RETURN NULL; END $$"
    ),
    (
        "CREATE TRIGGER article_search_status AFTER UPDATE OF status ON articles_article "
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) "
        "EXECUTE FUNCTION articles_article_search_status()"
    ),
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS article_search_status ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_status()",
    "ALTER TABLE articles_searchdocument DROP COLUMN IF EXISTS status",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No search document status for {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_printed_order_on_article'),
    ]

    operations = [
        # The table differs per database (0002): its column is made below.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='searchdocument',
                    name='status',
                    field=models.CharField(default='', editable=False, max_length=20),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
