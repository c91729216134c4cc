"""Many page files imported in order: read and parsed ahead in a worker process.

While the importing process writes one page, a worker reads, parses and segments the next
ones, and runs the import steps' pure `prepare` on their texts; the watchdog ends the
worker with the import. A file's failure is reported with it and never stops the others.
"""

from __future__ import annotations

import copyreg
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from articles.extraction import item_text
from seeds.files import read_page_bytes
from seeds.importer import steps
from seeds.importer.page import Outcome, PageImportResult, import_page
from seeds.manifest import UNKNOWN, PageMetadata
from seeds.parser import PageExtraction, parse_page
from seeds.parser.decode import PageDecodeError
from seeds.same_page import stored_page_if_any, stored_under_another_name, text_change


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
    what the import steps prepared from them (in steps.STEPS order)."""

    data: bytes
    extraction: PageExtraction
    words: dict | None = None
    prepared: tuple | None = None


# Below this many files a worker process costs more to start than it saves.
PARSE_AHEAD_MIN_FILES = 8
# Pages read and parsed ahead of the one being written, per worker: enough to keep the
# workers busy while a slow page is written, few enough to hold little memory.
PARSE_AHEAD_PAGES = 4
# Pages written in one transaction, each in a savepoint of its own. A commit per page cost
# more than writing a small page; a kill loses at most this many pages, which the next run
# (idempotent) imports again.
PAGES_PER_TRANSACTION = 20


def import_files(
    files: Sequence[PageFile],
    *,
    dry_run: bool = False,
    replace: bool = False,
    parse_ahead: bool | None = None,
    workers: int = 1,
    pages_per_transaction: int = PAGES_PER_TRANSACTION,
) -> Iterator[tuple[PageFile, PageImportResult | Exception]]:
    """Import many page files in order, each as import_file() does; yield each with its outcome.

    The outcome is the PageImportResult, or the exception the file raised (OSError,
    PageDecodeError, AnotherPageError, or any other from a parser bug): one file's failure
    never stops the others. With `parse_ahead` (by default when there are
    PARSE_AHEAD_MIN_FILES files or more, a second core and fork), `workers` processes read and
    parse the next pages, segment their articles' text and run the steps' `prepare` while
    this one writes. The pages share each step's batch state (steps.new_batch()), where the
    taxonomy keeps its related article candidates from one page to the next.

    Pages are written `pages_per_transaction` to a transaction, each in its own savepoint: a
    page that fails rolls back alone and is reported, the others of its transaction are
    kept. Outcomes are yielded once their transaction has committed, so a page reported
    imported is in the database; a kill loses at most the open transaction's pages.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if pages_per_transaction < 1:
        raise ValueError("pages_per_transaction must be at least 1")
    files = list(files)
    if parse_ahead is None:
        parse_ahead = len(files) >= PARSE_AHEAD_MIN_FILES and (os.cpu_count() or 1) > 1
    # The worker is forked (see _read_all); where the platform cannot fork (Windows), the
    # pages are read here, one after the other, with the same outcome.
    parse_ahead = parse_ahead and not dry_run and "fork" in multiprocessing.get_all_start_methods()
    # Read ahead by a transaction's worth of pages and more: while one transaction is
    # written, the workers parse the next one, and the transaction (with the import lock,
    # upkeep.wait_for_other_imports) is never held open waiting for a parse.
    ahead = max(PARSE_AHEAD_PAGES * workers, pages_per_transaction + workers)
    reads = _read_all(files, parse_ahead=parse_ahead, workers=workers, ahead=ahead)
    if dry_run:
        for page_file, read in reads:
            if isinstance(read, Exception):
                yield page_file, read
                continue
            try:
                yield page_file, _import_read(page_file, read, dry_run=True)
            except Exception as error:
                yield page_file, error
        return
    batch = None  # made when the first page is written: loading it reads the database
    while True:
        chunk = list(itertools.islice(reads, pages_per_transaction))
        if not chunk:
            return
        if batch is None:
            batch = steps.new_batch()
        outcomes = []
        try:
            with transaction.atomic():
                for page_file, read in chunk:
                    outcomes.append((page_file, _write_one(page_file, read, replace, batch)))
        except Exception as error:
            # The commit failed: none of the transaction's pages is in the database, and what
            # the steps learnt from them is forgotten with their batch state.
            batch = None
            outcomes = _lost(chunk, outcomes, error)
        yield from outcomes


def _lost(chunk, outcomes, error) -> list:
    """The outcomes of a transaction that did not commit: each page's own failure, or the
    transaction's error for the pages that had been written."""
    failed = [outcome for _page_file, outcome in outcomes]
    return [
        (page_file, failed[n] if n < len(failed) and isinstance(failed[n], Exception) else error)
        for n, (page_file, _read) in enumerate(chunk)
    ]


def _write_one(page_file, read, replace, batch) -> PageImportResult | Exception:
    """One page in its own savepoint; the exception it raised, if it failed."""
    if isinstance(read, Exception):
        return read
    try:
        return _import_read(page_file, read, dry_run=False, replace=replace, batch=batch)
    except Exception as error:
        return error


def _read(page_file: PageFile) -> _Read:
    data = read_page_bytes(page_file.path, source=page_file.source)
    return _Read(data, parse_page(data, source=page_file.source))


# A PageDecodeError raised in the worker comes back through pickle, which would call it with
# its message alone; rebuild it from what it was made of.
copyreg.pickle(PageDecodeError, lambda error: (PageDecodeError, (error.source, error.reason)))


def _read_and_segment(page_file: PageFile) -> _Read:
    """What the worker process does for a page: read, parse, cut its items' text, and let
    the import steps prepare what they compute from the text alone."""
    from taxonomy.lexicon import tokenize

    read = _read(page_file)
    texts = {item_text(item.as_dict()) for item in read.extraction.items}
    words = {text: tokenize(text) for text in texts}
    return _Read(read.data, read.extraction, words, steps.prepare(words))


def _read_all(files, *, parse_ahead: bool, workers: int = 1, ahead: int = PARSE_AHEAD_PAGES):
    """Each file with its _Read or the exception reading it raised, in order; with
    `parse_ahead`, read by `workers` processes up to `ahead` pages ahead of the caller."""
    if not parse_ahead:
        for page_file in files:
            try:
                yield page_file, _read(page_file)
            except Exception as error:
                yield page_file, error
        return
    # fork: the worker inherits the loaded project (and a test's stand-in parser) and never
    # touches the database; what it needs from there is loaded now.
    steps.start()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    with pool:
        pending = deque()
        queued = iter(files)
        try:
            for page_file in itertools.islice(queued, ahead):
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
    batch: tuple | None = None,
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
