"""The starting vocabulary and the region tree that the data migrations load."""

from collections import Counter

import pytest

from taxonomy.models import Place, Topic

pytestmark = pytest.mark.django_db

STARTING_TOPICS = {
    "基层治理", "网格化管理", "党员教育", "干部考核", "干部培训", "作风建设", "养老服务",
    "民族团结", "乡村振兴", "移风易俗", "物业服务", "新就业群体", "营商环境",
    "人才与科技服务", "社区教育", "人大与党代表履职", "边境治理", "安全生产", "民生实事",
}  # fmt: skip


def test_the_nineteen_starting_topics_each_have_signal_words():
    topics = {t.name: t for t in Topic.objects.all()}
    assert STARTING_TOPICS <= topics.keys()
    for name in STARTING_TOPICS:
        assert len(topics[name].signal_words) >= 5, name
        assert topics[name].slug.isascii(), name
    assert topics["网格化管理"].parent == topics["基层治理"]


def test_twelve_leagues_and_cities_under_the_region():
    region = Place.objects.get(level=1)
    assert (region.name, region.kind, region.code) == ("内蒙古自治区", "自治区", "15")
    prefectures = Place.objects.filter(level=2)
    assert prefectures.count() == 12
    assert set(prefectures.values_list("parent", flat=True)) == {region.pk}
    kinds = Counter(prefectures.values_list("kind", flat=True))
    assert kinds == {"地级市": 9, "盟": 3}
    assert set(prefectures.filter(kind="盟").values_list("name", flat=True)) == {
        "兴安盟", "锡林郭勒盟", "阿拉善盟",
    }  # fmt: skip


def test_one_hundred_and_three_county_level_divisions_with_parent_and_type():
    counties = Place.objects.filter(level=3).exclude(kind=Place.Kind.ADMINISTRATIVE_AREA)
    assert counties.count() == 103
    assert not counties.filter(parent__isnull=True).exists()
    assert not counties.exclude(parent__level=2).exists()
    assert not counties.filter(code__isnull=True).exists()
    assert Counter(counties.values_list("kind", flat=True)) == {
        "旗": 49, "市辖区": 23, "县": 17, "县级市": 11, "自治旗": 3,
    }  # fmt: skip
    # Spot checks against the division list.
    assert Place.objects.get(name="赛罕区").parent.name == "呼和浩特市"
    assert Place.objects.get(name="科尔沁左翼后旗").parent.name == "通辽市"
    assert Place.objects.get(name="额尔古纳市").kind == "县级市"
    assert Place.objects.get(name="鄂伦春自治旗").kind == "自治旗"
    assert Place.objects.get(code="152922").name == "阿拉善右旗"


def test_ulagai_is_an_administrative_area_under_xilingol_league():
    place = Place.objects.get(name="乌拉盖管理区")
    assert place.parent.name == "锡林郭勒盟"
    assert (place.kind, place.level, place.code) == ("管理区", 3, None)


def test_short_forms_the_papers_use():
    assert "科左后旗" in Place.objects.get(name="科尔沁左翼后旗").short_names
    assert "土左旗" in Place.objects.get(name="土默特左旗").short_names
