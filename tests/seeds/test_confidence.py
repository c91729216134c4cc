"""The item confidence score: what it looks at and the flag it sets."""

from seeds.parser.calibration import LOW_CONFIDENCE_BELOW
from seeds.parser.confidence import features, score, with_confidence
from seeds.parser.records import Block, BlockType, Credit, Item, ItemKind, Role

TEXT = "今年以来，赛罕区持续深化在职党员到居住地社区报到服务工作，不断完善工作机制。" * 8


def article(**changes) -> Item:
    fields = {
        "kind": ItemKind.ARTICLE,
        "headline": "在职党员网格“下得去”",
        "bylines": (Credit("杨彩霞", Role.REPORTER),),
        "body": (Block(BlockType.PARAGRAPH, TEXT),),
    }
    return Item(**(fields | changes))


def test_a_signed_titled_article_is_surer_than_a_fragment():
    whole = score(article())
    fragment = score(article(headline=None, bylines=(), flags=("missing_headline",)))
    stitched = score(article(flags=("stitched",)))
    assert 0 <= fragment < stitched < whole <= 1


def test_low_confidence_is_flagged_below_the_calibrated_threshold():
    fragment = with_confidence(article(headline=None, bylines=(), flags=("missing_headline",)))
    assert fragment.confidence < LOW_CONFIDENCE_BELOW
    assert "low_confidence" in fragment.flags
    whole = with_confidence(article())
    assert ("low_confidence" in whole.flags) == (whole.confidence < LOW_CONFIDENCE_BELOW)


def test_features_are_between_zero_and_one():
    for item in (article(), article(body=()), Item(kind=ItemKind.PHOTO)):
        assert all(0 <= v <= 1 for v in features(item).values())
