"""Chinese full-text search over articles, the same on SQLite and PostgreSQL.

Chinese has no spaces, and neither SQLite's `unicode61` tokenizer nor PostgreSQL's `simple`
parser can split it, so segmentation happens here, in Python, and both databases only index
space-separated tokens. An article's document holds, in this order:

1. the character bigrams of each run of Chinese text (网格员 → 网格 格员), in reading order, so
   that a query word becomes a phrase of consecutive bigrams and matches wherever it is
   printed, even where jieba cut the article's text differently or does not know the word;
2. the jieba words (with the paper's user dictionary when the taxonomy provides it), which
   make whole-word matches rank higher;
3. the single characters, for one-character queries.

The rest of the project uses `search()`, `highlight()` and `index_articles()`.
"""

import functools
import html
import re
from collections.abc import Iterable

from django.db import connections
from django.db.models import F
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.search_index import SearchDocument, SearchRank

# CJK ideographs (basic, extension A, compatibility, extension B and on).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_RUN = re.compile(f"[{_CJK}]+")
# Either a run of Chinese or a run of other letters and digits: the units a token is made of.
UNIT = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+")
# A reader's query longer than this is cut: nobody types more, and it bounds the SQL.
MAX_QUERY_CHARS = 100
MAX_QUERY_PHRASES = 16
SNIPPET_CHARS = 120


@functools.cache
def _segmenter():
    """jieba with the paper's user dictionary if the taxonomy has it; plain jieba otherwise."""
    try:
        from taxonomy.lexicon import tokenize
    except ImportError:
        import jieba

        def tokenize(text):
            return list(jieba.cut(text))

    return tokenize


def segment(text: str) -> list[str]:
    """The jieba words of `text`, lowercased, without whitespace and punctuation."""
    words = []
    for word in _segmenter()(text):
        word = word.strip().lower()
        if word and UNIT.search(word):
            words.append(word)
    return words


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def document_tokens(text: str) -> list[str]:
    """The tokens stored for `text`: bigrams in reading order, then jieba words, then characters."""
    runs = CJK_RUN.findall(text)
    tokens = [bigram for run in runs for bigram in _bigrams(run)]
    tokens += segment(text)
    tokens += [char for run in runs for char in run]
    return tokens


def query_phrases(query: str) -> list[str]:
    """The phrases every match must contain, from a reader's query; empty if nothing searchable.

    Each jieba word of the query gives one phrase per unit: a Chinese run becomes its bigrams
    (one character stays itself), a Latin word or a number stays itself.
    """
    query = _clean(query)[:MAX_QUERY_CHARS]
    phrases = []
    for word in segment(query):
        for unit in UNIT.findall(word):
            phrase = " ".join(_bigrams(unit)) if CJK_RUN.fullmatch(unit) and len(unit) > 1 else unit
            if phrase not in phrases:
                phrases.append(phrase)
    return phrases[:MAX_QUERY_PHRASES]


def _clean(text: str) -> str:
    # NUL and other control characters are never typed on purpose and PostgreSQL refuses NUL.
    return "".join(ch if ch.isprintable() else " " for ch in text or "")


def search(queryset, query: str):
    """Filter an Article queryset to the articles matching `query`, best match first.

    Every query is safe: operators and quotes are searched as text, and a query with nothing
    searchable in it gives an empty queryset.
    """
    phrases = query_phrases(query)
    if not phrases:
        return queryset.none()
    ordering = ["search_rank"]
    if connections[queryset.db].vendor != "sqlite":
        # On SQLite a second key would stop FTS5 sorting by rank itself, which is twice as fast.
        ordering.append("-pk")
    return (
        queryset.filter(search_document__tokens__matches=phrases)
        .annotate(search_rank=SearchRank(F("search_document__tokens"), phrases))
        .order_by(*ordering)
    )


def highlight(text: str, query: str, *, length: int = SNIPPET_CHARS) -> SafeString:
    """An escaped snippet of `text` around the first match of `query`, matches in <mark>.

    Without a match the snippet is the start of the text.
    """
    text = _clean(text)
    terms = sorted(
        {unit for word in segment(_clean(query)[:MAX_QUERY_CHARS]) for unit in UNIT.findall(word)},
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - length // 4) if first else 0
    # Never start later than needed to fill the snippet: a short text is shown whole.
    start = min(start, max(0, len(text) - length))
    snippet = text[start : start + length]
    parts = []
    position = 0
    for match in pattern.finditer(snippet) if pattern else ():
        parts.append(html.escape(snippet[position : match.start()]))
        parts.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    parts.append(html.escape(snippet[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def article_text(article: Article) -> str:
    """Everything a reader may search for in an article: headlines, body and captions."""
    parts = [article.overline, article.headline, article.subtitle]
    parts += [block.text for block in article.blocks.all()]
    parts += [caption.text for caption in article.captions.all()]
    return "\n".join(p for p in parts if p)


def index_articles(articles: Iterable, *, using: str = "default") -> int:
    """(Re)index the given articles (instances or ids); ids of deleted articles are dropped.

    Returns how many articles were indexed.
    """
    ids = sorted({getattr(a, "pk", a) for a in articles})
    indexed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = [
            (article.pk, " ".join(document_tokens(article_text(article))))
            for article in Article.objects.using(using)
            .filter(pk__in=chunk)
            .prefetch_related("blocks", "captions")
        ]
        _write_chunk(chunk, rows, using)
        indexed += len(rows)
    return indexed


def remove_from_index(article_ids: Iterable[int], *, using: str = "default") -> None:
    """Drop the documents of these articles."""
    _write(list(article_ids), [], using)


def _write(ids, rows, using):
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = set(ids[start : start + 500])
        _write_chunk(sorted(chunk), [row for row in rows if row[0] in chunk], using)


def _write_chunk(ids, rows, using):
    if not ids:
        return
    connection = connections[using]
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        # On both databases the document's key column is `rowid`, the article's id.
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", ids)
        cursor.executemany(f"INSERT INTO {table} (rowid, tokens) VALUES (%s, %s)", rows)
