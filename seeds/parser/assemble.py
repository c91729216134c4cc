"""Stage 4b, assemble: pieces → items, by evidence rather than position alone.

The page's pieces are first cut into segments wherever something starts an item
(a title, a lead, a byline, a kicker, a brief, a quotation, a caption). Then each
decision the print order leaves open is made on evidence, in this order:

1. titles inside running text: subhead, the headline of the text before it
   (printed after its article, as on 000), the headline of the text after it, or —
   when it interrupts a sentence — the missing headline or a photo caption;
2. title groups at item starts: does the headline belong to the item before (its
   words are that item's words) or to the one after;
3. continuations printed out of order: tails after a mid-sentence break are swapped
   where the break then forms a dictionary word (知识|产权, 专业化能|力);
4. paragraphs at an item's end that plainly belong to another item (its places,
   people and terms, not this one's) move there.

Segments are the assembler's working state; it hands on frozen `Draft` items.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from . import lexicon
from .pieces import Piece, PieceKind
from .records import Credit, Flag, ItemKind, Role
from .rules import (
    AFTER_PAGE_EVIDENCE,
    AFTER_TITLE_MIN_COVERAGE,
    BOX_LABELS,
    CONTINUITY_MIN,
    HEAD_TITLE_CLEAR,
    PULL_QUOTE_MIN_CHARS,
    SWAP_COHERENCE_MIN,
    SWAP_MIN_TAIL_CHARS,
    TAIL_MOVE_MIN,
    TAIL_MOVE_RATIO,
    TITLE_MARGIN,
)
from .typography import is_open_end, starts_with_punctuation, title_text

_DEBUG = os.environ.get("PARSER_DEBUG")
_HEAD = (PieceKind.TITLE, PieceKind.KICKER, PieceKind.BYLINE)


@dataclass
class Segment:
    """An item in the making."""

    kind: ItemKind
    head: list[Piece] = field(default_factory=list)  # kickers, titles, bylines before the body
    body: list[Piece] = field(default_factory=list)  # paragraphs, subheads, quotations
    subheads: set[int] = field(default_factory=set)  # indexes of TITLE pieces used as subheads
    titles_after: list[Piece] = field(default_factory=list)  # a headline printed after the body
    captions: list[Piece] = field(default_factory=list)  # caption pieces (PARA or TITLE)
    caption_credits: dict[int, tuple[Credit, ...]] = field(default_factory=dict)
    closers: list[Piece] = field(default_factory=list)  # credits and source lines it owns
    joins: set[int] = field(default_factory=set)  # body pieces joined to the one before
    flags: set[str] = field(default_factory=set)
    closed: bool = False
    # A photo taken out of the article it was printed in (its caption between paragraphs).
    within: Segment | None = None

    def pieces(self) -> list[Piece]:
        return [*self.head, *self.body, *self.titles_after, *self.captions, *self.closers]

    @property
    def titles(self) -> list[Piece]:
        return [p for p in self.head if p.kind is PieceKind.TITLE] + self.titles_after

    @property
    def paragraphs(self) -> list[Piece]:
        return [p for p in self.body if p.kind is not PieceKind.TITLE]

    def text(self) -> str:
        return "".join(p.text for p in self.body)


@dataclass(frozen=True)
class Draft:
    """An assembled item: the pieces it owns and what was decided about them."""

    kind: ItemKind
    head: tuple[Piece, ...]
    body: tuple[Piece, ...]
    subheads: frozenset[int]
    joins: frozenset[int]
    titles_after: tuple[Piece, ...]
    captions: tuple[Piece, ...]
    caption_credits: dict
    closers: tuple[Piece, ...]
    flags: frozenset[str]
    column: str | None
    column_pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Assembly:
    drafts: tuple[Draft, ...]
    unassigned: tuple[Piece, ...]


def assemble(pieces: tuple[Piece, ...]) -> Assembly:
    """Cut the page's pieces into items and settle what print order leaves open."""
    segments, loose = _segment(pieces)
    _box_labels_into_text(segments)
    segments = _settle_inner_titles(segments)
    _settle_head_titles(segments)
    _swap_continuations(segments)
    _move_tails(segments)
    drafts, unplaced = _columns_and_drafts(segments)
    return Assembly(tuple(drafts), tuple(loose + unplaced))


# 1. Segments ------------------------------------------------------------------------


def _segment(pieces: tuple[Piece, ...]) -> tuple[list[Segment], list[Piece]]:
    segments: list[Segment] = []
    pending: list[Piece] = []
    loose: list[Piece] = []
    current: Segment | None = None

    def start(kind: ItemKind) -> Segment:
        nonlocal pending
        segment = Segment(kind=kind, head=pending)
        pending = []
        segments.append(segment)
        return segment

    for piece in pieces:
        if _pull_quote(pending, piece):
            piece = replace(piece, kind=PieceKind.PARA)
        kind = piece.kind
        if kind in _HEAD:
            pending.append(piece)
        elif kind is PieceKind.PARA:
            if piece.photo_credits:
                current = _caption_segment(segments, current, pending, piece, start)
                current.caption_credits[piece.index] = piece.photo_credits
                current.closed = True
                continue
            pictured = None
            if current is not None and not pending:
                pictured = _text_after_photo(segments, current, lead=piece.lead)
            if pictured is not None:
                current = pictured
            elif (
                current is None
                or pending
                or piece.lead
                or current.closed
                or current.kind is not ItemKind.ARTICLE
            ):
                current = start(ItemKind.ARTICLE)
            current.body.append(piece)
            if piece.signature:
                current.closed = True  # …一查到底。（郭帅）: the text is signed, it ends
        elif kind is PieceKind.BRIEF:
            current = start(ItemKind.BRIEF)
            current.body.append(piece)
            current.closed = True
        elif kind in (PieceKind.QUOTE, PieceKind.ATTRIBUTION):
            if (
                current is None
                or pending
                or current.kind is not ItemKind.QUOTE_BOX
                or current.closed
            ):
                current = start(ItemKind.QUOTE_BOX)
            current.body.append(piece)
            if piece.source:
                current.closed = True
        elif kind is PieceKind.JUMP:
            if piece.jumps[0].forward and current is not None and not pending:
                # （下转第3版） closes the part of the text printed here.
                current.closers.append(piece)
                current.closed = True
            else:
                # （上接第1版） opens the part printed here: it heads the text below.
                pending.append(piece)
        elif kind is PieceKind.SOURCE:
            if current is None or pending:
                loose.extend(pending)
                pending = []
                loose.append(piece)
                continue
            current.closers.append(piece)
            current.closed = True
        elif kind is PieceKind.CREDIT:
            if pending and (
                current is None
                or not current.closed
                or any(p.kind is PieceKind.TITLE for p in pending)
            ):
                # A credit right under a title: the photo (or illustration) has no
                # printed caption; at the top of a page or after a closed item as well.
                current = start(ItemKind.PHOTO)
            elif current is None or not current.paragraphs:
                loose.extend(pending)
                pending = []
                loose.append(piece)
                continue
            else:
                current = _caption_segment(segments, current, [], current.body[-1], start)
            current.closers.append(piece)
            current.caption_credits[current.captions[-1].index if current.captions else -1] = (
                piece.credits
            )
            current.closed = True
    if pending:
        if current is not None and _closing_title_group(pending):
            # Titles at the very end of the page close the item above them (000's layout).
            segments.append(Segment(kind=ItemKind.ARTICLE, head=pending))
        else:
            loose.extend(pending)
    return segments, loose


def _pull_quote(pending: list[Piece], piece: Piece) -> bool:
    """A title-like line under the byline of a titled item is a pull quote, set as text.

    评论员观察 / 以好作风凝聚正能量 / ●李斌 / 狠刹“四风”成为巩固党心民心的重要途径…: the
    headline stands above the byline; what follows the byline is the text's own.
    """
    if piece.kind is not PieceKind.TITLE or piece.markdown or piece.text.startswith("——"):
        return False
    # A pull quote is a sentence of some length, straight under the byline; a short
    # title there is the next item's headline.
    if not pending or pending[-1].kind is not PieceKind.BYLINE:
        return False
    if len(piece.text) < PULL_QUOTE_MIN_CHARS or not any(m in piece.text for m in "，,"):
        return False
    return any(p.kind is PieceKind.TITLE for p in pending[:-1])


def _box_labels_into_text(segments: list[Segment]) -> None:
    """核心阅读 under a title group is a box inside its text: the label opens the text."""
    for n, segment in enumerate(segments):
        labels = []
        while (
            segment.head
            and segment.head[-1].kind is PieceKind.TITLE
            and title_text(segment.head[-1].text) in BOX_LABELS
            and segment.body
        ):
            labels.insert(0, segment.head.pop())
        if not segment.head and n:
            # Labels alone between two texts: the text above decides (_settle_inner_titles).
            segment.head = labels
            continue
        segment.body[:0] = labels
        segment.subheads.update(p.index for p in labels)


def _closing_title_group(pending: list[Piece]) -> bool:
    """Titles left at the page's end, with their kicker and byline (纵横 / 标题 / □土土绒)."""
    return any(p.kind is PieceKind.TITLE for p in pending) and all(
        p.kind in (PieceKind.TITLE, PieceKind.KICKER, PieceKind.BYLINE) for p in pending
    )


def _text_after_photo(segments: list[Segment], current: Segment, *, lead: bool) -> Segment | None:
    """The article that text running on under a photo's credit belongs to, or None.

    Text with no title between it and the credit is the article's.

    Papers set a picture inside its article, under the byline or between paragraphs;
    a photo item of its own is followed by the next item's title, not by more text. A
    lead (本报讯…) under pictures that follow a title group opens the article they head.
    """
    if lead and (
        current.within is not None
        or any(p.kind not in (PieceKind.TITLE, PieceKind.KICKER) for p in current.head)
    ):
        return None
    pictured = current.captions or -1 in current.caption_credits  # 洪  琥绘: no caption
    if current.kind is not ItemKind.PHOTO or not current.closed or not pictured:
        return None
    if current.within is not None and current.within in segments:
        article = current.within
        article.captions += current.captions
        article.caption_credits.update(current.caption_credits)
        article.closers += current.closers
        segments.remove(current)
        return article
    current.kind = ItemKind.ARTICLE
    current.closed = False
    return current


def _caption_segment(segments, current, pending, piece, start) -> Segment:
    """Make `piece` the caption of a photo item, taking it off the segment it ended."""
    if current is not None and current.body and current.body[-1] is piece and not pending:
        if len(current.body) == 1 and current.kind is ItemKind.ARTICLE:
            photo = current
        else:
            current.body.pop()
            photo = Segment(kind=ItemKind.PHOTO, within=current)
            segments.append(photo)
    else:
        photo = start(ItemKind.PHOTO)
    photo.kind = ItemKind.PHOTO
    if photo.body and photo.body[-1] is piece:
        photo.body.pop()
    photo.captions.append(piece)
    return photo


# 2. Titles inside running text -------------------------------------------------------


def _only_titles(segment: Segment) -> bool:
    return bool(segment.head) and all(p.kind is PieceKind.TITLE for p in segment.head)


def _vec(pieces) -> lexicon.Vector:
    return lexicon.combine(lexicon.vector(p.text) for p in pieces)


def _settle_inner_titles(segments: list[Segment]) -> list[Segment]:
    """Decide, for titles printed between paragraphs, what they are."""
    result: list[Segment] = []
    for segment in segments:
        previous = result[-1] if result else None
        if previous is not None and _picture_under_byline(previous, segment):
            # A signed article opening with its picture (□本报记者 … / caption / credit),
            # then a subhead (核心阅读) and the text: the photo was the article's.
            previous.kind = ItemKind.ARTICLE
            previous.closed = False
            previous.body.extend(segment.head)
            previous.subheads.update(p.index for p in segment.head)
            previous.body.extend(segment.body)
            continue
        if (
            previous is None
            or segment.kind is not ItemKind.ARTICLE
            or previous.kind is not ItemKind.ARTICLE
            or (previous.closed and not _closed_by_photo(previous))
            or not previous.paragraphs
            or not _only_titles(segment)
            or not segment.body
            or segment.body[0].lead
            or any(p.markdown == 1 for p in segment.head)
        ):
            result.append(segment)
            continue
        titles = segment.head
        first = segment.body[0]
        last = previous.body[-1]
        if is_open_end(last.text) and not first.lead:
            # A line between two halves of a sentence (004: 旗委党 / 家门口的党课… / 校在…):
            # the missing headline, or else a photo's caption set into the text (003).
            if not previous.titles:
                previous.head.extend(titles)
                previous.flags.add(Flag.UNCERTAIN_HEADLINE)
            else:
                previous.captions.extend(titles)
            previous.joins.add(first.index)
            previous.body.extend(segment.body)
            continue
        title_vec = _vec(titles)
        before = _vec(previous.paragraphs)
        after = _vec(segment.body)
        summarises_before = lexicon.coverage(title_vec, before)
        summarises_after = lexicon.coverage(title_vec, after)
        continuity = lexicon.cosine(before, after)
        if _DEBUG:
            print(
                "INNER",
                titles[0].text,
                round(summarises_before, 3),
                round(summarises_after, 3),
                round(continuity, 3),
            )
        if (
            not previous.titles
            and summarises_before >= AFTER_TITLE_MIN_COVERAGE
            and summarises_before > 2 * summarises_after + TITLE_MARGIN
            and continuity < 2 * CONTINUITY_MIN
            and not _parallel(titles, segments)
        ):
            # The headline of the text above, printed after it (000: 玉泉区：…).
            previous.titles_after.extend(titles)
            segment.head = []
            result.append(segment)
        elif (
            continuity >= CONTINUITY_MIN
            or any(p.markdown == 2 for p in titles)
            or all(title_text(p.text) in BOX_LABELS for p in titles)
        ):
            previous.body.extend(titles)
            previous.subheads.update(p.index for p in titles)
            previous.body.extend(segment.body)
        else:
            result.append(segment)
    return result


def _picture_under_byline(previous: Segment, segment: Segment) -> bool:
    return (
        previous.kind is ItemKind.PHOTO
        and previous.captions
        and not previous.paragraphs
        and any(p.kind is PieceKind.BYLINE for p in previous.head)
        and any(p.kind is PieceKind.TITLE for p in previous.head)
        and segment.kind is ItemKind.ARTICLE
        and len(segment.head) == 1
        and _only_titles(segment)
        and bool(segment.body)
        and not segment.body[0].lead
    )


def _closed_by_photo(segment: Segment) -> bool:
    """Closed by a picture's credit printed inside it, not by a signature or source note."""
    return bool(segment.captions) and not any(p.kind is PieceKind.SOURCE for p in segment.closers)


def _parallel(titles: list[Piece], segments: list[Segment]) -> bool:
    """Subheads come in parallel sets (003: 聚焦“急难愁盼”… / 聚焦“群众关切”…)."""
    own = {p.index for p in titles}
    others = [
        p.text
        for s in segments
        for p in s.head
        if p.kind is PieceKind.TITLE and p.index not in own and s.body and not s.body[0].lead
    ]
    return any(t.text[:2] == o[:2] for t in titles for o in others)


# 3. Title groups at item starts -------------------------------------------------------


def _settle_head_titles(segments: list[Segment]) -> None:
    """A headline group may belong to the item above it: 000 prints headlines after bodies.

    A page sets its headlines before their texts, after them, or before for its first
    items and after for the rest (000: the lead article's headline above it, the others
    under theirs). Of those readings, the one the groups' words support best is taken:
    a group's evidence is how much more of its words the text above holds than the text
    below. A page that opens with untitled text, or ends on a title group, reads after.
    """
    candidates = []  # (index of the segment whose head holds the group, group, evidence)
    for n in range(1, len(segments)):
        previous, segment = segments[n - 1], segments[n]
        if previous.kind in (ItemKind.BRIEF, ItemKind.QUOTE_BOX):
            continue
        if not (previous.paragraphs or previous.captions):
            continue
        group = _leading_title_group(segment.head)
        if not group or any(p.markdown == 1 for p in group):
            continue
        rest = segment.head[len(group) :]
        own = (
            _vec(segment.paragraphs or segment.captions) if segment.body or segment.captions else {}
        )
        before = _vec(previous.paragraphs or previous.captions)
        title_vec = _vec([p for p in group if p.kind is PieceKind.TITLE])
        evidence = lexicon.coverage(title_vec, before) - lexicon.coverage(title_vec, own)
        if any(p.kind is PieceKind.TITLE for p in rest) or not own:
            # The text below has a title of its own, or there is no text below.
            evidence = max(evidence, 1.0)
        candidates.append((n, group, evidence))
    if not candidates:
        return
    first = segments[0]
    opens_untitled = bool(first.paragraphs) and not first.titles and first.kind is ItemKind.ARTICLE
    best_split, best_score = len(candidates), None
    for split in range(len(candidates) + 1):
        # Groups before `split` head the text below them; from `split` on, the text above.
        score = sum(e for *_, e in candidates[split:]) - sum(e for *_, e in candidates[:split])
        if opens_untitled and split == 0:
            score += AFTER_PAGE_EVIDENCE
        if best_score is None or score > best_score + 1e-9:
            best_split, best_score = split, score
    for n, group, evidence in candidates[best_split:]:
        previous, segment = segments[n - 1], segments[n]
        if previous.titles or evidence < -HEAD_TITLE_CLEAR:
            continue  # it has its headline already, or this group's words say otherwise
        previous.titles_after.extend(group)
        segment.head = segment.head[len(group) :]


def _leading_title_group(head: list[Piece]) -> list[Piece]:
    """The titles at the top of a head, with a signature glued under them (●孟祥夫)."""
    group: list[Piece] = []
    for n, piece in enumerate(head):
        if piece.kind is PieceKind.KICKER and n == 0:
            # A column kicker heads the group it is printed with, before or after the text.
            group.append(piece)
        elif piece.kind is PieceKind.TITLE:
            group.append(piece)
        elif piece.kind is PieceKind.BYLINE and group and piece.blank_before == 0:
            group.append(piece)
        else:
            break
    if not any(p.kind is PieceKind.TITLE for p in group):
        return []
    return group


# 4. Continuations out of order --------------------------------------------------------


def _swap_continuations(segments: list[Segment]) -> None:
    """Swap the tails after two mid-sentence breaks when the swap joins dictionary words.

    001: 与市知识 | 力。办好… and 专业化能 | 产权保护… read 知识产权 and 能力 once swapped.
    """
    for _ in range(len(segments)):
        breaks = [
            (segment, i)
            for segment in segments
            if segment.kind in (ItemKind.ARTICLE, ItemKind.COMMENTARY)
            for i, piece in enumerate(segment.body[:-1])
            if piece.kind is PieceKind.PARA and is_open_end(piece.text)
        ]
        best = None
        for a, (seg_a, i) in enumerate(breaks):
            for seg_b, j in breaks[a + 1 :]:
                if seg_a is seg_b:
                    continue
                end_a, start_a = seg_a.body[i].text, seg_a.body[i + 1].text
                end_b, start_b = seg_b.body[j].text, seg_b.body[j + 1].text
                kept = _junction(end_a, start_a) + _junction(end_b, start_b)
                swapped = _junction(end_a, start_b) + _junction(end_b, start_a)
                if swapped < kept:
                    continue
                # The swap must also make each article read as one text: a word formed
                # by chance across a break (以|上门) does not move a paragraph. Without a
                # word across the breaks, the texts alone must say so, and clearly.
                coherence = _coherence_gain(seg_a, i, seg_b, j)
                if coherence <= (0 if swapped > kept else SWAP_COHERENCE_MIN):
                    continue
                if (
                    swapped == kept
                    and min(_text_length(seg_a.body[i + 1 :]), _text_length(seg_b.body[j + 1 :]))
                    < SWAP_MIN_TAIL_CHARS
                ):
                    continue  # a few words say too little to move a tail on
                gain = swapped - kept + coherence
                if best is None or gain > best[0]:
                    best = (gain, seg_a, i, seg_b, j)
        if best is None:
            return
        _, seg_a, i, seg_b, j = best
        tail_a, tail_b = seg_a.body[i + 1 :], seg_b.body[j + 1 :]
        seg_a.body[i + 1 :], seg_b.body[j + 1 :] = tail_b, tail_a
        for seg, tail_in in ((seg_a, tail_b), (seg_b, tail_a)):
            seg.flags.add(Flag.STITCHED)
            seg.joins.add(tail_in[0].index)
            moved = {p.index for p in tail_in}
            for other in (seg_a, seg_b):
                if other is not seg:
                    seg.subheads.update(other.subheads & moved)
                    seg.joins.update(other.joins & moved)


def _text_length(pieces) -> int:
    return sum(len(p.text) for p in pieces if p.kind is PieceKind.PARA)


def _coherence_gain(seg_a: Segment, i: int, seg_b: Segment, j: int) -> float:
    def paras(pieces):
        return _vec([p for p in pieces if p.kind is PieceKind.PARA])

    head_a, tail_a = paras(seg_a.body[: i + 1]), paras(seg_a.body[i + 1 :])
    head_b, tail_b = paras(seg_b.body[: j + 1]), paras(seg_b.body[j + 1 :])
    kept = lexicon.cosine(head_a, tail_a) + lexicon.cosine(head_b, tail_b)
    swapped = lexicon.cosine(head_a, tail_b) + lexicon.cosine(head_b, tail_a)
    return swapped - kept


def _junction(end: str, start: str) -> int:
    """How well two texts read as one across a break: a dictionary word across it counts."""
    return 1 if lexicon.word_across(end, start) else 0


# 5. Paragraphs at an item's end that belong to another ---------------------------------


def _move_tails(segments: list[Segment]) -> None:
    """Move closing paragraphs to the item whose places, people and terms they share.

    002: "始终，构建“考核——评价——使用——提升”闭环机制…" ends the 邻距离 article in
    print but talks of nothing else than 考核指标对接发展靶心's 阿拉善右旗 and its 考核.
    The earliest cut that qualifies is taken, so a foreign block moves whole and in order.
    """
    articles = [s for s in segments if s.kind in (ItemKind.ARTICLE, ItemKind.COMMENTARY)]
    for _ in range(len(articles)):
        targets = {id(t): _vec(t.paragraphs) for t in articles if t.paragraphs}
        best = None
        for source in articles:
            settled: set[int] = set()  # targets whose earliest cut is found
            for cut, tail_vec, own in _cuts(source):
                for target in articles:
                    if target is source or id(target) not in targets or id(target) in settled:
                        continue
                    other = lexicon.cosine(tail_vec, targets[id(target)])
                    if other >= TAIL_MOVE_MIN and other >= TAIL_MOVE_RATIO * max(own, 0.01):
                        settled.add(id(target))
                        if best is None or other - own > best[0]:
                            best = (other - own, source, cut, target)
        if best is None:
            return
        _, source, cut, target = best
        tail = source.body[cut:]
        del source.body[cut:]
        moved = {p.index for p in tail}
        target.subheads.update(source.subheads & moved)
        target.joins.update(source.joins & moved)
        target.body.extend(tail)
        target.flags.add(Flag.STITCHED)
        source.flags.add(Flag.STITCHED)


def _cuts(source: Segment):
    """Each place an article could be cut after its second paragraph: (cut, tail, likeness).

    Cuts come earliest first; a cut inside a joined sentence is no cut.
    """
    positions = [i for i, p in enumerate(source.body) if p.kind is PieceKind.PARA]
    if len(positions) < 3:
        return
    vectors = [lexicon.vector(source.body[i].text) for i in positions]
    prefix = [lexicon.Vector()]
    for v in vectors:
        prefix.append(lexicon.combine([prefix[-1], v]))
    suffix = [lexicon.Vector()]
    for v in reversed(vectors):
        suffix.append(lexicon.combine([suffix[-1], v]))
    suffix.reverse()
    for n, cut in enumerate(positions):
        if n < 2 or source.body[cut].index in source.joins:
            continue
        tail_vec = suffix[n]
        yield cut, tail_vec, lexicon.cosine(tail_vec, prefix[n])


# 6. Columns, kinds and flags ------------------------------------------------------------


def _columns_and_drafts(segments: list[Segment]) -> tuple[list[Draft], list[Piece]]:
    drafts: list[Draft] = []
    unplaced: list[Piece] = []
    brief_column: tuple[str, Piece] | None = None
    for segment in segments:
        if not (segment.body or segment.captions or segment.titles_after):
            unplaced.extend(segment.head)
            continue
        kickers = [p for p in (*segment.head, *segment.titles_after) if p.kind is PieceKind.KICKER]
        flags = set(segment.flags)
        column = None
        column_pieces: tuple[Piece, ...] = ()
        if len(kickers) == 1:
            column, column_pieces = kickers[0].text, (kickers[0],)
        elif len(kickers) > 1:
            # Kickers stacked with nothing between them: the page does not say which
            # labels this item, so none is guessed (001, 002).
            unplaced.extend(kickers)
            flags.add(Flag.UNCERTAIN_COLUMN)
        head = tuple(p for p in segment.head if p.kind is not PieceKind.KICKER)
        if segment.kind is ItemKind.BRIEF:
            if column:
                brief_column = (column, kickers[0])
            elif brief_column:
                column = brief_column[0]
        else:
            brief_column = None
        kind = segment.kind
        credits = [c for p in segment.pieces() for c in p.credits]
        if kind is ItemKind.ARTICLE and any(c.role is Role.AUTHOR for c in credits):
            kind = ItemKind.COMMENTARY
        has_title = any(p.kind is PieceKind.TITLE for p in (*head, *segment.titles_after))
        if kind in (ItemKind.ARTICLE, ItemKind.COMMENTARY) and not has_title:
            flags.add(Flag.MISSING_HEADLINE)
        paragraphs = segment.paragraphs
        if paragraphs and kind in (ItemKind.ARTICLE, ItemKind.COMMENTARY):
            first = paragraphs[0]
            if not first.lead and _starts_mid_sentence(first.text):
                flags.add(Flag.STARTS_MID_SENTENCE)
            if is_open_end(paragraphs[-1].text):
                flags.add(Flag.CONTINUES_ELSEWHERE)
        drafts.append(
            Draft(
                kind=kind,
                head=head,
                body=tuple(segment.body),
                subheads=frozenset(segment.subheads),
                joins=frozenset(segment.joins),
                titles_after=tuple(
                    p for p in segment.titles_after if p.kind is not PieceKind.KICKER
                ),
                captions=tuple(segment.captions),
                caption_credits=dict(segment.caption_credits),
                closers=tuple(segment.closers),
                flags=frozenset(flags),
                column=column,
                column_pieces=column_pieces,
            )
        )
    return drafts, unplaced


def _starts_mid_sentence(text: str) -> bool:
    """002: 化手段精准对接… begins with a bound suffix; 力。办好… with a lone word and a stop."""
    if starts_with_punctuation(text):
        return True
    word = lexicon.first_word(text)
    from .rules import BOUND_SUFFIXES

    return len(word) == 1 and word in BOUND_SUFFIXES
