"""The printed order copied onto each article (issue date, page number) follows every write.

The database keeps the copy (migration 0007's triggers), so these tests write the way the
project does (save, bulk_create, QuerySet.update) and read the row back. Runs on SQLite and
on PostgreSQL.
"""

import datetime

import pytest

from articles.models import Article, Issue, Page
from tests.articles.builders import build_article, build_issue, build_page, build_publication

pytestmark = pytest.mark.django_db

SEPT_20 = datetime.date(2024, 9, 20)
SEPT_21 = datetime.date(2024, 9, 21)


def printed(article):
    """The article's copy of the printed order, as stored."""
    return tuple(Article.objects.filter(pk=article.pk).values_list("issue_date", "page_number")[0])


def test_a_new_article_takes_its_page_and_issue():
    page = build_page(issue=build_issue(date=SEPT_20), number=3)
    assert printed(build_article(page=page)) == (SEPT_20, 3)


def test_bulk_created_articles_take_theirs_too():
    page = build_page(issue=build_issue(date=SEPT_20), number=5)
    made = Article.objects.bulk_create([Article(page=page, position=n) for n in range(3)])
    assert [printed(article) for article in made] == [(SEPT_20, 5)] * 3


def test_an_article_on_a_page_without_issue_has_no_date():
    page = build_page(issue=None, number=2)
    assert printed(build_article(page=page)) == (None, 2)


def test_saving_an_instance_that_holds_stale_values_keeps_the_page_s():
    article = build_article(page=build_page(issue=build_issue(date=SEPT_20), number=1))
    article.issue_date, article.page_number = datetime.date(1999, 1, 1), 99
    article.headline = "改过的标题"
    article.save()
    assert printed(article) == (SEPT_20, 1)


def test_moving_an_article_to_another_page():
    article = build_article(page=build_page(issue=build_issue(date=SEPT_20), number=1))
    other = build_page(issue=build_issue(date=SEPT_21), number=4)
    article.page = other
    article.save()
    assert printed(article) == (SEPT_21, 4)
    Article.objects.filter(pk=article.pk).update(page=build_page(issue=None, number=6))
    assert printed(article) == (None, 6)


def test_renumbering_a_page_or_moving_it_to_another_issue():
    page = build_page(issue=build_issue(date=SEPT_20), number=1)
    article = build_article(page=page)
    page.number = 2
    page.save()
    assert printed(article) == (SEPT_20, 2)
    Page.objects.filter(pk=page.pk).update(issue=build_issue(date=SEPT_21))
    assert printed(article) == (SEPT_21, 2)


def test_correcting_an_issue_s_date_reaches_every_article_of_its_pages():
    issue = build_issue(publication=build_publication(), date=SEPT_20)
    articles = [build_article(page=build_page(issue=issue, number=number)) for number in (1, 1, 2)]
    elsewhere = build_article(page=build_page(issue=build_issue(date=SEPT_21), number=1))
    Issue.objects.filter(pk=issue.pk).update(date=datetime.date(2024, 9, 19))
    assert [printed(article)[0] for article in articles] == [datetime.date(2024, 9, 19)] * 3
    assert printed(elsewhere) == (SEPT_21, 1)


def test_the_copy_matches_page_and_issue_for_every_article():
    """Whatever was written above, in any order: the copy equals what the joins say."""
    first = build_page(issue=build_issue(date=SEPT_20), number=1)
    second = build_page(issue=build_issue(date=SEPT_21), number=2)
    for n in range(4):
        build_article(page=first if n % 2 else second, position=n)
    Article.objects.filter(position__gte=2).update(page=first)
    second.number = 7
    second.save()
    rows = Article.objects.values_list(
        "issue_date", "page_number", "page__issue__date", "page__number"
    )
    assert len(rows) == 4
    for issue_date, page_number, joined_date, joined_number in rows:
        assert (issue_date, page_number) == (joined_date, joined_number)
