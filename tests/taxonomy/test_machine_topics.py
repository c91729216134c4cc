"""Machine topics: suggestions scored at a measured precision are filed for readers at once.

The threshold rests on two judged sets (taxonomy.precision): the seed pages' items, whose
topics were written by reading them, and the development corpus, whose suggestions were
judged by reading the articles (read at run time, never copied here; skipped where absent).
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.desk.groups import EDITORS, ensure_desk_groups
from taxonomy import precision
from taxonomy.analysis import MACHINE_THRESHOLD, SUGGESTION_THRESHOLD
from taxonomy.indexing import index_articles
from taxonomy.models import ArticleTopic, Topic
from taxonomy.suggestions import machine_state, topic_signals
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db

# What a reader may expect of a topic the machine shows: nine in ten really about it.
PRECISION_WANTED = 0.9

GRID_STORY = [
    "回民区环河街道办事处工人南村社区积极探索社区治理新模式，以“铁三角”即党支部、网格员、"
    "楼栋长联合为切入点，推动服务力量下沉，激活社区“微治理”。",
    "网格员和单元长们多次在小区内召开居民议事会，小区的4位单元长主动承担协调收费工作。",
    "网格员每日巡查，及时发现并上报问题，推动服务力量向网格集聚、服务资源向网格下沉。",
]


def states(article):
    return dict(article.topic_links.values_list("topic__name", "state"))


@pytest.fixture(scope="module")
def seed_suggestions(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return precision.suggestions(precision.seed_items(), topic_signals())


@pytest.fixture(scope="module")
def corpus_suggestions(django_db_setup, django_db_blocker):
    items = precision.corpus_items()
    if not items:
        pytest.skip("the development corpus is not on this machine")
    with django_db_blocker.unblock():
        return precision.suggestions(items, topic_signals())


class TestTheThreshold:
    def test_seed_pages_meet_the_precision_at_the_threshold(self, seed_suggestions):
        at = precision.precision_at(seed_suggestions, MACHINE_THRESHOLD)
        assert at.unjudged == 0
        assert at.suggestions >= 40  # most seed items get a topic readers see
        assert at.precision >= PRECISION_WANTED
        # Even counting only what an editor would file them under.
        assert at.strict >= PRECISION_WANTED

    def test_the_corpus_meets_the_precision_at_the_threshold(self, corpus_suggestions):
        at = precision.precision_at(corpus_suggestions, MACHINE_THRESHOLD)
        assert at.unjudged == 0, "suggestions the judgements do not cover: judge them first"
        assert at.precision >= PRECISION_WANTED

    def test_the_threshold_is_the_lowest_that_meets_it_on_both(
        self, seed_suggestions, corpus_suggestions
    ):
        lower = [t for t in precision.THRESHOLDS if SUGGESTION_THRESHOLD <= t < MACHINE_THRESHOLD]
        assert lower
        for threshold in lower:
            seed = precision.precision_at(seed_suggestions, threshold)
            corpus = precision.precision_at(corpus_suggestions, threshold)
            assert min(seed.strict, corpus.precision) < PRECISION_WANTED, threshold

    def test_a_wrong_suggestion_counts_against_the_precision(self):
        judged = precision.Judged(
            key="k", text="", expected=frozenset({"甲"}), acceptable=frozenset({"乙"})
        )
        made = [
            precision.Suggestion("k", topic, 0.5, 0, judged.verdict(topic))
            for topic in ("甲", "乙", "丙")
        ]
        at = precision.precision_at(made, 0.4)
        assert (at.suggestions, at.right, at.expected) == (3, 2, 1)
        corpus_like = precision.Judged(
            key="k", text="", expected=frozenset(), acceptable=frozenset(), wrong=frozenset({"丙"})
        )
        assert corpus_like.verdict("丙") == "wrong"
        assert corpus_like.verdict("丁") == "unjudged"


class TestFiling:
    def test_a_strong_suggestion_is_filed_by_the_machine(self):
        article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
        index_articles([article], related=False)
        link = article.topic_links.get(topic__name="网格化管理")
        assert link.score >= MACHINE_THRESHOLD
        assert link.state == ArticleTopic.State.MACHINE
        for other in article.topic_links.exclude(pk=link.pk):
            assert other.state == machine_state(other.score)

    def test_the_state_follows_the_score(self):
        assert machine_state(MACHINE_THRESHOLD) == ArticleTopic.State.MACHINE
        assert machine_state(MACHINE_THRESHOLD - 0.01) == ArticleTopic.State.SUGGESTED

    def test_a_machine_topic_goes_when_the_text_no_longer_says_it(self):
        article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
        index_articles([article], related=False)
        assert states(article)["网格化管理"] == ArticleTopic.State.MACHINE
        article.blocks.update(text="今年以来，全旗举办农牧民夜校二十余期。")
        article.headline = "农牧民夜校"
        article.save()
        index_articles([article], related=False)
        assert "网格化管理" not in states(article)

    def test_an_editors_decision_is_never_undone_by_the_machine(self):
        article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
        index_articles([article], related=False)
        article.topic_links.filter(topic__name="网格化管理").update(
            state=ArticleTopic.State.REJECTED
        )
        index_articles([article], related=False)
        assert states(article)["网格化管理"] == ArticleTopic.State.REJECTED

    def test_machine_topics_are_the_articles_topics(self):
        article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
        index_articles([article], related=False)
        assert "网格化管理" in Topic.objects.for_article(article).values_list("name", flat=True)


class TestTheDeskTakesThemBack:
    @pytest.fixture
    def links(self):
        article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
        index_articles([article], related=False)
        machine = article.topic_links.get(topic__name="网格化管理")
        added = ArticleTopic.objects.create(
            article=article, topic=Topic.objects.get(name="移风易俗"), state="added"
        )
        return machine, added

    @pytest.fixture
    def editor(self, client, settings):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        ensure_desk_groups()
        user = get_user_model().objects.create_user("bianji", password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        client.force_login(user)
        return client

    def act(self, client, action, links):
        return client.post(
            reverse("admin:taxonomy_articletopic_changelist"),
            {"action": action, ACTION_CHECKBOX_NAME: [link.pk for link in links]},
            follow=True,
        )

    def test_withdrawing_rejects_machine_topics_only(self, editor, links):
        machine, added = links
        before = machine.updated_at
        response = self.act(editor, "withdraw_machine_topics", links)
        machine.refresh_from_db()
        added.refresh_from_db()
        assert machine.state == ArticleTopic.State.REJECTED
        assert machine.updated_at > before  # the site's ETags follow it
        assert added.state == ArticleTopic.State.ADDED
        shown = [str(m) for m in response.context["messages"]]
        assert shown == ["已撤销 1 条机器标注。", "1 条不是机器标注，未改动。"]
        # Rejected: the next indexing run does not file it again.
        index_articles([machine.article], related=False)
        machine.refresh_from_db()
        assert machine.state == ArticleTopic.State.REJECTED

    def test_confirming_makes_them_the_editors(self, editor, links):
        machine, _ = links
        self.act(editor, "confirm_machine_topics", [machine])
        machine.refresh_from_db()
        assert machine.state == ArticleTopic.State.ACCEPTED

    def test_the_list_filters_them_by_state(self, editor, links):
        machine, _ = links
        response = editor.get(
            reverse("admin:taxonomy_articletopic_changelist"), {"state__exact": "machine"}
        )
        listed = [link.pk for link in response.context["cl"].result_list]
        assert machine.pk in listed
        assert all(link.state == "machine" for link in response.context["cl"].result_list)

    def test_the_articles_desk_form_rejects_one(self, editor, links):
        machine, _ = links
        change = reverse("admin:articles_article_change", args=[machine.article_id])
        html = editor.get(change).content.decode()
        reject = reverse(
            "admin:articles_article_topic", args=[machine.article_id, machine.pk, "reject"]
        )
        assert "机器标注" in html and reject in html
        editor.post(reject)
        machine.refresh_from_db()
        assert machine.state == ArticleTopic.State.REJECTED

    def test_staff_without_the_right_cannot_withdraw(self, client, links):
        machine, _ = links
        user = get_user_model().objects.create_user("guest", password="pw", is_staff=True)
        client.force_login(user)
        response = self.act(client, "withdraw_machine_topics", [machine])
        assert response.status_code == 403
        machine.refresh_from_db()
        assert machine.state == ArticleTopic.State.MACHINE
