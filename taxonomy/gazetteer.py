"""The region's place names and how to find them in article text. Pure Python, no Django.

The first three levels (内蒙古自治区, its 12 盟/市 and 103 旗/县/区/县级市) come from the
official division list in ``fixtures/divisions_15.json``; the short forms the papers use and
the administrative areas missing from that list are data kept here. Lower levels (苏木/镇/
乡/街道, 嘎查/村/社区) are not listed anywhere: :func:`find_places` picks them up where the
text names them right after a known place (赛罕区大学东路街道桃园社区).
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS_FILE = Path(__file__).resolve().parent / "fixtures" / "divisions_15.json"

LEVEL_OF_KIND = {
    "自治区": 1,
    "盟": 2,
    "地级市": 2,
    "旗": 3,
    "自治旗": 3,
    "县": 3,
    "县级市": 3,
    "市辖区": 3,
    "管理区": 3,
    "苏木": 4,
    "镇": 4,
    "乡": 4,
    "街道": 4,
    "嘎查": 5,
    "村": 5,
    "社区": 5,
}

# Short forms printed in the papers, by official name. Only forms that cannot be read as
# something else: 兴安 is left out (兴安南路, 大兴安岭), so is 额尔古纳 (the river).
SHORT_NAMES = {
    "内蒙古自治区": ["内蒙古", "自治区"],
    "呼和浩特市": ["呼和浩特", "呼市"],
    "包头市": ["包头"],
    "乌海市": ["乌海"],
    "赤峰市": ["赤峰"],
    "通辽市": ["通辽"],
    "鄂尔多斯市": ["鄂尔多斯"],
    "呼伦贝尔市": ["呼伦贝尔"],
    "巴彦淖尔市": ["巴彦淖尔"],
    "乌兰察布市": ["乌兰察布"],
    "锡林郭勒盟": ["锡盟"],
    "阿拉善盟": ["阿盟"],
    "土默特左旗": ["土左旗"],
    "土默特右旗": ["土右旗"],
    "托克托县": ["托县"],
    "和林格尔县": ["和林县"],
    "达尔罕茂明安联合旗": ["达茂旗", "达茂联合旗"],
    "阿鲁科尔沁旗": ["阿旗"],
    "克什克腾旗": ["克旗"],
    "翁牛特旗": ["翁旗"],
    "科尔沁左翼中旗": ["科左中旗"],
    "科尔沁左翼后旗": ["科左后旗"],
    "科尔沁右翼前旗": ["科右前旗"],
    "科尔沁右翼中旗": ["科右中旗"],
    "鄂托克前旗": ["鄂前旗"],
    "伊金霍洛旗": ["伊旗"],
    "准格尔旗": ["准旗"],
    "达拉特旗": ["达旗"],
    "莫力达瓦达斡尔族自治旗": ["莫旗", "莫力达瓦旗"],
    "鄂温克族自治旗": ["鄂温克旗"],
    "陈巴尔虎旗": ["陈旗"],
    "新巴尔虎左旗": ["新左旗"],
    "新巴尔虎右旗": ["新右旗"],
    "乌拉特前旗": ["乌前旗"],
    "乌拉特中旗": ["乌中旗"],
    "乌拉特后旗": ["乌后旗"],
    "察哈尔右翼前旗": ["察右前旗"],
    "察哈尔右翼中旗": ["察右中旗"],
    "察哈尔右翼后旗": ["察右后旗"],
    "东乌珠穆沁旗": ["东乌旗"],
    "西乌珠穆沁旗": ["西乌旗"],
    "苏尼特左旗": ["苏左旗"],
    "苏尼特右旗": ["苏右旗"],
    # 锡林郭勒盟黄旗 (seed page 001) is 镶黄旗.
    "镶黄旗": ["黄旗"],
    "正镶白旗": ["正白旗"],
    "阿拉善左旗": ["阿左旗"],
    "阿拉善右旗": ["阿右旗"],
}


@dataclass(frozen=True)
class Division:
    """One row of the region tree before it is stored."""

    name: str
    kind: str
    level: int
    code: str | None
    parent_code: str | None
    short_names: tuple[str, ...] = ()


# Areas the papers name as county-level units that the division list does not carry.
EXTRA_DIVISIONS = (
    # 乌拉盖管理区 (seed page 004): run by 锡林郭勒盟 like a banner, not a legal division.
    Division("乌拉盖管理区", "管理区", 3, None, "1525", ("乌拉盖",)),
)


@cache
def divisions() -> tuple[Division, ...]:
    """The region, its 12 盟/市 and its county-level units, parents before children."""
    region = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))["region"]
    rows = []

    def walk(node, parent_code):
        kind = node["type"]
        rows.append(
            Division(
                node["name"],
                kind,
                LEVEL_OF_KIND[kind],
                node["code"],
                parent_code,
                tuple(SHORT_NAMES.get(node["name"], ())),
            )
        )
        for child in node.get("children", ()):
            walk(child, node["code"])

    walk(region, None)
    return (*rows, *EXTRA_DIVISIONS)


def dictionary_lines() -> list[str]:
    """Lines of the jieba user dictionary of place names (``name ns``), sorted."""
    names = set()
    for division in divisions():
        names.add(division.name)
        names.update(division.short_names)
    return [f"{name} ns" for name in sorted(names)]


# Lower levels, found only right after a place the gazetteer knows.
_BODY = r"[\u4e00-\u9fff]{2,8}?"
_TOWNSHIP = re.compile(rf"(?P<body>{_BODY})(?P<suffix>街道办事处|街道|办事处|苏木|镇|乡)")
_VILLAGE = re.compile(rf"(?P<body>{_BODY})(?P<suffix>社区|嘎查|村)")
_SUFFIX_KIND = {
    "街道办事处": "街道",
    "办事处": "街道",
    "街道": "街道",
    "苏木": "苏木",
    "镇": "镇",
    "乡": "乡",
}
# Characters and words that never occur inside a place name but often follow one:
# 赛罕区以提升镇(街道), 乌兰浩特市组织开展镇级党组织, 城乡社区. Characters common in
# Mongolian names are missing on purpose: 伊和乌素苏木, 巴音温都尔嘎查, 那日图苏木, 将军尧镇.
_NOT_IN_NAME = re.compile(
    r"[的了在是与及以为对把向从由于等各该这之也就还并而或被让给到委党]"
    r"|组织|开展|推进|推动|实施|建立|成立|探索|坚持|深化|加强|提升|打造|围绕|聚焦|全面|积极"
    r"|持续|创新|率先|城乡|乡镇|乡村|农村|牧区|城市|基层|全市|全旗|全县|全区|辖区|所有|部分"
)


# A 社区/嘎查/街道/苏木 named on its own, right after a verb that introduces a place:
# 发现桃园社区阳光北小区, 走进自一社区, 光顾都兰社区图书室. 村, 镇 and 乡 are left out:
# alone they are too often ordinary words.
_STANDALONE = re.compile(
    r"(?:发现|家住|住在|居住在|走进|来到|位于|光顾)"
    r"(?P<body>[\u4e00-\u9fff]{2,5}?)(?P<suffix>社区|嘎查|街道|苏木)"
)


@dataclass(frozen=True)
class Mention:
    """A known place named in the text: key is whatever the caller keyed its names by."""

    key: object
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class FoundPlace:
    """A lower-level place the text names right after a known or found place."""

    name: str
    kind: str
    level: int
    parent: object  # the key of a Mention, or another FoundPlace
    start: int
    end: int


class Gazetteer:
    """Finds known place names in text, longest name first.

    ``names`` maps each name or short form to a key (a primary key, a code…), ``levels``
    maps keys to their level so that lower levels are chained only under county-level and
    township-level places.
    """

    def __init__(self, names: dict[str, object], levels: dict[object, int]):
        self.names = names
        self.levels = levels
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        # 乌兰察布东路 and 兴安南路 are streets, not the city or the league.
        self._pattern = (
            re.compile(rf"(?:{alternatives})(?![东西南北中]?(?:路|大街|街))") if names else None
        )

    def mentions(self, text: str) -> list[Mention]:
        """Every known place named in the text, in order, without overlaps."""
        if self._pattern is None:
            return []
        return [
            Mention(self.names[m.group()], m.group(), m.start(), m.end())
            for m in self._pattern.finditer(text)
        ]

    def find_places(self, text: str) -> tuple[list[Mention], list[FoundPlace]]:
        """Known places named in the text, and the lower-level places chained after them."""
        mentions = self.mentions(text)
        found = []
        for mention in mentions:
            level = self.levels.get(mention.key, 0)
            if level in (3, 4):
                found.extend(_chain(text, mention.end, mention.key, level))
        counties = [m for m in mentions if self.levels.get(m.key) == 3]
        if counties:
            taken = [(p.start, p.end) for p in (*mentions, *found)]
            # 桥西街街道马桥街社区 … 家住马桥街社区: the later mention is the same place.
            named = {p.name for p in found}
            found.extend(p for p in _standalone(text, counties, taken) if p.name not in named)
        # A stored 茂道吐苏木 chains 高井嘎查 again after the county chained both: keep one.
        spans = {}
        for place in found:
            spans.setdefault((place.start, place.end), place)
        return mentions, list(spans.values())


def _standalone(text, counties, taken):
    """Lower levels named alone, placed under the nearest county named before them."""
    places = []
    for match in _STANDALONE.finditer(text):
        start, end = match.start("body"), match.end()
        body = match.group("body")
        if _NOT_IN_NAME.search(body) or any(s < end and start < e for s, e in taken):
            continue
        before = [m for m in counties if m.end <= start]
        county = before[-1] if before else counties[0]
        suffix = match.group("suffix")
        places.append(
            FoundPlace(body + suffix, suffix, LEVEL_OF_KIND[suffix], county.key, start, end)
        )
    return places


def _match_lower(text: str, at: int, level: int):
    pattern = _TOWNSHIP if level == 4 else _VILLAGE
    match = pattern.match(text, at)
    if match is None or _NOT_IN_NAME.search(match.group("body")):
        return None
    body, suffix, end = match.group("body"), match.group("suffix"), match.end()
    if level == 4:
        kind = _SUFFIX_KIND[suffix]
        # 海西路办事处 is 海西路街道's office: name the place, not the office.
        name = body + kind if suffix.endswith("办事处") else body + suffix
    else:
        kind = suffix
        name = body + suffix
        # 工人南村社区 is a 社区 whose name ends in 村.
        if suffix == "村" and text.startswith("社区", end):
            kind, name, end = "社区", name + "社区", end + 2
    return FoundPlace(name, kind, level, None, match.start(), end)


def _chain(text: str, at: int, parent, parent_level: int) -> list[FoundPlace]:
    """Lower levels named right after a place: 科左后旗茂道吐苏木高井嘎查, 双河镇、将军尧镇."""
    found = []
    for level in range(parent_level + 1, 6):
        place = _match_lower(text, at, level)
        if place is None:
            continue
        place = FoundPlace(place.name, place.kind, level, parent, place.start, place.end)
        found.append(place)
        siblings = place
        # 土默特右旗双河镇、将军尧镇: siblings share the parent.
        while text.startswith("、", siblings.end):
            sibling = _match_lower(text, siblings.end + 1, level)
            if sibling is None:
                break
            siblings = FoundPlace(
                sibling.name, sibling.kind, level, parent, sibling.start, sibling.end
            )
            found.append(siblings)
        if level == 4:
            found.extend(_chain(text, place.end, place, 4))
        break
    return found
