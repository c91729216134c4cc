"""CSRF protection is on: a signed-in editor's browser cannot be made to post for them.

The test client skips CSRF checks unless asked; these clients enforce them, as a
browser's requests are checked.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def chief():
    return get_user_model().objects.create_superuser("zhubian", password="zb-pw-12345")


def test_signing_in_needs_the_forms_token(chief):
    browser = Client(enforce_csrf_checks=True)
    form = {"username": "zhubian", "password": "zb-pw-12345", "next": "/admin/"}
    assert browser.post(reverse("admin:login"), form).status_code == 403
    assert "_auth_user_id" not in browser.session

    token = _token(browser.get(reverse("admin:login")))
    signed_in = browser.post(reverse("admin:login"), {**form, "csrfmiddlewaretoken": token})
    assert signed_in.status_code == 302


def test_an_admin_action_without_the_token_changes_nothing(chief):
    article = build_article(headline="原标题", status=Article.Status.NEEDS_REVIEW)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(chief)
    changelist = reverse("admin:articles_article_changelist")
    delete = {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}

    forged = browser.post(changelist, delete)

    assert forged.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    # The same request with the page's token goes through: the 403 was the CSRF check.
    token = _token(browser.get(changelist))
    assert browser.post(changelist, {**delete, "csrfmiddlewaretoken": token}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
