"""The importer: a parsed page (PageExtraction) → rows in the content model.

Each page is written whole or not at all (its own transaction, or its own savepoint
when import_files() writes several pages to a transaction). Importing is safe to repeat: the page is found by where
it was printed (the manifest's paper, date and page number) or else by its file name,
its articles by their position in reading order, reporters by name, so a second run
over the same files changes nothing.

Editors' corrections win over the parser. Each article keeps the extraction it was
last imported from; a field whose current value differs from that extraction was
changed by an editor and is left alone (and reported as a `KeptEdit`), while fields
nobody touched follow the new parser output. Where the new parser output also differs
from the last one, editor and parser disagree: the article is flagged
`reimport_conflict`, the editor's value stays on the article and the parser's new one
in `Article.extraction`. What an extraction is, part by part, and how a conflict is
settled belong to the content model (articles.extraction).

What the desk did to the page's structure is read from `SourceLineage`: items merged
into another article or deleted are not created again, and articles the desk made
(split off, detached, added by hand) are never matched to a parser item.

After a page's rows are written, the import steps run on it (seeds.importer.steps: search
tokens, keywords and topics, related articles), each with a pure `prepare` done in the
parse worker and an `apply` that writes.

The package, by job:
- `page`: one page in one transaction, and the result of importing it;
- `rows`: the page's article rows (created, updated, retired);
- `issues`: the issue a page belongs to, from the manifest;
- `files`: many files, read and parsed ahead in a worker process, with its watchdog;
- `steps`: the import steps, in order;
- `upkeep`: planner statistics and vacuum after an import, the import lock during one.
"""

from seeds.importer.files import (
    PAGES_PER_TRANSACTION,
    PARSE_AHEAD_MIN_FILES,
    PageFile,
    import_file,
    import_files,
)
from seeds.importer.page import Outcome, PageImportResult, import_page
from seeds.importer.rows import KeptEdit
from seeds.importer.upkeep import content_tables, update_planner_statistics
from seeds.same_page import AnotherPageError

__all__ = [
    "PAGES_PER_TRANSACTION",
    "PARSE_AHEAD_MIN_FILES",
    "AnotherPageError",
    "KeptEdit",
    "Outcome",
    "PageFile",
    "PageImportResult",
    "content_tables",
    "import_file",
    "import_files",
    "import_page",
    "update_planner_statistics",
]
