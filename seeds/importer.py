"""The importer: a parsed page (PageExtraction) → rows in the content model.

One page is one transaction. Importing is safe to repeat: the page is found by where
it was printed (the manifest's paper, date and page number) or else by its file name,
its articles by their position in reading order, reporters by name, so a second run
over the same files changes nothing.

Editors' corrections win over the parser. Each article keeps the extraction it was
last imported from; a field whose current value differs from that extraction was
changed by an editor and is left alone (and reported as a `KeptEdit`), while fields
nobody touched follow the new parser output. Where the new parser output also differs
from the last one, editor and parser disagree: the article is flagged
`reimport_conflict`, the editor's value stays on the article and the parser's new one
in `Article.extraction`, and `conflicts()` lists both for the admin.

What the desk did to the page's structure is read from `SourceLineage`: items merged
into another article or deleted are not created again, and articles the desk made
(split off, detached, added by hand) are never matched to a parser item.

Many pages are imported with `import_files()` (what `import_seeds` runs): the same page
by page transactions, with the reading, parsing and word segmentation of the next pages
done in a worker process meanwhile, and one `batch` dict shared by the pages'
page_imported receivers. In the worker, page_parsed's receivers also compute what they
can from the texts alone (search tokens, keyword analyses, topic scores) and hand it to
page_imported in `prepared`. It gives the same rows as `import_file()` called file by file.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from articles.desk.lineage import GONE
from articles.editing import REIMPORT_CONFLICT, is_desk_made
from articles.models import (
    Article,
    Block,
    Byline,
    Issue,
    Page,
    PhotoCaption,
    PhotoCredit,
    Publication,
    Reporter,
)
from articles.search import joined_text
from articles.signals import saves_indexed_later
from seeds.files import read_page_bytes
from seeds.manifest import UNKNOWN, PageMetadata
from seeds.parser import PageExtraction, parse_page
from seeds.parser.decode import PageDecodeError
from seeds.same_page import (
    AnotherPageError,
    TextChange,
    stored_page,
    stored_page_if_any,
    stored_under_another_name,
    text_change,
)
from seeds.signals import page_imported, page_parsed, parse_ahead_starting


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PARSED = "parsed"  # a dry run: parsed, nothing written


@dataclass(frozen=True)
class KeptEdit:
    """An editor's correction that a re-import left in place instead of the parser's value."""

    position: int
    part: str  # a field name ("headline") or a related part ("body", "bylines", "captions")
    # True when the parser's value changed too: the article is flagged reimport_conflict.
    conflict: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class PageImportResult:
    source: str
    extraction: PageExtraction
    outcome: Outcome
    page: Page | None = None
    kept_edits: tuple[KeptEdit, ...] = ()
    # Articles the parser no longer produces but that an editor reviewed or corrected.
    kept_articles: tuple[int, ...] = ()
    needing_review: int | None = None
    # The stored page's text beside the file's, when they differ (in a dry run as well).
    change: TextChange | None = None
    # The stored page's file name, when the file was that page under another name.
    stored_as: str | None = None


# Rows each index is sampled over when SQLite's planner statistics are refreshed: enough to
# tell a selective index from an unselective one, in about a second at 100,000 articles.
ANALYSIS_LIMIT = 1000


def update_planner_statistics(using: str = "default") -> None:
    """Refresh the database's statistics after an import, so its planner picks good indexes.

    Without statistics SQLite guesses, and for "published articles on these pages" it took
    the status index, under which nearly every article sits, instead of the page index: an
    issue page read all 100,000 articles of the benchmark archive (0.4 s instead of 13 ms).

    PostgreSQL analyses its tables on its own (autovacuum, once a tenth of a table's rows
    changed), but it vacuums a table that only grows once a fifth of its rows are new, and
    until a table is vacuumed its index-only scans read each row's heap page again to learn
    whether the row is visible: the counts, the printed-order walk and the search's boundary
    on each list page. So the tables an import wrote are vacuumed here: at 100,018 articles
    just loaded and analysed, the desk's article list took 233 ms before the vacuum and
    105 ms after, the API's 2,000th page 194 and 113 ms. A vacuum skips the pages it has already marked, so after a
    day's pages it takes a fraction of a second; the statistics are left to autovacuum,
    since analysing the search documents alone takes seconds at that size. VACUUM cannot
    run inside a transaction; there (a caller's atomic block) nothing is done.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in content_tables():
                cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")


def content_tables() -> list[str]:
    """The tables an import writes: every model's of the articles and taxonomy apps."""
    from django.apps import apps

    return sorted(
        model._meta.db_table
        for label in ("articles", "taxonomy")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    )


def import_file(
    path: Path | str,
    *,
    source: str | None = None,
    metadata: PageMetadata = UNKNOWN,
    dry_run: bool = False,
    replace: bool = False,
) -> PageImportResult:
    """Read, parse and (unless dry_run) import one page file.

    `source` is how the file is named in reports and in the extraction (the path as
    the user gave it); the page itself is keyed by the file's base name. Raises
    OSError if the file cannot be read and PageDecodeError if it is not text, not a
    regular file or larger than a page can be (then it is not read at all).
    """
    page_file = PageFile(Path(path), source if source is not None else str(path), metadata)
    return _import_read(page_file, _read(page_file), dry_run=dry_run, replace=replace)


@dataclass(frozen=True)
class PageFile:
    """A page file to import: where it is, how reports name it, what the manifest says."""

    path: Path
    source: str
    metadata: PageMetadata = UNKNOWN


@dataclass(frozen=True)
class _Read:
    """A page file read and parsed; when read ahead, with the words of its items' texts and
    what page_parsed's receivers prepared from them."""

    data: bytes
    extraction: PageExtraction
    words: dict | None = None
    prepared: dict | None = None


# Below this many files a worker process costs more to start than it saves.
PARSE_AHEAD_MIN_FILES = 8
# Pages read and parsed ahead of the one being written: enough to keep the worker busy
# while a slow page is written, few enough to hold little memory.
PARSE_AHEAD_PAGES = 4


def import_files(
    files: Sequence[PageFile],
    *,
    dry_run: bool = False,
    replace: bool = False,
    parse_ahead: bool | None = None,
) -> Iterator[tuple[PageFile, PageImportResult | Exception]]:
    """Import many page files in order, each as import_file() does; yield each with its outcome.

    The outcome is the PageImportResult, or the exception the file raised (OSError,
    PageDecodeError, or any other from a parser bug): one file's failure never stops the
    others. With `parse_ahead` (by default when there are PARSE_AHEAD_MIN_FILES files or
    more, a second core and fork), a worker process reads and parses the next pages and segments
    their articles' text while this one writes, so that an import uses two cores. The pages
    share a `batch` dict in the page_imported signal, where the taxonomy keeps its related
    article candidates from one page to the next.
    """
    files = list(files)
    if parse_ahead is None:
        parse_ahead = len(files) >= PARSE_AHEAD_MIN_FILES and (os.cpu_count() or 1) > 1
    # The worker is forked (see _read_all); where the platform cannot fork (Windows), the
    # pages are read here, one after the other, with the same outcome.
    parse_ahead = parse_ahead and "fork" in multiprocessing.get_all_start_methods()
    batch = {}
    for page_file, read in _read_all(files, parse_ahead=parse_ahead and not dry_run):
        if isinstance(read, Exception):
            yield page_file, read
            continue
        try:
            yield (
                page_file,
                _import_read(page_file, read, dry_run=dry_run, replace=replace, batch=batch),
            )
        except Exception as error:
            yield page_file, error


def _read(page_file: PageFile) -> _Read:
    data = read_page_bytes(page_file.path, source=page_file.source)
    return _Read(data, parse_page(data, source=page_file.source))


# A PageDecodeError raised in the worker comes back through pickle, which would call it with
# its message alone; rebuild it from what it was made of.
copyreg.pickle(PageDecodeError, lambda error: (PageDecodeError, (error.source, error.reason)))


def _read_and_segment(page_file: PageFile) -> _Read:
    """What the worker process does for a page: read, parse, cut its items' text, and let
    page_parsed's receivers prepare what they compute from the text alone."""
    from taxonomy.lexicon import tokenize

    read = _read(page_file)
    texts = {_text_of(item.as_dict()) for item in read.extraction.items}
    words = {text: tokenize(text) for text in texts}
    prepared = {}
    page_parsed.send(sender=PageFile, words=words, prepared=prepared)
    return _Read(read.data, read.extraction, words, prepared)


def _read_all(files, *, parse_ahead: bool):
    """Each file with its _Read or the exception reading it raised, in order."""
    if not parse_ahead:
        for page_file in files:
            try:
                yield page_file, _read(page_file)
            except Exception as error:
                yield page_file, error
        return
    # fork: the worker inherits the loaded project (and a test's stand-in parser) and never
    # touches the database; what it needs from there is loaded now.
    parse_ahead_starting.send(sender=PageFile)
    pool = ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    with pool:
        pending = deque()
        queued = iter(files)
        try:
            for page_file in itertools.islice(queued, PARSE_AHEAD_PAGES):
                pending.append((page_file, pool.submit(_read_and_segment, page_file)))
            while pending:
                page_file, future = pending.popleft()
                for ahead in itertools.islice(queued, 1):
                    pending.append((ahead, pool.submit(_read_and_segment, ahead)))
                try:
                    yield page_file, future.result()
                except BrokenProcessPool:
                    # The worker died (killed, out of memory): read the rest here.
                    rest = [page_file, *(f for f, _ in pending), *queued]
                    pending.clear()
                    yield from _read_all(rest, parse_ahead=False)
                except Exception as error:
                    yield page_file, error
        finally:
            for _page_file, future in pending:
                future.cancel()


def _worker_started(parent: int) -> None:
    """Make the worker end with the import: a killed import must leave no process behind.

    Without this a worker whose parent was killed waits for work forever, holding the
    import's stdout and stderr open. Ctrl-C is the parent's to handle.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _import_read(
    page_file: PageFile,
    read: _Read,
    *,
    dry_run: bool,
    replace: bool = False,
    batch: dict | None = None,
) -> PageImportResult:
    if dry_run:
        stored = stored_page_if_any(page_file.path.name, page_file.metadata)
        return PageImportResult(
            source=page_file.source,
            extraction=read.extraction,
            outcome=Outcome.PARSED,
            change=None if stored is None else text_change(stored, read.extraction.text),
            stored_as=stored_under_another_name(stored, page_file.path.name),
        )
    return import_page(
        source_name=page_file.path.name,
        data=read.data,
        extraction=read.extraction,
        metadata=page_file.metadata,
        words=dict(read.words) if read.words else None,
        prepared=read.prepared,
        batch=batch,
        replace=replace,
    )


def _text_of(extraction: dict) -> str:
    """An item's text as the article made from it will read (articles.search.article_text)."""
    return joined_text(
        (_scalar(extraction, name) for name in ("overline", "headline", "subtitle")),
        (block["text"] for block in _body(extraction)),
        (caption["text"] for caption in _captions(extraction)),
    )


def import_page(
    *,
    source_name: str,
    data: bytes,
    extraction: PageExtraction,
    metadata: PageMetadata = UNKNOWN,
    words: dict | None = None,
    prepared: dict | None = None,
    batch: dict | None = None,
    replace: bool = False,
) -> PageImportResult:
    """Write one parsed page and its articles in a single transaction; safe to re-run.

    A page whose bytes and parser output are unchanged is left as it is (only new
    manifest metadata is applied). Otherwise each article is created or updated by
    its position, keeping fields an editor changed, and `seeds.signals.page_imported`
    is sent inside the transaction. A text mostly different from the stored page's
    (another printed page under its identity) raises AnotherPageError and writes
    nothing, unless `replace`. A stored page found by where it was printed keeps its
    file name (`stored_as` in the result).
    """
    checksum = hashlib.sha256(data).hexdigest()
    wanted = [item.as_dict() for item in extraction.items]
    # page_imported indexes every article of the page once its paragraphs are written.
    with transaction.atomic(), saves_indexed_later():
        _wait_for_other_imports()
        page = stored_page(source_name, metadata)
        created = page is None
        change = None if created else text_change(page, extraction.text)
        if change is not None and change.another_page and not replace:
            raise AnotherPageError(extraction.source, change)
        if created:
            page = Page(source_name=source_name)
        source_changed = _assign(
            page,
            checksum=checksum,
            encoding=extraction.encoding,
            text=extraction.text,
            unassigned=[fragment.as_dict() for fragment in extraction.unassigned],
        )
        metadata_changed = _apply_metadata(page, metadata)
        if created or source_changed or metadata_changed:
            page.save()

        existing = (
            {}
            if created
            else {a.position: a for a in page.articles.for_detail() if not is_desk_made(a)}
        )
        gone = (
            set()
            if created
            else set(page.lineage.filter(fate__in=GONE).values_list("source_position", flat=True))
        )
        current = [
            wanted[i] if i in gone else existing[i].extraction if i in existing else None
            for i in range(len(wanted))
        ]
        leftovers = [a for position, a in existing.items() if position >= len(wanted)]
        if (
            not created
            and not source_changed
            and current == wanted
            and not any(_retirable(a) for a in leftovers)
        ):
            outcome = Outcome.UPDATED if metadata_changed else Outcome.UNCHANGED
            return PageImportResult(
                source=extraction.source,
                extraction=extraction,
                outcome=outcome,
                page=page,
                needing_review=_needing_review(page),
                change=change,
                stored_as=stored_under_another_name(page, source_name),
            )

        reporters = _ReporterCache()
        reporters.load(name for item in wanted for name in _names(item))
        kept_edits, new = [], []
        for position, item in enumerate(wanted):
            article = existing.pop(position, None)
            if position in gone:
                continue  # merged into another article or deleted by an editor
            if article is None:
                new.append((position, item))
            else:
                kept_edits += _update_article(article, item, reporters)
        written = _create_articles(page, new, reporters)
        kept_articles = _retire(existing.values())

        if created:
            articles = written  # all new, with their parts as for_detail() would read them
        else:
            articles = list(
                page.articles.for_detail().filter(position__lt=len(wanted)).order_by("position")
            )
        page_imported.send(
            sender=Page,
            page=page,
            articles=articles,
            words={} if words is None else words,
            prepared={} if prepared is None else prepared,
            batch=batch,
        )

    return PageImportResult(
        source=extraction.source,
        extraction=extraction,
        outcome=Outcome.CREATED if created else Outcome.UPDATED,
        page=page,
        kept_edits=tuple(kept_edits),
        kept_articles=kept_articles,
        needing_review=_needing_review(page),
        change=change,
        stored_as=stored_under_another_name(page, source_name),
    )


# --- page and issue -----------------------------------------------------------------

# pg_advisory_xact_lock key shared by every page import ("news" in ASCII).
_IMPORT_LOCK_KEY = 0x6E657773


def _wait_for_other_imports() -> None:
    """Hold the import lock until the page's transaction ends; wait while another holds it.

    Two imports of the same pages at once would otherwise both find a page missing and
    both create it (one then fails on the unique file name, or, for an issue known only
    by its number, a duplicate issue appears). With the lock the second waits, then sees
    the first one's committed page and leaves it unchanged.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write as the transaction's first statement takes SQLite's write lock now,
            # waiting out the busy timeout; a read first would fail with "database is
            # locked" when it later tried to write while another import was writing.
            cursor.execute("UPDATE articles_page SET id = id WHERE 0")


def _assign(instance, **values) -> bool:
    """Set the given fields; return True if any value was different."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _apply_metadata(page: Page, metadata: PageMetadata) -> bool:
    """Take what the manifest knows; what it leaves unknown keeps the page's current value."""
    values = {}
    issue = _issue_for(metadata)
    if issue is not None:
        values["issue"] = issue
    if metadata.page is not None:
        values["number"] = metadata.page
    if metadata.page_name is not None:
        values["name"] = metadata.page_name
    return _assign(page, **values)


def _issue_for(metadata: PageMetadata) -> Issue | None:
    """The issue a page belongs to, or None when the manifest cannot pin it down.

    A publication alone is not enough: without a date or an issue number every page
    of that paper would land in one made-up issue.
    """
    if not metadata.publication or (metadata.date is None and metadata.issue_number is None):
        return None
    publication, _ = Publication.objects.get_or_create(
        name=metadata.publication, defaults={"slug": _slug_for(metadata.publication)}
    )
    if metadata.date is not None:
        issue, _ = Issue.objects.get_or_create(
            publication=publication,
            date=metadata.date,
            defaults={"number": metadata.issue_number},
        )
        if metadata.issue_number is not None and issue.number != metadata.issue_number:
            issue.number = metadata.issue_number
            issue.save(update_fields=["number"])
        return issue
    issue = Issue.objects.filter(
        publication=publication, date__isnull=True, number=metadata.issue_number
    ).first()
    return issue or Issue.objects.create(publication=publication, number=metadata.issue_number)


def _slug_for(name: str) -> str:
    # Chinese names slugify to nothing in ASCII; a stable hash keeps the slug unique
    # until an editor gives the paper a readable one (neimenggu-ribao).
    slug = slugify(name)
    return slug or "paper-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def _needing_review(page: Page) -> int:
    return page.articles.needing_review().count()


# --- articles -------------------------------------------------------------------------

# Scalar article fields taken from the parser, with the model's length limits so that
# a runaway parser value is cut to fit instead of failing the whole page.
_SCALARS = ("kind", "column", "overline", "headline", "subtitle", "source")


def _scalar(extraction: dict, name: str) -> str:
    limit = Article._meta.get_field(name).max_length
    return (extraction.get(name) or "")[:limit]


def _flags(extraction: dict) -> list:
    return list(extraction.get("flags") or [])


def _parser_flags(article: Article) -> list:
    """The article's flags without the ones the desk sets itself."""
    return [f for f in article.flags if f != REIMPORT_CONFLICT]


def _write_flags(article, flags, reporters):
    desk = [REIMPORT_CONFLICT] if REIMPORT_CONFLICT in article.flags else []
    article.flags = [*flags, *desk]


def _credits(credits) -> list[dict]:
    """Names with roles, once each: the model allows one (reporter, role) per article."""
    seen, rows = set(), []
    limit = Reporter._meta.get_field("name").max_length
    for credit in credits or ():
        name = (credit.get("name") or "").strip()[:limit]
        key = (name, credit.get("role"))
        if name and key not in seen:
            seen.add(key)
            rows.append({"name": name, "role": credit.get("role")})
    return rows


def _bylines(extraction: dict) -> list[dict]:
    return _credits(extraction.get("bylines"))


def _body(extraction: dict) -> list[dict]:
    return [{"type": b["type"], "text": b["text"]} for b in extraction.get("body") or ()]


def _captions(extraction: dict) -> list[dict]:
    return [
        {"text": c.get("text") or "", "credits": _credits(c.get("credits"))}
        for c in extraction.get("captions") or ()
    ]


def _names(extraction: dict):
    """Every reporter name the extraction credits, in bylines and under photos."""
    yield from (c["name"] for c in _bylines(extraction))
    yield from (c["name"] for caption in _captions(extraction) for c in caption["credits"])


@dataclass(frozen=True)
class _Part:
    """One editable part of an article: how to read it from the rows and from an extraction.

    `write` replaces the part of one article; a related part also has `add`, which writes the
    part of many new articles at once, [(article, value)], in one statement per table.
    """

    name: str
    from_extraction: Callable[[dict], object]
    from_article: Callable[[Article], object]
    write: Callable[[Article, object, _ReporterCache], None]
    add: Callable[[list, _ReporterCache], None] | None = None


def _set_scalar(name):
    def write(article, value, reporters):
        setattr(article, name, value)

    return write


def _current_body(article):
    return [{"type": b.type, "text": b.text} for b in article.blocks.all()]


def _write_body(article, body, reporters):
    article.blocks.all().delete()
    _add_bodies([(article, body)], reporters)


def _add_bodies(pairs, reporters):
    return _bulk_create(
        Block,
        [
            Block(article=article, position=n, **block)
            for article, body in pairs
            for n, block in enumerate(body)
        ],
    )


def _current_bylines(article):
    return [{"name": b.reporter.name, "role": b.role} for b in article.bylines.all()]


def _write_bylines(article, bylines, reporters):
    article.bylines.all().delete()
    _add_bylines([(article, bylines)], reporters)


def _add_bylines(pairs, reporters):
    rows = [
        Byline(article=article, reporter=reporters.get(c["name"]), role=c["role"], position=n)
        for article, bylines in pairs
        for n, c in enumerate(bylines)
    ]
    return _bulk_create(Byline, rows)


def _current_captions(article):
    return [
        {
            "text": c.text,
            "credits": [{"name": pc.reporter.name, "role": pc.role} for pc in c.credits.all()],
        }
        for c in article.captions.all()
    ]


def _write_captions(article, captions, reporters):
    article.captions.all().delete()
    _add_captions([(article, captions)], reporters)


def _add_captions(pairs, reporters):
    captions = [caption for _article, captions in pairs for caption in captions]
    rows = _bulk_create(
        PhotoCaption,
        [
            PhotoCaption(article=article, position=n, text=c["text"])
            for article, captions in pairs
            for n, c in enumerate(captions)
        ],
    )
    credits = [
        PhotoCredit(caption=row, reporter=reporters.get(c["name"]), role=c["role"], position=n)
        for row, caption in zip(rows, captions, strict=True)
        for n, c in enumerate(caption["credits"])
    ]
    _bulk_create(PhotoCredit, credits)
    return rows, credits


def _bulk_create(model, rows):
    """Insert rows with their history in one statement each.

    No per-row post_save: the page's articles are announced once by page_imported, so
    indexing receivers see the finished page instead of every paragraph as it lands.
    """
    if not rows:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        return bulk_create_with_history(rows, model)
    rows = model._default_manager.bulk_create(rows)
    _record_creation(model, [row.pk for row in rows], user=_history_user(model, rows[0]))
    return rows


def _record_creation(model, ids, *, user=None) -> None:
    """Write the "created" history record of each row just inserted, copied by the database.

    The records are what simple_history's bulk_history_create() makes (the tracked fields,
    the time, an empty reason, type "+", the user), but taken from the stored rows by one
    INSERT … SELECT instead of being built as objects and sent back: that was a third of
    writing a page's articles. tests/seeds/test_importer.py holds the two to the same rows.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = _history_manager(model).model
    quote = connection.ops.quote_name

    def column(table_model, name):
        return quote(table_model._meta.get_field(name).column)

    fields = [f.name for f in history.tracked_fields]
    into = [column(history, name) for name in fields] + [
        column(history, name)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    taken = ", ".join(column(model, name) for name in fields)
    date = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(into)}) "
                f"SELECT {taken}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [date, "", "+", getattr(user, "pk", None), *chunk],
            )


def _history_user(model, row):
    """Who the history records name: the signed-in editor where a request is running."""
    return _history_manager(model).model.get_default_history_user(row)


@functools.cache
def _history_manager(model):
    # simple_history builds a new manager class on every lookup, about a millisecond each.
    return get_history_manager_for_model(model)


_FIELD_PARTS = tuple(
    _Part(
        name,
        (lambda e, n=name: _scalar(e, n)),
        (lambda a, n=name: getattr(a, n)),
        _set_scalar(name),
    )
    for name in _SCALARS
) + (_Part("flags", _flags, _parser_flags, _write_flags),)

_RELATED_PARTS = (
    _Part("body", _body, _current_body, _write_body, _add_bodies),
    _Part("bylines", _bylines, _current_bylines, _write_bylines, _add_bylines),
    _Part("captions", _captions, _current_captions, _write_captions, _add_captions),
)


def _create_articles(page: Page, items: list[tuple[int, dict]], reporters: _ReporterCache):
    """Write new articles, [(position, extraction)], with their history, a statement per table.

    Like the paragraphs, the articles are inserted without a post_save each: page_imported
    announces them once they are complete.
    """
    articles = []
    for position, item in items:
        article = Article(
            page=page,
            position=position,
            spans=item["spans"],
            extraction=item,
            confidence=item.get("confidence"),
        )
        for part in _FIELD_PARTS:
            part.write(article, part.from_extraction(item), reporters)
        articles.append(article)
    articles = _bulk_create(Article, articles)
    added = {
        part.name: part.add(
            [
                (article, part.from_extraction(item))
                for article, (_position, item) in zip(articles, items, strict=True)
            ],
            reporters,
        )
        for part in _RELATED_PARTS
    }
    captions, credits = added["captions"]
    _as_prefetched(captions, "credits", credits, "caption")
    _as_prefetched(articles, "blocks", added["body"], "article")
    _as_prefetched(articles, "bylines", added["bylines"], "article")
    _as_prefetched(articles, "captions", captions, "article")
    return articles


def _as_prefetched(owners, name: str, rows, owner_field: str) -> None:
    """Give each owner its rows just written as if prefetch_related(name) had read them.

    New articles are handed to page_imported as for_detail() would fetch them, without
    reading back what was written a moment ago (several queries and hundreds of objects).
    """
    by_owner = {id(owner): [] for owner in owners}
    for row in rows:
        by_owner[id(getattr(row, owner_field))].append(row)
    for owner in owners:
        queryset = getattr(owner, name).all()
        queryset._result_cache = by_owner[id(owner)]
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _update_article(article: Article, item: dict, reporters: _ReporterCache) -> list[KeptEdit]:
    """Bring an article up to the new extraction, part by part, keeping editors' changes.

    A part is the editor's when its current value differs from the extraction it was
    imported from; such parts are returned as KeptEdit and never overwritten. If the
    parser's value moved as well, the article is flagged `reimport_conflict`.
    """
    kept = []
    dirty = False
    for part in (*_FIELD_PARTS, *_RELATED_PARTS):
        current = part.from_article(article)
        new = part.from_extraction(item)
        if current == new:
            continue
        old = part.from_extraction(article.extraction)
        if current != old:
            conflict = new != old
            kept.append(KeptEdit(article.position, part.name, conflict=conflict))
            if conflict and REIMPORT_CONFLICT not in article.flags:
                article.flags = [*article.flags, REIMPORT_CONFLICT]
                dirty = True
            continue
        part.write(article, new, reporters)
        dirty = dirty or part in _FIELD_PARTS
    dirty = (
        _assign(article, spans=item["spans"], extraction=item, confidence=item.get("confidence"))
        or dirty
    )
    if dirty:
        article.save()
    return kept


def _retirable(article: Article) -> bool:
    """True for an article no editor has reviewed or corrected."""
    return article.status == Article.Status.NEEDS_REVIEW and all(
        part.from_article(article) == part.from_extraction(article.extraction)
        for part in (*_FIELD_PARTS, *_RELATED_PARTS)
    )


def _retire(articles) -> tuple[int, ...]:
    """Delete articles the parser no longer produces, unless an editor has worked on them."""
    kept = []
    for article in articles:
        if _retirable(article):
            article.delete()
        else:
            kept.append(article.position)
    return tuple(sorted(kept))


class _ReporterCache:
    """Reporter rows by name, fetched or created once per page."""

    def __init__(self):
        self._by_name: dict[str, Reporter] = {}

    def load(self, names) -> None:
        """Fetch the reporters of these names that exist, in one query."""
        wanted = set(names) - self._by_name.keys()
        if wanted:
            self._by_name.update(
                (reporter.name, reporter) for reporter in Reporter.objects.filter(name__in=wanted)
            )

    def get(self, name: str) -> Reporter:
        if name not in self._by_name:
            self._by_name[name], _ = Reporter.objects.get_or_create(name=name)
        return self._by_name[name]


# --- conflicts, for the desk ------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A part where the editor's value and the parser's latest value differ."""

    part: str
    editor_value: object
    parser_value: object


def conflicts(article: Article) -> list[Conflict]:
    """Each part of the article whose value is not what the parser last produced.

    On an article flagged `reimport_conflict` these are the editor's corrections beside
    the new extraction, for the editor to keep or to take the parser's value.
    """
    if is_desk_made(article):
        return []
    found = []
    for part in (*_FIELD_PARTS, *_RELATED_PARTS):
        mine, parsers = part.from_article(article), part.from_extraction(article.extraction)
        if mine != parsers:
            found.append(Conflict(part.name, mine, parsers))
    return found


@transaction.atomic
def resolve_conflict(article: Article, *, take_parser: tuple[str, ...] = ()) -> None:
    """Settle a re-import conflict: the named parts take the parser's value, the rest stay.

    The `reimport_conflict` flag is cleared either way.
    """
    parts = {part.name: part for part in (*_FIELD_PARTS, *_RELATED_PARTS)}
    reporters = _ReporterCache()
    for name in take_parser:
        part = parts[name]
        part.write(article, part.from_extraction(article.extraction), reporters)
    article.flags = [f for f in article.flags if f != REIMPORT_CONFLICT]
    article.save()
