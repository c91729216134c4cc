"""Where the search tokens of an article are stored, and how the database is asked about them.

The table behind `SearchDocument` is made by a migration, differently per database:

- SQLite: an FTS5 virtual table with the `unicode61` tokenizer; its rowid is the article's id.
- PostgreSQL: a plain table keyed by a `rowid` column holding the article's id, whose
  generated `document` column is the `simple` tsvector of the tokens, with a GIN index on it.

Either way the ORM sees three columns, `rowid` (the `article` field), `tokens` and `status`
(the article's, copied by a trigger: see migration 0008), so that the rest of the project
filters and joins articles as usual. Writes go through `articles.search`, never through the
ORM, because an FTS5 row is addressed by rowid.

`tokens__matches=phrases` asks for the articles holding the phrases;
`tokens__published_matches=phrases` for the published ones among them, from the documents
alone (on SQLite the status is part of the full-text query, which FTS5 answers from its
index).
"""

import itertools

from django.db import models
from django.db.models import Expression, FloatField, Lookup

from articles.models import Article
from chinese.han import HAN_CHARS, HAN_RUN

# The Han characters (chinese.han): what a Chinese run of a document is made of.
CJK_CHARS = HAN_CHARS
CJK_RUN = HAN_RUN
# PostgreSQL's documents hold each Chinese run's grams up to this length; see grams().
LONGEST_GRAM = 4

PUBLISHED = Article.Status.PUBLISHED.value

# Every lexeme goes through the same parser on both sides of @@, so lowercased Latin words and
# the space-separated Chinese tokens compare as they were stored.
TS_CONFIG = "simple"


class SearchTokensField(models.TextField):
    """The space-joined tokens of an article; `tokens__matches=phrases` asks the full-text index."""


@SearchTokensField.register_lookup
class Matches(Lookup):
    """True where the tokens contain every phrase (a phrase: tokens that must follow each other)."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} MATCH %s", [*lhs_params, fts5_expression(self.rhs)]

    def as_postgresql(self, compiler, connection):
        document = _document_column(compiler, self.lhs)
        tsquery, params = _tsquery(self.rhs)
        return f"{document} @@ ({tsquery})", params


@SearchTokensField.register_lookup
class PublishedMatches(Matches):
    """Matches, and the document's status (its article's) is published."""

    lookup_name = "published_matches"

    def as_sql(self, compiler, connection):
        # A column filter inside the full-text query: an FTS5 table's columns can only be
        # searched through MATCH, which must then name the table rather than one column.
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        query = f"tokens : ({fts5_expression(self.rhs)}) AND status : {PUBLISHED}"
        return f"{table} MATCH %s", [query]

    def as_postgresql(self, compiler, connection):
        matches, params = super().as_postgresql(compiler, connection)
        status = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.status"
        return f"{matches} AND {status} = %s", [*params, PUBLISHED]


class SearchRank(Expression):
    """How well an article matches, smaller is better (so that both databases sort ascending)."""

    output_field = FloatField()

    def __init__(self, tokens, phrases):
        super().__init__()
        self.tokens = tokens
        self.phrases = tuple(phrases)

    def get_source_expressions(self):
        return [self.tokens]

    def set_source_expressions(self, exprs):
        (self.tokens,) = exprs

    def as_sql(self, compiler, connection):
        # FTS5's hidden `rank` column is bm25(), negative, best first; it is only meaningful
        # in a query that also MATCHes the table, which `search()` always does.
        alias = compiler.quote_name_unless_alias(self.tokens.alias)
        return f"{alias}.rank", []

    def as_postgresql(self, compiler, connection):
        document = _document_column(compiler, self.tokens)
        tsquery, params = _tsquery(self.phrases)
        return f"-ts_rank({document}, ({tsquery}))", params


def fts5_expression(phrases) -> str:
    """An FTS5 query that ANDs the phrases, each quoted so no user text is read as syntax."""
    return " ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)


def grams(tokens: str) -> str:
    """PostgreSQL's extra tokens for a document: the 4-grams, then the 3-grams, of its runs.

    Made from the document's tokens, not its text, so that migration 0010 could make them
    for the documents already stored: consecutive bigrams that overlap (网格 格员) are
    rejoined into their run (网格员). Where one run ends with the character the next begins
    with, the two are joined and a gram spanning them is made, the same approximation as a
    phrase of bigrams, which also matches across the two; no gram the text holds is ever
    missed. The 4-grams come first so that a long document's positions past PostgreSQL's
    last (16,383) are not theirs.
    """
    runs, run = [], ""
    for token in tokens.split():
        if len(token) == 2 and CJK_RUN.fullmatch(token):
            if run and run[-1] == token[0]:
                run += token[1]
                continue
            if len(run) > 2:
                runs.append(run)
            run = token
        else:
            if len(run) > 2:
                runs.append(run)
            run = ""
    if len(run) > 2:
        runs.append(run)
    return " ".join(gram for n in (LONGEST_GRAM, 3) for run in runs for gram in ngrams(run, n))


def ngrams(run: str, n: int) -> list[str]:
    """The run's substrings of n characters, in reading order (网格员, 2 → 网格 格员)."""
    return [run[i : i + n] for i in range(len(run) - n + 1)]


def gram_phrase(phrase: str) -> str:
    """A query phrase as PostgreSQL's documents hold it (see grams()).

    A phrase of bigrams (one query word) up to four characters long becomes the word itself,
    one lexeme; a longer one, the phrase of its 4-grams. Anything else stays as it is.
    """
    parts = phrase.split(" ")
    if not all(len(part) == 2 and CJK_RUN.fullmatch(part) for part in parts) or any(
        a[1] != b[0] for a, b in itertools.pairwise(parts)
    ):
        return phrase
    word = parts[0] + "".join(part[1] for part in parts[1:])
    if len(word) <= LONGEST_GRAM:
        return word
    return " ".join(ngrams(word, LONGEST_GRAM))


def _tsquery(phrases):
    sql = " && ".join(f"phraseto_tsquery('{TS_CONFIG}', %s)" for _ in phrases)
    return sql, [gram_phrase(phrase) for phrase in phrases]


def _document_column(compiler, col):
    return f'{compiler.quote_name_unless_alias(col.alias)}."document"'


class SearchDocument(models.Model):
    """One article's search tokens; the migration makes the table, per database (see above).

    Managed all the same, so that `flush` truncates it together with the articles it refers to.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="search_document",
        db_constraint=False,
        # FTS5's own row id, so that joining an article to its document is a lookup: an
        # UNINDEXED column would be read from the content table for every match.
        db_column="rowid",
    )
    tokens = SearchTokensField()
    # The article's status, kept by a trigger on the article (migration 0008).
    status = models.CharField(max_length=20, default="", editable=False)

    class Meta:
        db_table = "articles_searchdocument"

    def __str__(self):
        return f"{self.article_id}: {self.tokens[:30]}"
