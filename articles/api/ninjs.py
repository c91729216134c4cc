"""IPTC ninjs 2.1 documents for articles and for tombstones.

Pure mapping from loaded model instances to dicts: no queries beyond what the article's
prefetches hold, no HTTP. See https://www.iptc.org/std/ninjs/ for the standard.
"""

from syndication.models import Tombstone

from .bodies import body_html, body_text

MEDIA_TYPE = "application/ninjs+json"
LANGUAGE = "zh-Hans"
STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}


# What each byline role is in ninjs: `people[].rel`, the relationship of the content to the
# person (ninjs 2.1 has no `role` on a person; the vendored schema refuses it). Values are
# qcodes, as IPTC writes them: IPTC's content production party roles (`cpprole:`) where
# that vocabulary has the role, the paper's own (`nrrole:`, spelled the same way) where it
# has none. Every role stays distinct, so a partner can tell the reporter from the
# correspondent (通讯员, who sends copy from outside the newsroom) and the trainee.
PEOPLE_RELS = {
    "reporter": "nrrole:reporter",
    "correspondent": "cpprole:correspondent",
    "trainee": "nrrole:traineeReporter",
    "photographer": "nrrole:photographer",
    "author": "cpprole:author",
    "contributor": "nrrole:contributor",
}
# The vocabularies behind the qcodes' schemes.
REL_SCHEMES = {
    "cpprole": "http://cv.iptc.org/newscodes/contentprodpartyrole/",
    "nrrole": "urn:newsroom:role:",
}


def people_rel(role: str) -> str:
    """The ninjs `rel` of a byline or photo credit role."""
    return PEOPLE_RELS[role]


def version_of(moment):
    """A version string that grows with every save: the update time to the microsecond."""
    return moment.strftime("%Y%m%d%H%M%S%f")


def article_ninjs(article, *, uri, url=None, picture_hrefs=None):
    """The ninjs document of an article.

    `uri` is the article's stable identifier, `url` its public address; `picture_hrefs`
    maps a caption id to its renditions (see `serializers.caption_renditions`).
    """
    picture_hrefs = picture_hrefs or {}
    bylines = list(article.bylines.all())
    blocks = list(article.blocks.all())
    document = {
        "uri": uri,
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "version": version_of(article.updated_at),
        "firstcreated": (article.published_at or article.created_at).isoformat(),
        "versioncreated": article.updated_at.isoformat(),
        "pubstatus": "usable",
        "language": LANGUAGE,
        "headlines": _headlines(article),
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_html(blocks),
                "charcount": sum(len(block.text) for block in blocks),
            },
            {"role": "main", "contenttype": "text/plain", "value": body_text(blocks)},
        ],
        "genres": [
            {"name": article.get_kind_display(), "uri": f"urn:newsroom:kind:{article.kind}"}
        ],
    }
    if article.column:
        document["slugline"] = article.column
    if bylines:
        document["by"] = " ".join(
            f"{byline.get_role_display()} {byline.reporter.name}" for byline in bylines
        )
        document["people"] = [_person(byline) for byline in bylines]
    publication = article.page.issue.publication if article.page.issue_id else None
    if publication is not None:
        document["copyrightholder"] = publication.name
    if article.source:
        document["infosources"] = [{"name": article.source}]
    subjects = [
        {"name": link.topic.name, "uri": f"urn:newsroom:topic:{link.topic.slug}", "rel": "about"}
        for link in article.api_topic_links
    ]
    subjects += [{"name": word, "rel": "keyword"} for word in article.keywords]
    if subjects:
        document["subjects"] = subjects
    places = [
        {"name": link.place.name, "uri": f"urn:newsroom:place:{link.place.pk}", "rel": "mentioned"}
        for link in article.api_place_links
    ]
    if places:
        document["places"] = places
    associations = [
        _picture(caption, number, uri=uri, renditions=picture_hrefs.get(caption.pk, []))
        for number, caption in enumerate(article.captions.all(), start=1)
    ]
    if associations:
        document["associations"] = associations
    if url:
        document["altids"] = [{"role": "website", "value": url}]
    return document


# ninjs admits properties of its own only under a prefix (`^[a-zA-Z0-9]+:`): the paper's is `nr:`.
MERGED_INTO = "nr:merged_into"


def tombstone_ninjs(tombstone):
    """A `canceled` ninjs document: the article must be taken down by whoever holds it.

    An article merged into another says which: `nr:merged_into` is the survivor's id (its
    `uri` is `urn:newsroom:article:<id>`), so a partner can point its copy's links there; the
    old address, on the site and in the API, redirects there too.
    """
    document = {
        "uri": tombstone.uri,
        "standard": STANDARD,
        "type": "text",
        "version": version_of(tombstone.occurred_at),
        "versioncreated": tombstone.occurred_at.isoformat(),
        "pubstatus": "canceled",
        "language": LANGUAGE,
        "ednote": str(Tombstone.Reason(tombstone.reason).label),
    }
    if tombstone.merged_into is not None:
        document[MERGED_INTO] = tombstone.merged_into
    return document


def _headlines(article):
    headlines = []
    for role, text in (
        ("main", article.headline),
        ("sub", article.subtitle),
        ("overline", article.overline),
    ):
        if text:
            headlines.append({"role": role, "value": text})
    return headlines


def _person(credit):
    return {
        "name": credit.reporter.name,
        "rel": people_rel(credit.role),
        "uri": f"urn:newsroom:reporter:{credit.reporter_id}",
    }


def _picture(caption, number, *, uri, renditions):
    credits = list(caption.credits.all())
    picture = {
        "name": f"picture{number}",
        "uri": f"{uri}:picture:{caption.pk}",
        "type": "picture",
        "pubstatus": "usable",
        "language": LANGUAGE,
    }
    if caption.text:
        picture["descriptions"] = [{"role": "caption", "value": caption.text}]
    if credits:
        picture["by"] = " ".join(_credit_line(credit) for credit in credits)
        picture["people"] = [_person(credit) for credit in credits]
    if renditions:
        picture["renditions"] = renditions
    return picture


def _credit_line(credit):
    # A photographer is credited as the paper prints it (阿柔娜 摄); anyone else by role.
    if credit.role == "photographer":
        return f"{credit.reporter.name} 摄"
    return f"{credit.get_role_display()} {credit.reporter.name}"
