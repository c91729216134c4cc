"""Adjustments to the generated OpenAPI document that drf-spectacular cannot infer, and its view."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer

# Components whose fields a client may leave out with ?fields=: none of them is required.
SELECTABLE_COMPONENTS = ("Article", "SyncedArticle")


def selectable_fields_are_optional(result, generator, request, public):
    """Drop `required` from article components, since `?fields=` may omit any field."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in SELECTABLE_COMPONENTS:
        schemas.get(name, {}).pop("required", None)
    return result


def people_roles_are_documented(result, generator, request, public):
    """Append to the API's description the ninjs `people[].rel` of each byline role."""
    from articles.models import Role

    from .ninjs import PEOPLE_RELS, REL_SCHEMES

    rows = "\n".join(
        f"| `{role.value}` | {role.label} | `{PEOPLE_RELS[role.value]}` |" for role in Role
    )
    schemes = "；".join(f"`{name}:` 即 {base}" for name, base in REL_SCHEMES.items())
    info = result.setdefault("info", {})
    info["description"] = (
        f"{info.get('description', '')}\n\n"
        "### 署名身份（ninjs `people[].rel`）\n\n"
        "ninjs 文档的 `people` 列出署名和图片署名，每人的 `rel` 是其身份，"
        "JSON 接口的 `bylines[].role` 与之一一对应：\n\n"
        "| role | 身份 | ninjs rel |\n| --- | --- | --- |\n"
        f"{rows}\n\n"
        f"rel 按 IPTC 的 qcode 写法：{schemes}。"
        "IPTC 内容制作方身份词表有的用 `cpprole:`，没有的用本报的 `nrrole:`。"
    )
    return result


def merges_are_documented(result, generator, request, public):
    """Append to the API's description what becomes of an article merged into another."""
    info = result.setdefault("info", {})
    info["description"] = (
        f"{info.get('description', '')}\n\n"
        "### 合并的稿件\n\n"
        "编辑把两篇稿件合并时，被并入的稿件不再单独存在：它的地址 `/api/v1/articles/{id}/`"
        "（以及 `.ninjs`）以 301 转到并入的稿件，网站上的 `/articles/{id}/` 也一样；"
        "同步接口（`updated_since`）的撤稿记录 `tombstones[]` 里，它的 ninjs 文档"
        "`pubstatus` 为 `canceled`，并以 `nr:merged_into` 给出并入的稿件编号"
        "（ninjs 只允许带前缀的扩展字段，`nr:` 是本报的前缀）。"
        "拆分稿件时，原地址留给第一部分，拆出的部分是新稿件、新编号。"
        "其余字段与形状不变。"
    )
    return result


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: YAML by default, JSON with `?format=json` or by Accept.

    Its errors, a format it does not have among them, are JSON like every other error of the
    API. drf-spectacular would render them as its first format, YAML, where DRF's error
    detail comes out as a tagged object instead of a message.
    """

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = sorted({renderer.format for renderer in self.renderer_classes})
            raise NotFound(
                _("没有这种格式：format 可为 %(formats)s。") % {"formats": ", ".join(formats)}
            ) from None

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
