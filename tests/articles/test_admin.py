"""The admin: every registered model's list and form render for editors, never for strangers."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Issue, PhotoCaption, PhotoCredit, Publication, Reporter
from tests.factories import make_article, make_byline, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; these tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def content():
    publication = Publication.objects.create(name="内蒙古日报", slug="nmgrb")
    issue = Issue.objects.create(publication=publication, number=23012)
    page = make_page(source_name="000.txt", text="初心如磐\n社区党建引领微治理\n", issue=issue)
    article = make_article(
        page=page,
        headline="社区党建引领微治理",
        column="初心如磐",
        flags=["missing_headline"],
    )
    make_byline(article=article, name="宋爽", role="reporter")
    make_byline(article=article, name="许文彬", role="correspondent", position=1)
    article.blocks.create(position=0, text="回民区工人南村社区探索治理新模式。")
    photo = make_article(page=page, position=1, kind="photo", headline="草原社区掠影")
    caption = PhotoCaption.objects.create(article=photo, text="居民参加趣味互动。")
    PhotoCredit.objects.create(caption=caption, reporter=Reporter.objects.create(name="阿柔娜"))
    return {
        "publication": publication,
        "issue": issue,
        "page": page,
        "reporter": Reporter.objects.get(name="宋爽"),
        "article": article,
        "photocaption": caption,
    }


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("chief", password="pw-for-tests-only")
    client.force_login(user)
    return client


MODELS = ["publication", "issue", "page", "reporter", "article", "photocaption"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_add_and_change_pages_render_for_an_editor(editor_client, content, model):
    obj = content[model]
    for url in (
        reverse(f"admin:articles_{model}_changelist"),
        reverse(f"admin:articles_{model}_add"),
        reverse(f"admin:articles_{model}_change", args=[obj.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_users_are_sent_to_the_login_page(client, content, model):
    for url in (
        reverse(f"admin:articles_{model}_changelist"),
        reverse(f"admin:articles_{model}_change", args=[content[model].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_article_list_shows_reporters_and_chinese_labels(editor_client, content):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    html = response.content.decode()
    assert "社区党建引领微治理" in html
    assert "宋爽、许文彬" in html
    assert "missing_headline" in html
    assert "稿件" in html and "栏目" in html


def test_an_untitled_item_lists_and_opens(editor_client, content):
    untitled = make_article(page=content["page"], position=3, kind="photo", headline="")

    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[untitled.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "（无标题）" in response.content.decode()


def test_article_search_by_headline(editor_client, content):
    make_article(page=content["page"], position=2, headline="民族团结进步宣传月")
    url = reverse("admin:articles_article_changelist")

    response = editor_client.get(url, {"q": "宣传月"})

    assert [a.headline for a in response.context["cl"].result_list] == ["民族团结进步宣传月"]


def test_article_list_filters_by_kind(editor_client, content):
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"kind": "photo"})

    assert [a.kind for a in response.context["cl"].result_list] == ["photo"]


def add_articles(page, count, start):
    for n in range(count):
        article = make_article(page=page, position=start + n, headline=f"稿件{n}")
        make_byline(article=article, name=f"记者{n}")
        make_byline(article=article, name=f"通讯员{n}", role="correspondent", position=1)


def test_article_list_queries_do_not_grow_with_the_number_of_articles(editor_client, content):
    url = reverse("admin:articles_article_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    add_articles(content["page"], 2, start=10)
    few = queries()
    add_articles(content["page"], 8, start=20)
    many = queries()

    assert Article.objects.count() == 12
    assert many == few


def test_reporter_list_counts_bylines(editor_client, content):
    make_article(page=content["page"], position=5, headline="又一篇")
    make_byline(article=Article.objects.get(position=5), name="宋爽")

    response = editor_client.get(reverse("admin:articles_reporter_changelist"))

    counts = {r.name: r.byline_count for r in response.context["cl"].result_list}
    assert counts == {"宋爽": 2, "许文彬": 1, "阿柔娜": 0}


@pytest.mark.parametrize("typed", ["宋  爽", "宋　爽", "宋爽"])
def test_the_reporter_list_finds_a_name_however_it_is_spaced(editor_client, content, typed):
    Reporter.objects.create(name="宋晓爽")  # both characters, not the name
    response = editor_client.get(reverse("admin:articles_reporter_changelist"), {"q": typed})
    assert [r.name for r in response.context["cl"].result_list] == ["宋爽"]


def test_page_form_shows_the_raw_text_read_only(editor_client, content):
    url = reverse("admin:articles_page_change", args=[content["page"].pk])

    response = editor_client.get(url)

    html = response.content.decode()
    assert "社区党建引领微治理" in html
    assert 'name="text"' not in html  # shown, not an input
    assert 'name="source_name"' not in html


def create_local_editor(*args, stdout=None):
    # The command refuses databases other than SQLite unless forced; the suite may run
    # on PostgreSQL too.
    force = ["--force"] if connection.vendor != "sqlite" else []
    call_command("create_local_editor", *args, *force, stdout=stdout or io.StringIO())


def test_local_editor_can_log_in_to_the_admin(client):
    out = io.StringIO()
    create_local_editor("--password", "local-pass-123", stdout=out)

    assert "http://127.0.0.1:8000/admin/" in out.getvalue()
    assert "editor" in out.getvalue()
    assert client.login(username="editor", password="local-pass-123")
    assert client.get(reverse("admin:index")).status_code == 200


def test_create_local_editor_is_idempotent_and_takes_the_env_password(client, monkeypatch):
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", "from-the-env-456")
    create_local_editor()
    user = get_user_model().objects.get(username="editor")
    password_hash = user.password

    out = io.StringIO()
    create_local_editor(stdout=out)

    assert get_user_model().objects.filter(username="editor").count() == 1
    user.refresh_from_db()
    assert user.password == password_hash  # nothing rewritten on the second run
    assert user.is_superuser and user.is_staff
    assert "已存在" in out.getvalue()
    assert client.login(username="editor", password="from-the-env-456")


def test_create_local_editor_defaults_to_the_documented_password(client, monkeypatch):
    monkeypatch.delenv("NEWSROOM_EDITOR_PASSWORD", raising=False)

    create_local_editor()

    assert client.login(username="editor", password="newsroom-editor")


def test_create_local_editor_refuses_other_databases(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")

    with pytest.raises(CommandError, match="--force"):
        call_command("create_local_editor", stdout=io.StringIO())

    assert not get_user_model().objects.filter(username="editor").exists()
