"""jieba's segmentation with its word graph walked by compiled code: the same words, faster.

jieba (0.42.1) cuts a text in three steps. It lists every dictionary word that starts at
each character (the DAG), picks the most probable path through them (the route), and
lets its HMM cut the runs of single characters that no dictionary word covers. The first
two steps are Python loops over every character, about two thirds of jieba's time on news
copy, and the import segments every page twice (the parser's evidence, then search and
the taxonomy).

jieba-next ships those two steps compiled: a trie over the same frequency table that
returns the same route (same log-frequency sums, ties to the longer word, as jieba's
``max`` over ``(score, end)``). Everything else stays jieba's own: its regular
expressions, its dictionary and user words, its HMM. So the words are jieba's, which the
tests check against jieba itself. jieba-next's own tokenizer is not used: its HMM breaks
ties between unknown characters differently and its block patterns differ (``5%-10%``),
so its words are not jieba's. Its trie keeps at most 12 words starting at one character
where jieba keeps them all; no character of jieba's dictionary or the paper's starts more
than 7, and a test holds the dictionaries to the limit.

The trie costs about 57 MiB a dictionary in each process that builds it, so it is used
only where whole archives are cut: the commands that import pages, reindex articles or
compute the IDF run inside :func:`compiled_routes`. Everywhere else (a web worker cutting
a reader's query, an editor's save) jieba's own route serves, and the words are the same.

Only accurate mode is served (``cut``/``lcut`` with or without the HMM, and
``cut_for_search``, which builds on it); full mode needs the DAG itself and raises.
"""

from __future__ import annotations

from contextlib import contextmanager
from itertools import count, repeat

import jieba
from jieba_next.jieba_next_rust import PrefixDict

_compiled_routes = False


@contextmanager
def compiled_routes():
    """Within the block, every :class:`Tokenizer` of the process (and of processes forked
    in it) takes its routes from the compiled trie."""
    global _compiled_routes
    before, _compiled_routes = _compiled_routes, True
    try:
        yield
    finally:
        _compiled_routes = before


class Tokenizer(jieba.Tokenizer):
    """A ``jieba.Tokenizer`` whose route comes from a compiled trie of its frequency table.

    The trie (about 57 MiB for jieba's dictionary, 0.1 s to build) is built on the first
    cut within :func:`compiled_routes`, and again after the table changes (``add_word``,
    ``del_word``, ``suggest_freq``, ``load_userdict``, a new dictionary). A word added
    without a frequency is cut to find one (``suggest_freq``); those cuts take jieba's own
    route, so that adding a dictionary of such words builds the trie once, after the last,
    not once a word.
    """

    def __init__(self, dictionary=jieba.DEFAULT_DICT):
        super().__init__(dictionary)
        self._trie = None
        self._suggesting = False

    def initialize(self, dictionary=None):
        super().initialize(dictionary)
        self._trie = None

    def add_word(self, word, freq=None, tag=None):
        super().add_word(word, freq, tag)
        self._trie = None

    def suggest_freq(self, segment, tune=False):
        self._suggesting = True
        try:
            return super().suggest_freq(segment, tune)
        finally:
            self._suggesting = False

    def cut(self, sentence, cut_all=False, HMM=True, use_paddle=False):  # noqa: N803 jieba's name
        if cut_all or use_paddle:
            raise NotImplementedError("chinese.segmenter.Tokenizer cuts in accurate mode only")
        return super().cut(sentence, HMM=HMM)

    # jieba's accurate mode asks for the graph, then for the route through it. The trie
    # gives the route in one step, so the graph is built only for jieba's own route.
    def get_DAG(self, sentence):  # noqa: N802 jieba's name
        if self._suggesting or not _compiled_routes:
            return super().get_DAG(sentence)
        return None

    def calc(self, sentence, DAG, route):  # noqa: N803 jieba's names
        if DAG is not None:
            return super().calc(sentence, DAG, route)
        self.check_initialized()
        trie = self._trie
        if trie is None:
            trie = self._trie = PrefixDict(self.FREQ, float(self.total))
        # jieba's route holds (log probability, end) for each start and for the end of the
        # sentence; cutting reads only the ends.
        route.update(zip(count(), zip(repeat(0.0), trie.get_dag_and_calc(sentence))))
