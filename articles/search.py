"""Chinese full-text search over articles, the same on SQLite and PostgreSQL.

Chinese has no spaces, and neither SQLite's `unicode61` tokenizer nor PostgreSQL's `simple`
parser can split it, so segmentation happens here, in Python, and both databases only index
space-separated tokens. An article's document holds, in this order:

1. the character bigrams of each run of Chinese text (网格员 → 网格 格员), in reading order, so
   that a query word becomes a phrase of consecutive bigrams and matches wherever it is
   printed, even where jieba cut the article's text differently or does not know the word;
2. the jieba words (with the paper's user dictionaries: `chinese.tokenizers`), which
   make whole-word matches rank higher;
3. the single characters, for one-character queries.

On PostgreSQL each document also holds, first, the 4-grams and then the 3-grams of its
Chinese runs (`articles.search_index.grams()`, in a column of their own). There a query
word of three or four characters is one lexeme and a longer one a phrase of 4-grams, which
the GIN index answers without reading each candidate's tsvector back to check that its
bigrams stand together; SQLite's FTS5 checks phrases inside its index and keeps the bigram
phrases.

The site lists matches as a newspaper archive's readers expect (`SearchResults`): among
the newest `RANKED_WINDOW` matches (by article id, which grows as pages are imported),
those whose headline, overline or subtitle carries more of the query's words come first,
newest first within each; older matches follow, newest first. Every step walks the index
in article-id order and stops, so a page of results costs about the same however many
articles match; bm25 (`search()`, used by the API) reads the positions of every match
and grows with the match count.

Traditional characters are folded to simplified ones (OpenCC's t2s) on both sides: in the
article's text before its document is made, and in the reader's query (`fold()`). So 網格員
finds 网格员, and 文娱 finds the 文娛 an OCR'd page printed. Migration 0014 made again the
documents of an existing archive whose text holds characters to fold.

A reader's query is also read as names are printed: a lone character set apart by spaces
is joined to its neighbours (张  驰 → 张驰; see `join_spaced_characters()`).

The rest of the project uses `search()`, `search_results()`, `highlight()` and
`index_articles()`.
"""

import functools
import html
import itertools
import re
from collections.abc import Iterable

from django.db import connections
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Block
from articles.search_index import (
    CJK_CHARS,
    CJK_RUN,
    SearchDocument,
    SearchRank,
    grams,
    ngrams,
)
from chinese.tokenizers import tokenize
from newsroom.orm import is_prefetched

# Either a run of Chinese or a run of other letters and digits: the units a token is made of.
UNIT = re.compile(f"[{CJK_CHARS}]+|[^\\W_{CJK_CHARS}]+")
# A reader's query longer than this is cut: nobody types more, and it bounds the SQL.
MAX_QUERY_CHARS = 100
MAX_QUERY_PHRASES = 16
SNIPPET_CHARS = 120
# How many of the newest matches are ranked by relevance; see SearchResults.
RANKED_WINDOW = 1000


def _segmenter():
    """The paper's tokenizer (jieba with the paper's dictionaries), the taxonomy's too."""
    return tokenize


@functools.cache
def _converter():
    # OpenCC's tables load in about 20 ms, once per process (a web worker's before its first
    # request: warm_up()).
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """`text` with its traditional characters made simplified (網格員 → 网格员), phrase by
    phrase as OpenCC reads them; simplified text comes back unchanged."""
    return _converter().convert(text) if text else text


# The Chinese run at the end of one word and at the start of the next, either side of a space.
_CJK_AT_END = re.compile(f"[{CJK_CHARS}]+$")
_CJK_AT_START = re.compile(f"[{CJK_CHARS}]+")


def join_spaced_characters(text: str) -> str:
    """Whitespace collapsed, and dropped where it sets a lone Chinese character apart from
    another Chinese character (张  驰 → 张驰, 王 小 明 → 王小明).

    Papers pad a two-character name to three cells and readers type names the same way;
    between words of two or more characters (党员 干部) a space still separates them.
    """
    parts = text.split()
    if len(parts) < 2:
        return "".join(parts)
    joined = [parts[0]]
    for before, after in itertools.pairwise(parts):
        end, start = _CJK_AT_END.search(before), _CJK_AT_START.match(after)
        if end and start and 1 in (len(end.group()), len(start.group())):
            joined[-1] += after
        else:
            joined.append(after)
    return " ".join(joined)


# Whitespace between two Chinese characters: never part of a Chinese name.
_GAP_IN_CHINESE = re.compile(f"(?<=[{CJK_CHARS}])\\s+(?=[{CJK_CHARS}])")


def name_forms(typed: str) -> list[str]:
    """A reporter's name as typed, in the forms it may be stored under: without the spaces
    between its Chinese characters (张  驰 → 张驰, 欧阳 晓明 → 欧阳晓明), and folded
    (張馳 → 张驰) when that differs. Empty when nothing is typed."""
    name = " ".join(_GAP_IN_CHINESE.sub("", _clean(typed)).split())
    return list(dict.fromkeys(form for form in (name, fold(name)) if form))


def name_contains(typed: str, field: str = "name") -> Q | None:
    """A condition on `field`: it contains the typed name in one of its name_forms(); None
    when nothing is typed."""
    forms = name_forms(typed)
    if not forms:
        return None
    condition = Q()
    for form in forms:
        condition |= Q(**{f"{field}__icontains": form})
    return condition


def segment(text: str, words: list[str] | None = None) -> list[str]:
    """The jieba words of `text`, lowercased, without whitespace and punctuation.

    `words` is `text` already cut by the segmenter, when the caller has it.
    """
    found = []
    for word in _segmenter()(text) if words is None else words:
        word = word.strip().lower()
        if word and UNIT.search(word):
            found.append(word)
    return found


def document_tokens(text: str, words: list[str] | None = None) -> list[str]:
    """The tokens stored for `text`: bigrams in reading order, then jieba words, then characters.

    `words` is `text` already cut by the segmenter, when the caller has it.
    """
    runs = CJK_RUN.findall(text)
    tokens = [bigram for run in runs for bigram in ngrams(run, 2)]
    tokens += segment(text, words)
    tokens += [char for run in runs for char in run]
    return tokens


def document_text(text: str, words: list[str] | None = None) -> str:
    """What the index stores for `text`: the document_tokens() of its fold(), space-separated.

    `words` is `text` already cut by the segmenter; unused when folding changed the text,
    which is then cut as folded (jieba knows simplified words).
    """
    folded = fold(text)
    return " ".join(document_tokens(folded, words if folded == text else None))


def query_phrases(query: str) -> list[str]:
    """The phrases every match must contain, from a reader's query; empty if nothing searchable.

    Each jieba word of the query gives one phrase per unit: a Chinese run becomes its bigrams
    (one character stays itself), a Latin word or a number stays itself.
    """
    return [
        " ".join(ngrams(unit, 2)) if CJK_RUN.fullmatch(unit) and len(unit) > 1 else unit
        for unit in _query_terms(query)
    ]


def _query_terms(query: str) -> list[str]:
    """The query's units (Chinese runs, Latin words, numbers), folded and lowercased, once each."""
    words = segment(join_spaced_characters(fold(_clean(query or "")[:MAX_QUERY_CHARS])))
    units = dict.fromkeys(unit for word in words for unit in UNIT.findall(word))
    return list(units)[:MAX_QUERY_PHRASES]


def _clean(text: str) -> str:
    # NUL and other control characters are never typed on purpose and PostgreSQL refuses NUL.
    return "".join(ch if ch.isprintable() else " " for ch in text or "")


def warm_up() -> None:
    """Load now what a reader's first search would otherwise wait for: jieba's dictionary
    with the paper's words (1–2 s), OpenCC's tables and the patterns of a query's path.

    Web workers call it before their first request (articles/warm.py, from
    newsroom/wsgi.py); a command that never searches does not pay for it.
    """
    highlight("网格员服务", "網格員 张  驰")


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


def search_results(queryset, query: str, *, all_published: bool = False) -> "SearchResults":
    """The articles of `queryset` matching `query` for a paginated list; see SearchResults.

    `all_published` says that `queryset` is every published article and nothing narrower:
    the matches are then counted by the full-text index alone, without reading each one's
    article (the count is most of a search's time where many articles match).
    """
    return SearchResults(queryset, query, all_published=all_published)


class SearchResults:
    """Matches in the order the site lists them, sliced lazily, for Django's Paginator.

    The newest `window` matches come first, ordered by how many of the query's words their
    headline, overline and subtitle carry, then newest first; older matches follow, newest
    first. Slices are articles of `queryset`, each with `body_text` for its snippet.
    """

    ordered = True  # for Paginator, which warns about unordered lists

    def __init__(
        self, queryset, query: str, *, window: int = RANKED_WINDOW, all_published: bool = False
    ):
        self.phrases = query_phrases(query)
        self.window = window
        self._all_published = all_published
        self._queryset = queryset
        self._matches = (
            queryset.filter(search_document__tokens__matches=self.phrases)
            if self.phrases
            else queryset.none()
        )
        self._terms = _query_terms(query)

    def count(self) -> int:
        return self._count

    @functools.cached_property
    def _count(self) -> int:
        if self._published_window is not None:
            return self._published_window[0]
        if self._all_published and self.phrases:
            documents = SearchDocument.objects.using(self._queryset.db)
            return documents.filter(tokens__published_matches=self.phrases).count()
        return self._matches.count()

    @functools.cached_property
    def _published_window(self) -> tuple[int, list[int]] | None:
        """On PostgreSQL, when every published article is searched: (the number of matches,
        the window's ids newest first), from one read of the documents the GIN index matched.

        The count and the window's sort each read those documents' rows for their keys and
        status (17 and 38 ms for 网格员 at 100,018 articles); counted over the sorted rows
        they are read once. None elsewhere: SQLite's FTS5 counts and walks its own matches.
        """
        if self._on_sqlite or not (self._all_published and self.phrases):
            return None
        documents = SearchDocument.objects.using(self._queryset.db).filter(
            tokens__published_matches=self.phrases
        )
        rows = list(
            documents.annotate(matches=Window(Count("pk")))
            .order_by((F("pk") + 0).desc())  # as _newest_first: not along the key
            .values_list("pk", "matches")[: self.window]
        )
        return (rows[0][1] if rows else 0), [pk for pk, _matches in rows]

    def _newest_first(self):
        if self._on_sqlite:
            # The document's key is the article's id: ordering by it lets FTS5 walk its
            # matches backwards and stop after the rows asked for.
            return self._matches.order_by("-search_document")
        # PostgreSQL would walk the documents' primary key backwards and test each one's
        # tsvector, read back from TOAST; sorting the ids the GIN index matched costs a
        # fraction of that (110 against 26 ms for 网格员 at 100,018 articles). The sum keeps
        # the planner from taking the key's order.
        return self._matches.order_by((F("search_document") + 0).desc())

    @functools.cached_property
    def _on_sqlite(self) -> bool:
        return connections[self._queryset.db].vendor == "sqlite"

    @functools.cached_property
    def _window_ids(self) -> list[int]:
        """The window's article ids, newest first, from one sort of the index's matches."""
        if self._published_window is not None:
            return self._published_window[1]
        return list(self._newest_first().values_list("pk", flat=True)[: self.window])

    @functools.cached_property
    def _window_boundary(self) -> int | None:
        """The oldest article id in the window, or None while every match is in it."""
        if self.count() <= self.window:
            return None  # known from the count, which a list asks for first: no query
        if not self._on_sqlite:
            # The window's ranking then reads these ids by key (see _ranked).
            ids = self._window_ids
            return ids[-1] if len(ids) == self.window else None
        ids = self._newest_first().values_list("pk", flat=True)
        return next(iter(ids[self.window - 1 : self.window]), None)

    def _ranked(self):
        """The window's ids, more of the query's words in the title first, then newest."""
        ranked, newest = self._matches, "-search_document"
        boundary = self._window_boundary
        model = self._queryset.model
        by_key = model._default_manager.using(self._queryset.db)
        if boundary is not None and self._on_sqlite:
            # FTS5 walks its matches from the newest down to the boundary.
            ranked = ranked.filter(search_document__pk__gte=boundary)
        elif boundary is not None or self._published_window is not None:
            # PostgreSQL would walk the documents' key down to the boundary and test each
            # one's tsvector, read back from TOAST (134 ms for 网格员 at 100,018 articles);
            # the window's ids, sorted once for the boundary, are read by key instead.
            ranked, newest = by_key.filter(pk__in=self._window_ids), "-pk"
        elif not self._all_published:
            # Every match is in the window, but a filter may have kept far fewer articles
            # than the index matches: their ids come from the narrow index the count reads,
            # so that only they are read for their titles, not every match of the index.
            ids = list(self._matches.order_by().values_list("pk", flat=True))
            ranked, newest = by_key.filter(pk__in=ids), "-pk"
        score = Value(0)
        for term in self._terms:
            in_title = (
                Q(headline__icontains=term)
                | Q(overline__icontains=term)
                | Q(subtitle__icontains=term)
            )
            score = score + Case(When(in_title, then=Value(1)), default=Value(0))
        return (
            ranked.annotate(title_score=score)
            .order_by("-title_score", newest)
            .values_list("pk", flat=True)
        )

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("SearchResults supports plain slices only")
        start, stop, _ = key.indices(self.count())
        if start >= stop:
            return []
        in_window = min(self.count(), self.window)
        ids = list(self._ranked()[start:stop]) if start < in_window else []
        if stop > in_window:
            older = self._newest_first().filter(search_document__pk__lt=self._window_boundary)
            older_ids = older.values_list("pk", flat=True)
            ids += list(older_ids[max(0, start - in_window) : stop - in_window])
        rows = self._queryset.in_bulk(ids)
        found = [rows[pk] for pk in ids if pk in rows]
        _attach_body_text(found)
        return found


def _attach_body_text(articles) -> None:
    """Give each article `body_text`, its paragraphs joined, for the snippet under its title.

    Read as plain values: a page of results would otherwise build hundreds of paragraph
    objects only to join their text.
    """
    if not articles:
        return
    texts = {article.pk: [] for article in articles}
    paragraphs = (
        Block.objects.using(articles[0]._state.db)
        .filter(article_id__in=list(texts))
        .order_by("article_id", "position")
        .values_list("article_id", "text")
    )
    for article_id, text in paragraphs:
        texts[article_id].append(text)
    for article in articles:
        article.body_text = "".join(texts[article.pk])


def highlight(text: str, query: str, *, length: int = SNIPPET_CHARS) -> SafeString:
    """An escaped snippet of `text` around the first match of `query`, matches in <mark>.

    Without a match the snippet is the start of the text.
    """
    text = text or ""
    pattern = _highlight_pattern(query or "")
    first = pattern.search(text) if pattern else None
    # The query is folded: where the text printed traditional characters, find the words in
    # its folded copy and mark the printed characters at the same places (when folding kept
    # every character's place, as it does character by character).
    found_in = text
    if pattern and first is None:
        folded = fold(text)
        if folded != text and len(folded) == len(text):
            found_in, first = folded, pattern.search(folded)
    start = max(0, first.start() - length // 4) if first else 0
    # Never start later than needed to fill the snippet: a short text is shown whole.
    start = min(start, max(0, len(text) - length))
    # Cleaning maps each character to one character, so only the snippet needs it.
    snippet = _clean(text[start : start + length])
    parts = []
    position = 0
    for match in pattern.finditer(_clean(found_in[start : start + length])) if pattern else ():
        parts.append(html.escape(snippet[position : match.start()]))
        parts.append(f"<mark>{html.escape(snippet[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(html.escape(snippet[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


@functools.lru_cache(maxsize=256)
def _highlight_pattern(query: str):
    """The query's words as one pattern, longest first; None if nothing searchable."""
    terms = sorted(_query_terms(query), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None


def article_text(article: Article) -> str:
    """Everything a reader may search for in an article: headlines, body and captions."""
    return joined_text(
        (article.overline, article.headline, article.subtitle),
        (block.text for block in article.blocks.all()),
        (caption.text for caption in article.captions.all()),
    )


def joined_text(titles, paragraphs, captions) -> str:
    """An article's text as search and the taxonomy read it, from its parts: the titles
    (overline, headline, subtitle), the paragraphs and the photo captions, one a line.

    The importer's worker cuts this text into words before the article exists, keyed by the
    text, so it must be made the same way from the extraction as from the rows.
    """
    return "\n".join(part for part in (*titles, *paragraphs, *captions) if part)


def index_articles(
    articles: Iterable,
    *,
    using: str = "default",
    words: dict | None = None,
    tokens: dict | None = None,
) -> int:
    """(Re)index the given articles (instances or ids); ids of deleted articles are dropped.

    `words` maps article texts to their segmenter words: texts found there are not cut again,
    and the ones cut here are added, for the next indexer of the same articles (taxonomy).
    `tokens` maps article texts to their document_text(), made ahead by the importer's
    worker. Returns how many articles were indexed.
    """
    articles = list(articles)
    if articles and all(_text_loaded(a, using) for a in articles):
        # The importer's articles, fetched with their paragraphs and captions a moment ago.
        loaded = {a.pk: a for a in articles}
    else:
        loaded = None
    ids = sorted({getattr(a, "pk", a) for a in articles})
    indexed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = []
        for article in (
            [loaded[pk] for pk in chunk]
            if loaded is not None
            else Article.objects.using(using)
            .filter(pk__in=chunk)
            .prefetch_related("blocks", "captions")
        ):
            text = article_text(article)
            document = None if tokens is None else tokens.get(text)
            if document is None:
                cut = None if words is None else words.get(text)
                if cut is None:
                    cut = _segmenter()(text)
                    if words is not None:
                        words[text] = cut
                document = document_text(text, cut)
            rows.append((article.pk, document))
        _write_chunk(chunk, rows, using)
        indexed += len(rows)
    return indexed


def _text_loaded(article, using: str) -> bool:
    """Whether an Article instance carries everything article_text() reads, from `using`."""
    return (
        isinstance(article, Article)
        and article._state.db == using
        and is_prefetched(article, "blocks", "captions")
    )


def store_documents(documents: dict[int, str], *, using: str = "default") -> None:
    """Write these documents ({article id: its document_text()}) in place of the stored ones."""
    _write(list(documents), list(documents.items()), using)


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
    articles = connection.ops.quote_name(Article._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        # On both databases the document's key column is `rowid`, the article's id. The
        # document takes its article's status, which a trigger then follows (migration 0008).
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", ids)
        if connection.vendor == "postgresql":
            # With its grams (migration 0010), which the tsvector reads first.
            cursor.executemany(
                f"INSERT INTO {table} (rowid, tokens, grams, status) "
                f"SELECT id, %s, %s, status FROM {articles} WHERE id = %s",
                [(tokens, grams(tokens), pk) for pk, tokens in rows],
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} (rowid, tokens, status) "
            f"SELECT id, %s, status FROM {articles} WHERE id = %s",
            [(tokens, pk) for pk, tokens in rows],
        )
