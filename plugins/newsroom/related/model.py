"""Related press releases: up to three per release — the same event first, then the most
shared topics, then the newest —, only among published releases, the same in every build."""

from __future__ import annotations

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
    events, topics = event_slugs(article), topic_slugs(article)
    ranked = []
    for other in candidates:
        if other is article or other.source_path == article.source_path:
            continue
        shared_events = len(events & event_slugs(other))
        shared_topics = len(topics & topic_slugs(other))
        if shared_events or shared_topics:
            # newest first; the slug decides between releases of the same minute
            key = (-shared_events, -shared_topics, -other.date.timestamp(), other.slug)
            ranked.append((key, other))
    return tuple(other for _, other in sorted(ranked, key=lambda pair: pair[0])[:count])


def attach_related(generator: Any) -> None:
    """Signal ``article_generator_finalized``: ``.related`` on every press release."""
    count = related_settings(generator.settings)["count"]
    candidates = published(generator.articles)
    for article in generator.articles:
        article.related = related_to(article, candidates, count)
