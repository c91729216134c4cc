"""Links survive the desk's structural fixes: merged articles redirect, splits keep the address."""

import pytest
from django.urls import reverse

from articles import editing
from articles.models import Article
from syndication.models import Tombstone
from tests.articles.builders import build_article, build_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def halves():
    page = build_page()
    keep = build_article(page=page, headline="上半篇", body=["开头。"])
    gone = build_article(page=page, headline="下半篇", body=["接着说。"])
    return keep, Gone(gone)


class Gone:
    """An article about to be merged or deleted, by the id it had (a deleted row forgets it)."""

    def __init__(self, article):
        self.article, self.pk = article, article.pk


def test_a_merged_articles_page_redirects_permanently_to_the_survivor(client, halves):
    keep, gone = halves
    editing.merge_articles([keep, gone.article])
    response = client.get(reverse("articles:article", args=[gone.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:article", args=[keep.pk])
    assert client.get(response["Location"]).status_code == 200
    # The old address with a slug, too.
    slugged = client.get(f"/articles/{gone.pk}/xia-ban-pian/", follow=True)
    assert slugged.redirect_chain[-1] == (reverse("articles:article", args=[keep.pk]), 301)


def test_a_merged_articles_api_resource_redirects_to_the_survivors(client, halves):
    keep, gone = halves
    editing.merge_articles([keep, gone.article])
    response = client.get(f"/api/v1/articles/{gone.pk}/?fields=id,headline")
    assert response.status_code == 301
    assert (
        response["Location"] == f"http://testserver/api/v1/articles/{keep.pk}/?fields=id,headline"
    )
    assert client.get(response["Location"]).json()["id"] == keep.pk
    ninjs = client.get(f"/api/v1/articles/{gone.pk}.ninjs")
    assert ninjs.status_code == 301
    assert ninjs["Location"] == f"http://testserver/api/v1/articles/{keep.pk}.ninjs"


def test_the_tombstone_says_where_a_merged_article_went(client, halves):
    keep, gone = halves
    before = Article.objects.get(pk=keep.pk).updated_at
    editing.merge_articles([keep, gone.article])
    tombstone = Tombstone.objects.get(article_id=gone.pk)
    assert tombstone.reason == "merged" and tombstone.merged_into == keep.pk
    sync = client.get("/api/v1/articles/sync/", {"updated_since": before.isoformat()}).json()
    (document,) = sync["tombstones"]
    assert document["nr:merged_into"] == keep.pk
    assert document["pubstatus"] == "canceled"


def test_a_chain_of_merges_leads_to_the_last_survivor(client, halves):
    keep, gone = halves
    first = build_article(page=keep.page, headline="更早的一篇", body=["最早。"])
    editing.merge_articles([keep, gone.article])
    editing.merge_articles([first, Article.objects.get(pk=keep.pk)])
    response = client.get(reverse("articles:article", args=[gone.pk]))
    assert response["Location"] == reverse("articles:article", args=[first.pk])


def test_a_draft_survivor_is_not_revealed(client):
    page = build_page()
    keep = build_article(page=page, headline="草稿", status="needs_review")
    gone = Gone(build_article(page=page, headline="已发布"))
    editing.merge_articles([keep, gone.article])
    assert client.get(reverse("articles:article", args=[gone.pk])).status_code == 404
    assert client.get(f"/api/v1/articles/{gone.pk}/").status_code == 404


def test_a_deleted_article_and_an_unknown_id_stay_404(client, halves):
    keep, gone = halves
    editing.delete_articles([gone.article])
    assert client.get(reverse("articles:article", args=[gone.pk])).status_code == 404
    assert client.get("/api/v1/articles/abc/").status_code == 404
    assert client.get("/api/v1/articles/999999/").status_code == 404
    assert Tombstone.objects.get(article_id=gone.pk).merged_into is None


def test_a_split_keeps_the_original_address_on_the_first_part(client):
    article = build_article(headline="两篇粘在一起", body=["第一篇的正文。", "第二篇的正文。"])
    second_block = article.blocks.order_by("position")[1]
    new = editing.split_article(article, at=second_block)
    response = client.get(reverse("articles:article", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "第一篇的正文。" in html and "第二篇的正文。" not in html
    assert new.pk != article.pk and new.status == "needs_review"


def test_the_api_documents_merged_articles(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "nr:merged_into" in schema["info"]["description"]
    retrieve = schema["paths"]["/api/v1/articles/{id}/"]["get"]["responses"]
    assert "301" in retrieve
