"""`manage.py import_seeds`: import OCR'd page files; the work is done by seeds.importer."""

from __future__ import annotations

import argparse
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from chinese.segmenter import compiled_routes
from seeds.importer import (
    PAGES_PER_TRANSACTION,
    Outcome,
    PageFile,
    PageImportResult,
    import_files,
    update_planner_statistics,
)
from seeds.manifest import Manifest, ManifestError, load_manifest, manifest_beside
from seeds.parser import PageDecodeError
from seeds.same_page import SAME_PAGE_MIN_SIMILARITY, AnotherPageError, TextChange

# Below this many files a run is short enough that a progress bar is only noise,
# unless someone is watching a terminal.
PROGRESS_MIN_FILES = 4


class Command(BaseCommand):
    help = gettext_lazy(
        "导入 OCR 版面文件（默认：SEED_PAGES_DIR 下全部 *.txt，即 seeds/pages/）。"
        "每个版面在事务中各有保存点，可重复运行：再次导入不会产生重复，也不会覆盖编辑的修改。"
        "版面的报名、日期、版次取自页面旁的 manifest.json。"
        "任一文件失败时其余文件照常导入，最后以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", metavar="FILE", help=gettext_lazy("要导入的版面文件")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("只解析，不写数据库"),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy("在标准输出只打印 JSON 结果；进度与汇总写到标准错误"),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy(
                "文件与同一版面（清单所给的报名、日期、版次相同，否则同名）的已导入版面"
                "大不相同（另一个版面）时，仍用它替换已导入的版面；默认拒绝导入该文件"
            ),
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=1,
            metavar="N",
            help=gettext_lazy("读取、解析版面的进程数（默认 1）；另有一个进程写数据库"),
        )
        parser.add_argument(
            "--pages-per-transaction",
            type=_positive,
            default=PAGES_PER_TRANSACTION,
            metavar="N",
            help=gettext_lazy(
                "每个事务写入的版面数（默认 %(default)s）；每个版面各有保存点，"
                "出错的版面单独回滚；中断时至多丢失未提交的这些版面，再次运行即补齐"
            ),
        )
        parser.add_argument(
            "--manifest",
            metavar="PATH",
            help=gettext_lazy("版面清单文件（默认：各版面文件旁的 manifest.json）"),
        )

    # A run cuts every page twice (the parser, then search and the taxonomy).
    @compiled_routes()
    def handle(self, *args, **options):
        dry_run, as_json, replace = options["dry_run"], options["json"], options["replace"]
        pages = [(given, Path(given)) for given in options["files"]] or _default_pages()
        manifests = _Manifests(options["manifest"])
        report = self.stderr if as_json else self.stdout
        progress = _Progress(self.stderr, total=len(pages))

        results: list[PageImportResult] = []
        failures: list[tuple[str, str]] = []
        files, outcomes = [], {}
        for n, (given, path) in enumerate(pages):
            try:
                files.append(PageFile(path, given, manifests.metadata_for(path)))
            except ManifestError as exc:
                outcomes[n] = exc
        imported = import_files(
            files,
            dry_run=dry_run,
            replace=replace,
            workers=options["workers"],
            pages_per_transaction=options["pages_per_transaction"],
        )
        for n, (given, _path) in enumerate(pages):
            # Files are imported in the order given; a manifest error takes no import turn.
            progress.step(given)
            outcome = outcomes[n] if n in outcomes else next(imported)[1]
            if isinstance(outcome, PageImportResult):
                results.append(outcome)
                continue
            if isinstance(outcome, (OSError, PageDecodeError, ManifestError, AnotherPageError)):
                reason = _reason(outcome)
            elif options.get("traceback"):
                # One page's parser bug must not stop the other pages; --traceback shows it.
                raise outcome
            else:
                reason = _("内部错误 %(error)s") % {"error": repr(outcome)}
            failures.append((given, reason))
            progress.interrupt()
            self.stderr.write(f"{given}: {reason}")
        imported.close()
        progress.finish()
        if any(result.outcome in (Outcome.CREATED, Outcome.UPDATED) for result in results):
            update_planner_statistics()

        if as_json:
            self.stdout.write(_json_document(results, failures))
        for line in _changes(results, dry_run=dry_run, replace=replace):
            report.write(line)
        for line in _summary(results, failures, dry_run=dry_run):
            report.write(line)
        if failures:
            raise CommandError(
                _("%(count)d 个文件导入失败：%(names)s")
                % {"count": len(failures), "names": "、".join(name for name, _r in failures)}
            )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(_("须为正整数：%(value)s") % {"value": text})
    return number


def _default_pages() -> list[tuple[str, Path]]:
    directory = Path(settings.SEED_PAGES_DIR)
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise CommandError(_("在 %(dir)s 下找不到版面文件 (*.txt)") % {"dir": directory})
    return [(_as_given(path), path) for path in paths]


def _as_given(path: Path) -> str:
    """A path as someone in the project folder would type it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _reason(exc: Exception) -> str:
    if isinstance(exc, PageDecodeError):
        return exc.reason
    if isinstance(exc, AnotherPageError):
        return _(
            "与已导入的版面 %(page)s 大不相同（字符相似度 %(similarity).2f，"
            "低于 %(threshold).2f），像是另一个版面，未导入；确认要替换它请加 --replace"
        ) % _change_values(exc.change)
    if isinstance(exc, FileNotFoundError):
        return _("找不到文件")
    if isinstance(exc, IsADirectoryError):
        return _("这是目录，不是版面文件")
    if isinstance(exc, OSError):
        return _("无法读取文件：%(error)s") % {"error": exc.strerror or exc}
    return _("版面清单有误：%(error)s") % {"error": exc}


class _Manifests:
    """The manifest for each page: the one named on the command line, or the one beside it."""

    def __init__(self, path: str | None):
        self._named: Manifest | None = None
        self._beside: dict[Path, Manifest | ManifestError] = {}
        if path is not None:
            try:
                self._named = load_manifest(path)
            except ManifestError as exc:
                raise CommandError(_("版面清单有误：%(error)s") % {"error": exc}) from exc

    def metadata_for(self, page: Path):
        if self._named is not None:
            return self._named.metadata_for(page.name)
        directory = page.parent.resolve()
        if directory not in self._beside:
            try:
                self._beside[directory] = manifest_beside(directory)
            except ManifestError as exc:
                self._beside[directory] = exc
        manifest = self._beside[directory]
        if isinstance(manifest, ManifestError):
            raise manifest
        return manifest.metadata_for(page.name)


class _Progress:
    """A one-line progress bar on a terminal, one line per file otherwise; silent for few files."""

    WIDTH = 24

    def __init__(self, stream, *, total: int):
        self.stream = stream
        self.total = total
        self.done = 0
        self.tty = stream.isatty()
        self.enabled = self.tty or total >= PROGRESS_MIN_FILES
        self._mid_line = False

    def step(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if not self.tty:
            self.stream.write(f"[{self.done}/{self.total}] {name}", style_func=_plain)
            return
        filled = self.WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"\r\033[K[{bar}] {self.done}/{self.total} {name}"
        self.stream.write(line, style_func=_plain, ending="")
        self.stream.flush()
        self._mid_line = True

    def interrupt(self) -> None:
        """Leave the bar's line so that a message starts on its own line."""
        if self._mid_line:
            self.stream.write("", style_func=_plain)
            self._mid_line = False

    def finish(self) -> None:
        self.interrupt()


def _plain(text: str) -> str:
    # stderr is styled as an error by default; progress is not an error.
    return text


def _change_values(change: TextChange) -> dict:
    return {
        "page": change.stored_page,
        "similarity": change.similarity,
        "threshold": SAME_PAGE_MIN_SIMILARITY,
    }


def _changes(results, *, dry_run: bool, replace: bool) -> list[str]:
    """A line for each file whose text differs from the stored page it would be written over.

    A dry run says what the import would do to it; an import, which stored pages it replaced
    with another page's text (the refused ones are reported as failures). A file that is a
    stored page under another file name (the manifest putting both at the same place in
    the same paper) is said too: whoever looks for a page by the new name must learn that
    it is still stored under the old one.
    """
    lines = []
    for result in results:
        change = result.change
        refused = change is not None and change.another_page and not replace
        if result.stored_as is not None and not refused:
            if dry_run:
                message = _(
                    "与已导入的版面 %(name)s 报名、日期、版次相同，将按同一版面导入，来源文件名不变"
                )
            else:
                message = _(
                    "与已导入的版面 %(name)s 报名、日期、版次相同，已按同一版面导入，来源文件名不变"
                )
            lines.append(f"{result.source}: {message % {'name': result.stored_as}}")
        if change is None or not (dry_run or change.another_page):
            continue
        if not dry_run:
            message = _("已替换已导入的版面 %(page)s（字符相似度 %(similarity).2f）")
        elif not change.another_page:
            message = _("将更新已导入的版面 %(page)s（字符相似度 %(similarity).2f）")
        elif replace:
            message = _("将替换已导入的版面 %(page)s（字符相似度 %(similarity).2f）")
        else:
            message = _(
                "与已导入的版面 %(page)s 大不相同（字符相似度 %(similarity).2f，"
                "低于 %(threshold).2f），导入时将被拒绝；加 --replace 则替换它"
            )
        lines.append(f"{result.source}: {message % _change_values(change)}")
    return lines


def _json_document(results, failures) -> str:
    document = {
        "pages": [{**result.extraction.as_dict(), "source": result.source} for result in results]
    }
    if failures:
        document["errors"] = [{"source": name, "error": reason} for name, reason in failures]
    return json.dumps(document, ensure_ascii=False, indent=2)


def _summary(results, failures, *, dry_run: bool) -> list[str]:
    """The closing table: pages, items by kind, items needing review, failed files."""
    outcomes = Counter(result.outcome for result in results)
    kinds = Counter(str(item.kind) for result in results for item in result.extraction.items)
    items = sum(kinds.values())
    if dry_run:
        pages = _("%(n)d（只解析，未写入数据库）") % {"n": len(results)}
    else:
        pages = _("%(n)d（新建 %(created)d，更新 %(updated)d，未变 %(unchanged)d）") % {
            "n": len(results),
            "created": outcomes[Outcome.CREATED],
            "updated": outcomes[Outcome.UPDATED],
            "unchanged": outcomes[Outcome.UNCHANGED],
        }
    rows = [(_("版面"), pages), (_("稿件"), str(items))]
    labels = dict(Article.Kind.choices)
    rows += [(f"  {labels.get(kind, kind)} ({kind})", str(n)) for kind, n in sorted(kinds.items())]
    flagged = sum(1 for r in results for item in r.extraction.items if item.flags)
    rows.append((_("带待核标记的稿件"), str(flagged)))
    if not dry_run:
        rows.append((_("待审稿件"), str(sum(r.needing_review or 0 for r in results))))
        kept = sum(len(r.kept_edits) for r in results)
        if kept:
            rows.append((_("保留的编辑修改"), str(kept)))
    rows.append((_("失败文件"), str(len(failures))))

    width = max(_display_width(label) for label, _v in rows) + 2
    title = _("试运行汇总") if dry_run else _("版面导入汇总")
    lines = [title, "-" * (width + 16)]
    lines += [label + " " * (width - _display_width(label)) + value for label, value in rows]
    return lines


def _display_width(text: str) -> int:
    # Chinese characters take two columns in a terminal; pad by what the eye sees.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
