"""Two ways through a list: numbered pages for browsing, a cursor for syncing the archive.

Page sizes above the maximum are refused with a 400 rather than clamped, so that a partner
never believes it received everything it asked for.
"""

import base64
import re
from urllib import parse

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination

from articles.paging import IdsFirstPaginator

# Optional members of an article list response, described once for the schema.
ARTICLE_LIST_EXTRAS = {
    "facets": {
        "type": "object",
        "description": "?facets= 请求的分面计数：每个分面是 {value, label, count} 的列表。",
        "additionalProperties": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "value": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
                    "label": {"type": "string"},
                    "count": {"type": "integer"},
                },
                "required": ["value", "label", "count"],
            },
        },
    },
    "tombstones": {
        "type": "array",
        "description": (
            "给出 updated_since 时，在第一页列出此后撤回、删除或并入其他稿件的稿件"
            "（ninjs，pubstatus 为 canceled）。并入其他稿件的，nr:merged_into 给出并入的稿件编号，"
            "其原地址（网站和接口）以 301 转到该稿件。"
        ),
        "items": {
            "type": "object",
            "additionalProperties": True,
            "properties": {
                "nr:merged_into": {
                    "type": "integer",
                    "description": "并入的稿件编号（仅并入其他稿件的撤稿记录有此项）。",
                }
            },
        },
    },
}


def bounded_parameters(parameters, bounds):
    """Add `minimum`/`maximum` to the schema of the named query parameters."""
    for parameter in parameters:
        if parameter["name"] in bounds:
            low, high = bounds[parameter["name"]]
            parameter["schema"]["minimum"] = low
            if high is not None:
                parameter["schema"]["maximum"] = high
            parameter["description"] = str(parameter.get("description", ""))
    return parameters


def requested_page_size(request, *, param, default, maximum):
    """The page size asked for, or a 400 saying what is allowed."""
    raw = request.query_params.get(param)
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= maximum:
        raise ValidationError(
            {param: [_("每页条数须为 1 到 %(maximum)d 之间的整数。") % {"maximum": maximum}]}
        )
    return size


class BrowsePagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100); a page past the end is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        return requested_page_size(
            request,
            param=self.page_size_query_param,
            default=self.page_size,
            maximum=self.max_page_size,
        )

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            if not raw.isdigit() or int(raw) < 1:
                raise ValidationError({self.page_query_param: [_("页码须为正整数。")]})
        return super().paginate_queryset(queryset, request, view)

    def is_first_page(self):
        return self.page.number == 1

    def get_schema_operation_parameters(self, view):
        return bounded_parameters(
            super().get_schema_operation_parameters(view),
            {self.page_query_param: (1, None), self.page_size_query_param: (1, self.max_page_size)},
        )


class ArticleBrowsePagination(BrowsePagination):
    django_paginator_class = IdsFirstPaginator

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"].update(ARTICLE_LIST_EXTRAS)
        return response


class SyncCursorPagination(CursorPagination):
    """Walks the whole archive by article id: unique and never changes, so the walk ends.

    Start without a cursor and follow `next` until it is null. Pair it with
    `?updated_since=` to fetch only what changed since the last walk began.
    """

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        return requested_page_size(
            request,
            param=self.page_size_query_param,
            default=self.page_size,
            maximum=self.max_page_size,
        )

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        cursor = parse_cursor(encoded, offset_cutoff=self.offset_cutoff)
        if cursor is None:
            raise ValidationError(
                {self.cursor_query_param: [_("游标无效：请使用上一页响应中 next 给出的链接。")]}
            )
        return cursor

    def is_first_page(self):
        return self.cursor is None

    def get_schema_operation_parameters(self, view):
        return bounded_parameters(
            super().get_schema_operation_parameters(view),
            {self.page_size_query_param: (1, self.max_page_size)},
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["tombstones"] = ARTICLE_LIST_EXTRAS["tombstones"]
        return response


# An article id is a 64-bit integer, which 19 digits always hold.
LARGEST_ID = 2**63 - 1
# ASCII digits only: str.isdigit() also takes ² and ١, which int() or the database refuse.
_NUMBER = re.compile(r"[0-9]{1,19}")


def _number(text: str, *, maximum: int) -> int | None:
    if not _NUMBER.fullmatch(text) or int(text) > maximum:
        return None
    return int(text)


def parse_cursor(encoded: str, *, offset_cutoff: int) -> Cursor | None:
    """The cursor a `next` or `previous` link carries, or None when the API could not have
    written it.

    A cursor is the base64 of a query string of at most an offset `o`, a direction `r` (1
    going back) and a position `p` (an article id), each once and never empty. DRF's own
    reading let an empty position through to the query (`int('')`, a 500), read `r=2` as
    going back and ignored keys it did not know; a partner sending any of those has a
    broken link and is told so.
    """
    try:
        querystring = base64.b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
        pairs = parse.parse_qsl(
            querystring, keep_blank_values=True, strict_parsing=True, max_num_fields=3
        )
    except ValueError:  # not ASCII, not base64, or not a query string
        return None
    tokens = dict(pairs)
    if not tokens or len(tokens) != len(pairs) or not tokens.keys() <= {"o", "r", "p"}:
        return None
    offset = _number(tokens.get("o", "0"), maximum=offset_cutoff)
    position = _number(tokens.get("p", "0"), maximum=LARGEST_ID)
    reverse = tokens.get("r", "0")
    if offset is None or position is None or reverse not in ("0", "1"):
        return None
    # Without `p` the walk starts from an end (DRF writes such a cursor after a page of ties).
    return Cursor(offset, reverse == "1", str(position) if "p" in tokens else None)
