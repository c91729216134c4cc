"""The parser's enums and the content model's choices name the same things.

The importer stores the parser's values as they are (``kind``, a byline's ``role``, a
block's ``type``, the ``flags``); a value one side has and the other lacks would be refused by
the database's check constraints, or shown to editors without its Chinese name.
"""

from django.db.models import CheckConstraint

from articles.desk.source import FLAG_LABELS
from articles.models import Article, Block, Byline, Role
from seeds.parser.records import BlockType, Flag, ItemKind
from seeds.parser.records import Role as CreditRole


def _allowed_by_constraint(model, field: str) -> set[str]:
    """The values a model's check constraint lets ``field`` hold, read from its condition."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, CheckConstraint):
            for lookup, values in constraint.condition.children:
                if lookup == f"{field}__in":
                    return set(values)
    return set()


def test_item_kinds_are_the_articles_kinds():
    assert {k.value for k in ItemKind} == set(Article.Kind.values)
    assert set(Article.Kind.values) == _allowed_by_constraint(Article, "kind")


def test_credit_roles_are_the_bylines_roles():
    assert {r.value for r in CreditRole} == set(Role.values)
    assert Byline._meta.get_field("role").choices == Role.choices


def test_block_types_are_the_blocks_types():
    assert {t.value for t in BlockType} == set(Block.Type.values)


def test_every_parser_flag_has_a_name_on_the_desk():
    # The desk adds its own (reimport_conflict); every flag the parser raises is named.
    assert {f.value for f in Flag} - set(FLAG_LABELS) == set()
