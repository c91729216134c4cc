"""Analyses, topic scores and search tokens made in the import's read-ahead worker.

The importing process must write what it would have computed itself, compute nothing the
worker made, and analyse again itself when the IDF table or a topic changed after the
worker was forked.
"""

import pytest
from django.conf import settings

from articles import search
from articles.models import Article
from articles.search import article_text, document_text
from articles.search_index import SearchDocument
from seeds.importer import PageFile, import_file, import_files
from taxonomy import ahead, indexing, suggestions
from taxonomy.analysis import SUGGESTIONS_KEPT, analyse, score_topics
from taxonomy.idf import compute_idf, current_idf
from taxonomy.models import ArticleTopic, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    """The seed pages twice, under distinct names: ten pages, enough to read ahead."""
    seeds = sorted(settings.SEED_PAGES_DIR.glob("*.txt")) * 2
    paths = []
    for n, seed in enumerate(seeds):
        path = tmp_path / f"{n:02d}.txt"
        path.write_bytes(seed.read_bytes())
        paths.append(path)
    return [PageFile(path, path.name) for path in paths]


@pytest.fixture
def main_process_calls(monkeypatch):
    """How often the importing process itself analysed a text, scored topics and made a
    search document (the worker, forked with the same stand-ins, counts in its own memory)."""
    calls = {"analyse": 0, "score_topics": 0, "document_text": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    # The worker analyses through taxonomy.ahead's own names, which stay as they are.
    monkeypatch.setattr(indexing, "analyse", counted("analyse", indexing.analyse))
    monkeypatch.setattr(suggestions, "score_topics", counted("score_topics", score_topics))
    monkeypatch.setattr(search, "document_text", counted("document_text", document_text))
    return calls


def written():
    """Per page file and position: keywords, suggested topics with score and evidence, tokens."""
    documents = dict(SearchDocument.objects.values_list("article_id", "tokens"))
    rows = {}
    for article in Article.objects.select_related("page").prefetch_related("topic_links"):
        topics = sorted(
            (link.topic_id, link.state, link.score, tuple(link.evidence))
            for link in article.topic_links.all()
        )
        key = (article.page.source_name, article.position)
        rows[key] = (article.keywords, topics, documents[article.pk])
    return rows


def test_what_the_worker_made_is_written_and_not_made_again(files, main_process_calls):
    for page_file in files:
        import_file(page_file.path, source=page_file.source)
    one_by_one = written()
    assert main_process_calls["analyse"] == len(one_by_one)
    Article.objects.all().delete()
    SearchDocument.objects.all().delete()
    main_process_calls.update(analyse=0, score_topics=0, document_text=0)

    outcomes = [result for _, result in import_files(files, parse_ahead=True)]

    assert not [r for r in outcomes if isinstance(r, Exception)]
    assert main_process_calls == {"analyse": 0, "score_topics": 0, "document_text": 0}
    assert written() == one_by_one
    assert any(topics for _, topics, _ in one_by_one.values())


def test_search_documents_made_ahead_are_the_articles_own(files):
    list(import_files(files, parse_ahead=True))
    for article in Article.objects.prefetch_related("blocks", "captions"):
        stored = SearchDocument.objects.get(article_id=article.pk).tokens
        assert stored == document_text(article_text(article))


def test_an_idf_computed_during_the_import_is_used_for_the_pages_after_it(
    files, main_process_calls
):
    # A page to a transaction: the first outcome comes before the other pages are written.
    imported = import_files(files, parse_ahead=True, pages_per_transaction=1)
    first, _ = next(imported)
    # The worker has read pages ahead with jieba's IDF; the archive now has its own.
    compute_idf(article_text(a) for a in Article.objects.prefetch_related("blocks", "captions"))
    idf = current_idf()
    assert idf is not None
    rest = [page_file for page_file, _ in imported]

    later = Article.objects.filter(page__source_name__in=[f.path.name for f in rest])
    later = list(later.prefetch_related("blocks", "captions"))
    assert main_process_calls["analyse"] == len(later)
    changed = 0
    for article in later:
        text = article_text(article)
        assert article.keywords == analyse(text, idf=idf).keywords
        changed += article.keywords != analyse(text).keywords
    assert changed  # else this test could not tell the two IDF tables apart


def test_a_topic_changed_during_the_import_is_used_for_the_pages_after_it(
    files, main_process_calls
):
    imported = import_files(files, parse_ahead=True, pages_per_transaction=1)
    next(imported)
    # An editor makes one topic's evidence a word every seed page prints.
    topic = Topic.objects.order_by("pk").first()
    topic.signal_words = ["党员"]
    topic.save()
    rest = [page_file for page_file, _ in imported]

    later = Article.objects.filter(page__source_name__in=[f.path.name for f in rest])
    later = list(later.prefetch_related("blocks", "captions"))
    assert main_process_calls["score_topics"] == len(
        [a for a in later if not analyse(article_text(a)).reason]
    )
    signals = suggestions.topic_signals()
    for article in later:
        expected = [s.topic.pk for s in score_topics(analyse(article_text(article)), signals)]
        expected = expected[:SUGGESTIONS_KEPT]
        suggested = ArticleTopic.objects.filter(article=article).order_by("-score", "topic_id")
        assert sorted(link.topic_id for link in suggested) == sorted(expected)
    assert ArticleTopic.objects.filter(topic=topic, article__in=later).exists()


def test_a_text_the_worker_fails_to_analyse_is_analysed_by_the_importing_process(
    files, main_process_calls, monkeypatch
):
    for page_file in files:
        import_file(page_file.path, source=page_file.source)
    one_by_one = written()
    Article.objects.all().delete()
    SearchDocument.objects.all().delete()
    main_process_calls.update(analyse=0, score_topics=0)

    def failing(text, **kwargs):
        raise ValueError("a bug in the analysis")

    monkeypatch.setattr(ahead, "analyse", failing)  # the worker is forked with it
    outcomes = [result for _, result in import_files(files, parse_ahead=True)]

    assert not [r for r in outcomes if isinstance(r, Exception)]
    assert main_process_calls["analyse"] == len(one_by_one)
    assert written() == one_by_one
