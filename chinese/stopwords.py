"""Words too common to weigh: the paper's list, and the parser's shorter one.

Two lists, because they answer two questions. :func:`news_copy` (``dictionaries/
stopwords.txt``) is what keywords, the archive's IDF and related articles leave out: every
word of the copy that does not tell one article from another. :data:`PAGE_EVIDENCE` is what
the parser leaves out when it asks whether two pieces of one page talk about the same
thing; it keeps 记者, 近日… (no two pieces share them by chance: they are set apart by
the rules) and adds 今年, 发展, 建设, which every piece of a regional page shares. The
extraction was measured with it (``make eval``); changing it changes what the parser
decides.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STOPWORDS_FILE = Path(__file__).resolve().parent / "dictionaries" / "stopwords.txt"

# Words so common on these pages that sharing them says nothing about a topic.
PAGE_EVIDENCE = frozenset(
    "我们 他们 你们 一个 进行 通过 工作 开展 同时 以及 不断 积极 进一步 相关 目前 今年 近年来 "
    "已经 实现 推动 推进 提升 加强 持续 充分 切实 全面 有效 坚持 围绕 不仅 还是 就是 这样 "
    "一些 各类 方面 方式 情况 问题 发展 建设 服务".split()
)


@cache
def news_copy() -> frozenset[str]:
    """Words too common in news copy to tell articles apart (近日, 开展, 记者…)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
