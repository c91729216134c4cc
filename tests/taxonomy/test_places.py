"""Linking articles to places; every official place is recognised in a sentence."""

import pytest
from django.core.management import call_command

from taxonomy.models import ArticlePlace, Place
from taxonomy.places import PlaceIndex, link_places
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db


def test_every_league_city_and_county_is_recognised_in_a_sentence():
    index = PlaceIndex()
    official = Place.objects.filter(level__in=[2, 3])
    assert official.count() == 12 + 103 + 1  # with 乌拉盖管理区
    missed = []
    for place in official:
        for name in (place.name, *place.short_names):
            sentence = f"近日，{name}组织干部群众开展志愿服务活动。"
            keys = [m.key for m in index.gazetteer.mentions(sentence)]
            if keys != [place.pk]:
                missed.append(name)
    assert missed == []


@pytest.mark.parametrize(
    "sentence, official_name",
    [
        ("科左后旗全力推进农村牧区移风易俗工作。", "科尔沁左翼后旗"),
        ("曾使土左旗悠乐城社区内74栋楼3616户居民饱受困扰。", "土默特左旗"),
        ("近日，赛罕区创新党代表履职机制。", "赛罕区"),
        ("阿拉善右旗直面基层干部考核中存在的痛点。", "阿拉善右旗"),
        ("乌拉盖管理区施行“五心”工作法。", "乌拉盖管理区"),
    ],
)
def test_short_forms_link_to_the_official_place(sentence, official_name):
    article = make_article(paragraphs=[sentence])
    links = link_places(article, sentence)
    assert official_name in [link.place.name for link in links]


def test_lower_levels_are_created_unconfirmed_under_the_county():
    text = "曾使土左旗悠乐城社区内74栋楼居民饱受困扰。悠乐城社区党支部书记张青青介绍说。"
    article = make_article(paragraphs=[text])
    link_places(article, text)
    community = Place.objects.get(name="悠乐城社区")
    assert (community.kind, community.level, community.confirmed) == ("社区", 5, False)
    assert community.parent.name == "土默特左旗"
    assert article.place_links.get(place=community).mentions == 2


def test_a_community_is_not_linked_in_an_article_that_names_another_county():
    first = "曾使土左旗悠乐城社区内74栋楼居民饱受困扰。"
    link_places(make_article(paragraphs=[first]), first)
    elsewhere = "包头市青山区的悠乐城社区开展活动。"
    article = make_article(paragraphs=[elsewhere])
    names = [link.place.name for link in link_places(article, elsewhere)]
    assert "悠乐城社区" not in names
    assert "青山区" in names


def test_relinking_is_idempotent_and_follows_edits():
    text = "通辽市科左后旗茂道吐苏木高井嘎查迎来了移风易俗奖耕地活动。"
    article = make_article(paragraphs=[text])
    call_command("relink_places", stdout=open("/dev/null", "w"))
    first = sorted(article.place_links.values_list("place__name", "mentions"))
    places_after_first = Place.objects.count()
    call_command("relink_places", stdout=open("/dev/null", "w"))
    assert sorted(article.place_links.values_list("place__name", "mentions")) == first
    assert Place.objects.count() == places_after_first
    assert ("高井嘎查", 1) in first and ("科尔沁左翼后旗", 1) in first
    assert Place.objects.get(name="高井嘎查").parent.name == "茂道吐苏木"

    article.blocks.update(text="乌海市海勃湾区召开会议。")
    call_command("relink_places", stdout=open("/dev/null", "w"))
    assert set(article.place_links.values_list("place__name", flat=True)) == {"乌海市", "海勃湾区"}
    assert ArticlePlace.objects.filter(place__name="高井嘎查").count() == 0
