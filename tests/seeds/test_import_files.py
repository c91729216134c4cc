"""import_files: many pages in order, parsed ahead in a worker, the same rows as one by one."""

import pytest
from django.conf import settings

from articles.models import Article, Page
from articles.search import article_text
from seeds.importer import Outcome, PageFile, import_file, import_files
from seeds.importer import files as importer_files
from seeds.parser import PageDecodeError
from taxonomy.models import RelatedArticle
from tests.seeds.recording import add_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    """The seed pages, then a file that is not text, then the seed pages under new names."""
    seeds = sorted(settings.SEED_PAGES_DIR.glob("*.txt"))
    paths = []
    for n, seed in enumerate([*seeds, None, *seeds]):
        path = tmp_path / f"{n:02d}.txt"
        path.write_bytes(seed.read_bytes() if seed else b"\x00\xff\x00\xfe" * 100)
        paths.append(path)
    return [PageFile(path, path.name) for path in paths]


def snapshot():
    """What the import wrote, by page file and position: keywords, topics, places, related."""

    def key(article):
        return (article.page.source_name, article.position)

    articles = Article.objects.select_related("page").prefetch_related(
        "topic_links__topic", "place_links__place"
    )
    rows = {
        key(a): (
            a.headline,
            a.keywords,
            sorted(link.topic.name for link in a.topic_links.all()),
            sorted(link.place.name for link in a.place_links.all()),
        )
        for a in articles
    }
    related = {
        (key(row.article), key(row.related), row.score)
        for row in RelatedArticle.objects.select_related("article__page", "related__page")
    }
    return rows, related


def import_one_by_one(files):
    for page_file in files:
        try:
            import_file(page_file.path, source=page_file.source)
        except PageDecodeError:
            pass


def test_parsing_ahead_gives_what_importing_one_by_one_gives(files):
    # Places found in the text are stored as they are found, and known by name from then on:
    # both ways start from the places a first import stored.
    import_one_by_one(files)
    Page.objects.all().delete()
    import_one_by_one(files)
    one_by_one = snapshot()
    Page.objects.all().delete()

    assert len(files) >= importer_files.PARSE_AHEAD_MIN_FILES
    outcomes = list(import_files(files, parse_ahead=True))

    assert [f for f, _ in outcomes] == files
    bad = [result for _, result in outcomes if isinstance(result, Exception)]
    assert len(bad) == 1 and isinstance(bad[0], PageDecodeError)
    assert bad[0].source == "05.txt" and bad[0].reason
    assert all(r.outcome == Outcome.CREATED for _, r in outcomes if r not in bad)
    assert snapshot() == one_by_one
    assert one_by_one[1]


def test_steps_get_every_articles_words_segmented_ahead(files, monkeypatch):
    seen = []

    def apply(page, prepared, batch):
        seen.append((batch, all(article_text(a) in page.words for a in page.articles)))

    add_step(monkeypatch, apply)
    list(import_files(files, parse_ahead=True))
    assert len(seen) == len(files) - 1
    assert all(segmented for _, segmented in seen)
    assert len({id(batch) for batch, _ in seen}) == 1


def test_a_second_run_changes_nothing(files):
    list(import_files(files, parse_ahead=True))
    before = snapshot()
    outcomes = [r for _, r in import_files(files, parse_ahead=True)]
    assert {r.outcome for r in outcomes if not isinstance(r, Exception)} == {Outcome.UNCHANGED}
    assert snapshot() == before


def test_a_new_pages_articles_are_announced_as_for_detail_reads_them(
    files, django_assert_num_queries, monkeypatch
):
    announced = []

    def apply(page, prepared, batch):
        with django_assert_num_queries(0):
            announced.append([_detail(a) for a in page.articles])

    add_step(monkeypatch, apply)
    result = import_file(files[1].path, source=files[1].source)
    fetched = result.page.articles.for_detail().order_by("position")
    assert announced == [[_detail(a) for a in fetched]]
    assert any(detail[5] for detail in announced[0])  # bylines
    assert any(detail[6] for detail in announced[0])  # captions


def _detail(article):
    return (
        article.pk,
        article.position,
        article.headline,
        article.page.source_name,
        [(b.position, b.type, b.text) for b in article.blocks.all()],
        [(b.reporter.name, b.role) for b in article.bylines.all()],
        [
            (c.text, [(pc.reporter.name, pc.role) for pc in c.credits.all()])
            for c in article.captions.all()
        ],
    )


def test_without_fork_the_pages_are_read_here_with_the_same_outcome(files, monkeypatch):
    # Windows has no fork: asking for a forked worker there raised ValueError.
    monkeypatch.setattr(importer_files.multiprocessing, "get_all_start_methods", lambda: ["spawn"])

    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was started")

    monkeypatch.setattr(importer_files, "ProcessPoolExecutor", no_worker)
    outcomes = list(import_files(files, parse_ahead=True))
    assert [f for f, _ in outcomes] == files
    bad = [r for _, r in outcomes if isinstance(r, Exception)]
    assert len(bad) == 1 and isinstance(bad[0], PageDecodeError)
    assert Page.objects.count() == len(files) - 1


def test_a_page_failing_inside_a_shared_transaction_rolls_back_alone(files, monkeypatch):
    def apply(page, prepared, batch):
        if page.page.source_name == "02.txt":
            raise RuntimeError("index unavailable")

    add_step(monkeypatch, apply)
    outcomes = dict(import_files(files, pages_per_transaction=len(files), parse_ahead=False))

    failed = {f.source: r for f, r in outcomes.items() if isinstance(r, Exception)}
    assert set(failed) == {"02.txt", "05.txt"}  # the failing step; the file that is not text
    assert isinstance(failed["02.txt"], RuntimeError)
    stored = set(Page.objects.values_list("source_name", flat=True))
    assert stored == {f.source for f in files} - set(failed)
    assert not Article.objects.filter(page__source_name="02.txt").exists()
    # Run again without the failure: the page missing is created, the others are unchanged.
    monkeypatch.undo()
    again = {
        f.source: r.outcome
        for f, r in import_files(files, parse_ahead=False)
        if not isinstance(r, Exception)
    }
    assert again.pop("02.txt") == Outcome.CREATED
    assert set(again.values()) == {Outcome.UNCHANGED}


def test_outcomes_come_once_their_transaction_has_committed(files):
    imported = import_files(files, pages_per_transaction=3, parse_ahead=False)
    first, result = next(imported)
    assert result.outcome == Outcome.CREATED
    # The first transaction's three pages are written and committed; none after them.
    assert sorted(Page.objects.values_list("source_name", flat=True)) == [
        "00.txt",
        "01.txt",
        "02.txt",
    ]
    imported.close()


def test_workers_and_pages_per_transaction_must_be_positive(files):
    with pytest.raises(ValueError):
        list(import_files(files, workers=0))
    with pytest.raises(ValueError):
        list(import_files(files, pages_per_transaction=0))
