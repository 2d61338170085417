"""Related press releases: up to three per release — the same event first, then the most
shared topics, then the newest —, only among published releases, the same in every build."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.settings import capability_settings


def related_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    return capability_settings(settings, "RELATED")


def event_slugs(article: Any) -> frozenset[str]:
    value = article.metadata.get("events") or ""
    text = value if isinstance(value, str) else ",".join(value)  # continued lines: a list
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def topic_slugs(article: Any) -> frozenset[str]:
    return frozenset(tag.slug for tag in getattr(article, "tags", None) or ())


def published(articles: Iterable[Any]) -> list[Any]:
    """Only what readers may see: a draft or embargoed release in the preview is never
    suggested (it carries a preview notice)."""
    return [a for a in articles if getattr(a, "preview_notice", None) is None]


def related_to(article: Any, candidates: list[Any], count: int) -> tuple[Any, ...]:
    """The ``count`` releases among ``candidates`` that share most with ``article``."""
    return RelatedIndex(candidates).related_to(article, count)


class RelatedIndex:
    """The candidates by event and by topic, so that a release is compared only with those it
    shares something with (comparing every pair grew with the square of the archive)."""

    def __init__(self, candidates: list[Any]) -> None:
        self.candidates = candidates
        self.by_event: dict[str, list[int]] = defaultdict(list)
        self.by_topic: dict[str, list[int]] = defaultdict(list)
        for index, candidate in enumerate(candidates):
            for slug in event_slugs(candidate):
                self.by_event[slug].append(index)
            for slug in topic_slugs(candidate):
                self.by_topic[slug].append(index)
        # newest first; the slug decides between releases of the same minute
        self.order = [(-c.date.timestamp(), c.slug) for c in candidates]

    def related_to(self, article: Any, count: int) -> tuple[Any, ...]:
        shared_events: Counter[int] = Counter()
        shared_topics: Counter[int] = Counter()
        for slug in event_slugs(article):
            shared_events.update(self.by_event.get(slug, ()))
        for slug in topic_slugs(article):
            shared_topics.update(self.by_topic.get(slug, ()))
        ranked = []
        for index in shared_events.keys() | shared_topics.keys():
            other = self.candidates[index]
            if other is article or other.source_path == article.source_path:
                continue
            # the index last: equal keys keep the candidates' order, as a stable sort would
            key = (-shared_events[index], -shared_topics[index], *self.order[index], index)
            ranked.append((key, other))
        ranked.sort(key=lambda pair: pair[0])
        return tuple(other for _, other in ranked[:count])


def attach_related(generator: Any) -> None:
    """Signal ``article_generator_finalized``: ``.related`` on every press release."""
    count = related_settings(generator.settings)["count"]
    index = RelatedIndex(published(generator.articles))
    for article in generator.articles:
        article.related = index.related_to(article, count)
