"""Topic suggestions stored on the article, never repeating what an editor rejected.

A suggestion scored at or above ``MACHINE_THRESHOLD`` is filed at once as a machine topic
(``ArticleTopic.State.MACHINE``), which readers see labelled 机器标注; the others wait for an
editor. Both stay the machine's: each indexing run rescores them, moving a link from one
state to the other or dropping it, and never touches what an editor decided.
"""

from django.db import transaction
from django.utils import timezone

from newsroom.orm import update_rows
from taxonomy.analysis import MACHINE_THRESHOLD, SUGGESTIONS_KEPT, Analysis, Reason, score_topics
from taxonomy.models import ArticleTopic, Topic

# The states the machine owns: rescored, moved and dropped by every indexing run.
MACHINES_STATES = (ArticleTopic.State.SUGGESTED, ArticleTopic.State.MACHINE)


def machine_state(score: float) -> str:
    """A scored topic's state: filed by the machine at or above the threshold, else suggested."""
    if score >= MACHINE_THRESHOLD:
        return ArticleTopic.State.MACHINE
    return ArticleTopic.State.SUGGESTED


def topic_signals():
    """(topic, signal words) for every topic, as :func:`score_topics` wants them."""
    return [(topic, topic.signal_words or []) for topic in Topic.objects.all()]


def suggest_topics(article, analysis: Analysis, signals=None) -> tuple[list[ArticleTopic], str]:
    """Replace the article's pending suggestions by fresh ones; return them and a reason.

    Topics an editor accepted, added or rejected for this article are left alone and never
    suggested again. The reason is empty when there are suggestions (machine topics among
    them).
    """
    return suggest_topics_many({article.pk: analysis}, signals)[article.pk]


@transaction.atomic
def suggest_topics_many(
    analyses: dict[int, Analysis], signals=None, scores: dict | None = None
) -> dict[int, tuple[list[ArticleTopic], str]]:
    """:func:`suggest_topics` for many articles ({pk: analysis}) in a few queries for all.

    ``scores`` ({pk: score_topics() of its analysis with these signals}) holds the scores
    already made for some of the articles; the others are scored here.
    """
    signals = signals if signals is not None else topic_signals()
    links_of: dict[int, dict[int, ArticleTopic]] = {pk: {} for pk in analyses}
    # Unordered: the default ordering joins each link to its article's page and issue.
    for link in ArticleTopic.objects.filter(article_id__in=list(analyses)).order_by():
        links_of[link.article_id][link.topic_id] = link
    now = timezone.now()
    gone, changed, new, results = [], [], [], {}
    for pk, analysis in analyses.items():
        current = links_of[pk]
        pending = {t: link for t, link in current.items() if link.state in MACHINES_STATES}
        if analysis.reason:
            gone += [link.pk for link in pending.values()]
            results[pk] = ([], analysis.reason)
            continue
        scored = (scores or {}).get(pk)
        if scored is None:
            scored = score_topics(analysis, signals)
        kept = [s for s in scored if s.topic.pk not in current or s.topic.pk in pending]
        kept = kept[:SUGGESTIONS_KEPT]
        kept_topics = {s.topic.pk for s in kept}
        gone += [link.pk for t, link in pending.items() if t not in kept_topics]
        links = []
        for s in kept:
            link = pending.get(s.topic.pk)
            state = machine_state(s.score)
            if link is None:
                link = ArticleTopic(
                    article_id=pk, topic=s.topic, state=state, score=s.score, evidence=s.evidence
                )
                new.append(link)
            else:
                link.topic = s.topic
                if (link.score, link.evidence, link.state) != (s.score, s.evidence, state):
                    link.score, link.evidence, link.state = s.score, s.evidence, state
                    link.updated_at = now
                    changed.append(link)
            links.append(link)
        results[pk] = (links, "" if links else Reason.NO_MATCH)
    ArticleTopic.objects.filter(pk__in=gone).delete()
    update_rows(changed, ["score", "evidence", "state", "updated_at"])
    ArticleTopic.objects.bulk_create(new)
    return results
