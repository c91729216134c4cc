"""Topic suggestions stored on the article, never repeating what an editor rejected."""

from django.db import transaction

from taxonomy.analysis import SUGGESTIONS_KEPT, Analysis, Reason, score_topics
from taxonomy.models import ArticleTopic, Topic


def topic_signals():
    """(topic, signal words) for every topic, as :func:`score_topics` wants them."""
    return [(topic, topic.signal_words or []) for topic in Topic.objects.all()]


@transaction.atomic
def suggest_topics(article, analysis: Analysis, signals=None) -> tuple[list[ArticleTopic], str]:
    """Replace the article's pending suggestions by fresh ones; return them and a reason.

    Topics an editor accepted, added or rejected for this article are left alone and never
    suggested again. The reason is empty when there are suggestions.
    """
    if analysis.reason:
        ArticleTopic.objects.filter(article=article, state=ArticleTopic.State.SUGGESTED).delete()
        return [], analysis.reason
    decided = set(
        ArticleTopic.objects.filter(article=article)
        .exclude(state=ArticleTopic.State.SUGGESTED)
        .values_list("topic_id", flat=True)
    )
    scores = [
        s
        for s in score_topics(analysis, signals if signals is not None else topic_signals())
        if s.topic.pk not in decided
    ][:SUGGESTIONS_KEPT]
    ArticleTopic.objects.filter(article=article, state=ArticleTopic.State.SUGGESTED).exclude(
        topic__in=[s.topic for s in scores]
    ).delete()
    links = []
    for s in scores:
        link, _ = ArticleTopic.objects.update_or_create(
            article=article,
            topic=s.topic,
            defaults={
                "state": ArticleTopic.State.SUGGESTED,
                "score": s.score,
                "evidence": s.evidence,
            },
        )
        links.append(link)
    return links, "" if links else Reason.NO_MATCH
