"""Linking articles to the places they name, creating lower-level places as the text names them."""

from collections import Counter

from django.db import transaction

from newsroom.orm import update_rows
from taxonomy.gazetteer import FoundPlace, Gazetteer
from taxonomy.models import ArticlePlace, Place


class PlaceIndex:
    """Every stored place by name and short form, with its county-level ancestor.

    Built once per batch of articles (a page, a re-link run), not once per article; an
    import of many pages gives each page a :meth:`copy` of one index and merges back the
    places a page stored once its transaction has committed.
    """

    def __init__(self, places=None):
        places = list(places if places is not None else Place.objects.all())
        self.by_pk = {place.pk: place for place in places}
        self._gazetteer = None
        self._by_parent_and_name = None
        self.added = []  # places stored through this index

    def copy(self) -> "PlaceIndex":
        """An index of the same places that can learn new ones without changing this one."""
        other = PlaceIndex(places=())
        other.by_pk = dict(self.by_pk)
        other._gazetteer = self._gazetteer
        return other

    def merge(self, other: "PlaceIndex") -> None:
        """Learn the places stored through another index (after they were committed)."""
        for place in other.added:
            self.add(place)

    def learn_stored(self) -> None:
        """Learn the places stored since the index was loaded, by another import among others.

        Several importers may write to one database at once: a page must know the places
        the others' committed pages stored, as it would in one import. One query, on the key.
        """
        newest = max(self.by_pk, default=0)
        for place in Place.objects.filter(pk__gt=newest).order_by("pk"):
            self.add(place)

    def find(self, parent_id, name: str):
        """The stored place of this name under this parent, if the index knows it."""
        if self._by_parent_and_name is None:
            self._by_parent_and_name = {(p.parent_id, p.name): p for p in self.by_pk.values()}
        return self._by_parent_and_name.get((parent_id, name))

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            names = {}
            # Official places first, so that a found place never shadows an official name.
            ordered = sorted(self.by_pk.values(), key=lambda p: (p.level, not p.confirmed, p.pk))
            for place in ordered:
                for name in (place.name, *place.short_names):
                    names.setdefault(name, place.pk)
            levels = {pk: place.level for pk, place in self.by_pk.items()}
            self._gazetteer = Gazetteer(names, levels)
        return self._gazetteer

    def county_of(self, place):
        """The county-level place (旗/县/区) above or at this place, if any."""
        while place is not None and place.level > Place.Level.COUNTY:
            place = self.by_pk.get(place.parent_id)
        return place if place is not None and place.level == Place.Level.COUNTY else None

    def add(self, place):
        """Make a newly stored place recognisable from now on."""
        if place.pk not in self.by_pk:
            self.by_pk[place.pk] = place
            self._gazetteer = None
            self._by_parent_and_name = None


def _store_found(found: FoundPlace, index: PlaceIndex, created: dict) -> Place:
    parent = found.parent
    if isinstance(parent, FoundPlace):
        parent = created[parent]
    else:
        parent = index.by_pk[parent]
    place = index.find(parent.pk, found.name)
    if place is None:
        place, _ = Place.objects.get_or_create(
            parent=parent,
            name=found.name,
            defaults={"kind": found.kind, "level": found.level, "confirmed": False},
        )
        if place.pk not in index.by_pk:
            index.added.append(place)
        index.add(place)
    created[found] = place
    return place


def place_mentions(text: str, index: PlaceIndex) -> dict[int, int]:
    """The places the text names, as {place pk: mentions}; stores places found for the first time.

    A lower-level place (街道, 社区, 嘎查…) counts only when its 旗/县/区 is named in the
    same article: 桃园社区 exists in many cities, and only the county says which one.
    Places are stored in a savepoint of their own, opened only when the text names a new one;
    if storing fails the index may know places that were rolled back: drop it.
    """
    mentions, found = index.gazetteer.find_places(text)
    created = {}
    chained = Counter()
    if found:
        with transaction.atomic():
            chained.update(_store_found(place, index, created).pk for place in found)
    if created:
        # Count every later mention of the places just found (悠乐城社区 … 悠乐城社区).
        mentions = index.gazetteer.mentions(text)
    counts = Counter(m.key for m in mentions)
    for pk, n in chained.items():
        counts[pk] = max(counts[pk], n)
    counties = {index.by_pk[pk] for pk in counts if index.by_pk[pk].level == Place.Level.COUNTY}
    return {
        pk: n
        for pk, n in counts.items()
        if index.by_pk[pk].level <= Place.Level.COUNTY
        or index.county_of(index.by_pk[pk]) in counties
    }


@transaction.atomic
def link_places(article, text: str, index: PlaceIndex | None = None) -> list[ArticlePlace]:
    """Replace the article's place links by the places its text names, with mention counts."""
    keep = place_mentions(text, index or PlaceIndex())
    return write_place_links({article.pk: keep})[article.pk]


def write_place_links(mentions: dict[int, dict[int, int]]) -> dict[int, list[ArticlePlace]]:
    """Make each article's place links exactly {place pk: mentions}, in a few queries for all."""
    existing = {}
    # Unordered: the default ordering joins each link to its article's page and issue.
    for link in ArticlePlace.objects.filter(article_id__in=list(mentions)).order_by():
        existing[(link.article_id, link.place_id)] = link
    gone = [link.pk for key, link in existing.items() if key[1] not in mentions[key[0]]]
    ArticlePlace.objects.filter(pk__in=gone).delete()
    links, changed, new = {}, [], []
    for article_id, keep in mentions.items():
        links[article_id] = []
        for pk, n in keep.items():
            link = existing.get((article_id, pk))
            if link is None:
                link = ArticlePlace(article_id=article_id, place_id=pk, mentions=n)
                new.append(link)
            elif link.mentions != n:
                link.mentions = n
                changed.append(link)
            links[article_id].append(link)
    update_rows(changed, ["mentions"])
    ArticlePlace.objects.bulk_create(new)
    return links
