"""The issue a page belongs to, from what the manifest says of it."""

from __future__ import annotations

import hashlib

from django.utils.text import slugify

from articles.models import Issue, Page, Publication
from seeds.importer.rows import assign
from seeds.manifest import PageMetadata


def apply_metadata(page: Page, metadata: PageMetadata) -> bool:
    """Take what the manifest knows; what it leaves unknown keeps the page's current value."""
    values = {}
    issue = _issue_for(metadata)
    if issue is not None:
        values["issue"] = issue
    if metadata.page is not None:
        values["number"] = metadata.page
    if metadata.page_name is not None:
        values["name"] = metadata.page_name
    return assign(page, **values)


def _issue_for(metadata: PageMetadata) -> Issue | None:
    """The issue a page belongs to, or None when the manifest cannot pin it down.

    A publication alone is not enough: without a date or an issue number every page
    of that paper would land in one made-up issue.
    """
    if not metadata.publication or (metadata.date is None and metadata.issue_number is None):
        return None
    publication, _ = Publication.objects.get_or_create(
        name=metadata.publication, defaults={"slug": _slug_for(metadata.publication)}
    )
    if metadata.date is not None:
        issue, _ = Issue.objects.get_or_create(
            publication=publication,
            date=metadata.date,
            defaults={"number": metadata.issue_number},
        )
        if metadata.issue_number is not None and issue.number != metadata.issue_number:
            issue.number = metadata.issue_number
            issue.save(update_fields=["number"])
        return issue
    issue = Issue.objects.filter(
        publication=publication, date__isnull=True, number=metadata.issue_number
    ).first()
    return issue or Issue.objects.create(publication=publication, number=metadata.issue_number)


def _slug_for(name: str) -> str:
    # Chinese names slugify to nothing in ASCII; a stable hash keeps the slug unique
    # until an editor gives the paper a readable one (neimenggu-ribao).
    slug = slugify(name)
    return slug or "paper-" + hashlib.sha256(name.encode()).hexdigest()[:10]
