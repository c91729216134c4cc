"""Adjustments to the generated OpenAPI document that drf-spectacular cannot infer."""

# Components whose fields a client may leave out with ?fields=: none of them is required.
SELECTABLE_COMPONENTS = ("Article", "SyncedArticle")


def selectable_fields_are_optional(result, generator, request, public):
    """Drop `required` from article components, since `?fields=` may omit any field."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in SELECTABLE_COMPONENTS:
        schemas.get(name, {}).pop("required", None)
    return result
