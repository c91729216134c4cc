"""Place recognition without the database: names, short forms, lower levels in chains."""

import pytest

from chinese import tokenizers
from taxonomy import gazetteer
from taxonomy.gazetteer import Gazetteer


def official_gazetteer():
    names, levels = {}, {}
    for division in gazetteer.divisions():
        for name in (division.name, *division.short_names):
            names.setdefault(name, division.name)
        levels[division.name] = division.level
    return Gazetteer(names, levels)


GAZETTEER = official_gazetteer()


def test_places_dictionary_file_is_current():
    entries = tokenizers.dictionary_entries(tokenizers.DICTIONARY_DIR / "places.txt")
    assert [f"{word} {tag}" for word, _, tag in entries] == gazetteer.dictionary_lines()


def test_division_list_sizes():
    rows = gazetteer.divisions()
    assert sum(1 for d in rows if d.level == 2) == 12
    assert sum(1 for d in rows if d.level == 3 and d.code) == 103


@pytest.mark.parametrize(
    "text, expected",
    [
        ("通辽市科左后旗茂道吐苏木高井嘎查", ["通辽市", "科尔沁左翼后旗"]),
        ("曾使土左旗悠乐城社区内74栋楼", ["土默特左旗"]),
        ("阿拉善盟阿拉善右旗巴彦高勒苏木党委书记", ["阿拉善盟", "阿拉善右旗"]),
        ("家住锡林郭勒盟乌拉盖管理区巴彦胡硕镇", ["锡林郭勒盟", "乌拉盖管理区"]),
        ("在“通辽社会工作”公众号内嵌入电子地图", ["通辽市"]),
        ("锡林郭勒盟黄旗抢抓抓党建促乡村振兴战略机遇", ["锡林郭勒盟", "镶黄旗"]),
        ("走进赤峰市阿鲁科尔沁旗新城乡扫帚包村", ["赤峰市", "阿鲁科尔沁旗"]),
        # Streets named after places are not the places.
        ("乌兰察布东路街道长乐官社区党委副书记孙宇", []),
        ("赛罕区兴安南路街道中海社区", ["赛罕区"]),
        # 鄂托克旗 is not inside 鄂托克前旗, 杭锦旗 not inside 杭锦后旗.
        ("鄂尔多斯市鄂托克前旗把从严治吏", ["鄂尔多斯市", "鄂托克前旗"]),
        ("巴彦淖尔市杭锦后旗", ["巴彦淖尔市", "杭锦后旗"]),
    ],
)
def test_known_places_by_full_and_short_names(text, expected):
    assert [m.key for m in GAZETTEER.mentions(text)] == expected


@pytest.mark.parametrize(
    "text, found",
    [
        ("呼和浩特市赛罕区大学东路街道外卖小哥曹刚", [("大学东路街道", "街道", 4)]),
        (
            "巴彦淖尔市乌拉特中旗海流图镇巴仁宝勒格村的各类水果大棚",
            [("海流图镇", "镇", 4), ("巴仁宝勒格村", "村", 5)],
        ),
        (
            "通辽市科左后旗茂道吐苏木高井嘎查也迎来了",
            [("茂道吐苏木", "苏木", 4), ("高井嘎查", "嘎查", 5)],
        ),
        (
            "回民区环河街道办事处工人南村社区积极探索",
            [("环河街道", "街道", 4), ("工人南村社区", "社区", 5)],
        ),
        (
            "回民区海西路办事处赛马场北路社区党支部",
            [("海西路街道", "街道", 4), ("赛马场北路社区", "社区", 5)],
        ),
        ("曾使土左旗悠乐城社区内74栋楼", [("悠乐城社区", "社区", 5)]),
        (
            "为土默特右旗双河镇、将军尧镇农民专业合作社",
            [("双河镇", "镇", 4), ("将军尧镇", "镇", 4)],
        ),
        (
            "乌兰察布市集宁区桥西街街道马桥街社区的居民小区",
            [("桥西街街道", "街道", 4), ("马桥街社区", "社区", 5)],
        ),
        # Not places: verbs and generic words before a suffix.
        ("赛罕区以提升镇(街道)、社区、网格治理能力为主线", []),
        ("兴安盟乌兰浩特市组织开展镇级党组织委员", []),
        ("集宁区村、社区干部整体优化提升行动", []),
        ("赛罕区城乡社区建设", []),
    ],
)
def test_lower_levels_chained_after_a_known_place(text, found):
    _, places = GAZETTEER.find_places(text)
    assert [(p.name, p.kind, p.level) for p in places] == found


def test_a_village_is_chained_under_its_township():
    _, (township, village) = GAZETTEER.find_places("杭锦旗伊和乌素苏木巴音温都尔嘎查党支部书记")
    assert township.parent == "杭锦旗"
    assert village.parent is township


def test_empty_and_latin_text_name_no_places():
    assert GAZETTEER.find_places("") == ([], [])
    assert GAZETTEER.find_places("Hohhot, Inner Mongolia") == ([], [])
    assert Gazetteer({}, {}).mentions("赛罕区") == []


def test_a_community_named_alone_goes_under_the_nearest_county_before_it():
    text = (
        "呼和浩特市赛罕区大学东路街道外卖小哥曹刚在送餐过程中，发现桃园社区阳光北小区一处燃气管道"
    )
    _, found = GAZETTEER.find_places(text)
    assert [(p.name, p.parent) for p in found] == [
        ("大学东路街道", "赛罕区"),
        ("桃园社区", "赛罕区"),
    ]


def test_a_community_named_alone_without_any_county_is_not_guessed():
    assert GAZETTEER.find_places("走进自一社区永盛成养老服务中心") == ([], [])


def test_a_place_found_in_a_chain_is_not_found_again_alone():
    text = "乌兰察布市集宁区桥西街街道马桥街社区开展宣讲。家住马桥街社区老分局小区的李大爷说。"
    _, found = GAZETTEER.find_places(text)
    assert [(p.name, p.level) for p in found] == [("桥西街街道", 4), ("马桥街社区", 5)]
