"""Related press releases: up to three per release — the same event first, then the most
shared topics, then the newest —, only among published releases, the same in every build."""

from __future__ import annotations

import hashlib
import heapq
import marshal
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from ..core.cache import cache_folder
from ..core.incremental import replace_file
from ..core.kept import kept_content
from ..core.settings import capability_settings

# In the content cache: the last build's related releases with the digest of their inputs.
STORED = "verwandte.marshal"
# Up to this many topics of a release, the candidates sharing them are found by combining the
# topics' sets (at most 20 intersections for one level); beyond, by counting.
MAX_TOPICS_COMBINED = 6


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


class RelatedIndex:
    """The candidates by event and by topic, and their order by date, made once per build:
    comparing every release with every other cost the square of the archive."""

    def __init__(self, candidates: list[Any]) -> None:
        self.candidates = candidates
        self.by_event: dict[str, list[int]] = defaultdict(list)
        by_topic: dict[str, list[int]] = defaultdict(list)
        for number, candidate in enumerate(candidates):
            for slug in event_slugs(candidate):
                self.by_event[slug].append(number)
            for slug in topic_slugs(candidate):
                by_topic[slug].append(number)
        self.topic_members = {slug: frozenset(numbers) for slug, numbers in by_topic.items()}
        # newest first; the slug decides between releases of the same minute, then the order
        # of the candidates (a stable sort)
        self.newest = sorted(
            range(len(candidates)),
            key=lambda number: (-candidates[number].date.timestamp(), candidates[number].slug),
        )
        self.rank = [0] * len(candidates)
        for rank, number in enumerate(self.newest):
            self.rank[number] = rank
        # A release is never its own related one: the candidates from the same source file.
        self.by_source: dict[Any, set[int]] = defaultdict(set)
        for number, candidate in enumerate(candidates):
            self.by_source[candidate.source_path].add(number)

    def related_to(self, article: Any, count: int) -> tuple[Any, ...]:
        """The same event first, then the most shared topics, then the newest."""
        return tuple(self.candidates[number] for number in self.related_numbers(article, count))

    def related_numbers(self, article: Any, count: int) -> tuple[int, ...]:
        """:meth:`related_to` as the candidates' numbers."""
        itself = self.by_source.get(article.source_path, set())
        topics = [
            self.topic_members[slug] for slug in topic_slugs(article) if slug in self.topic_members
        ]
        rank = self.rank
        shared_events: Counter[int] = Counter()
        for slug in event_slugs(article):
            shared_events.update(self.by_event.get(slug, ()))
        at_events = [
            (-shared_events[number], -sum(number in members for members in topics), rank[number])
            for number in shared_events.keys() - itself
        ]
        ranks = [number_rank for *_, number_rank in heapq.nsmallest(count, at_events)]
        if len(ranks) < count:
            ranks += self.newest_by_topics(
                topics, itself | shared_events.keys(), count - len(ranks)
            )
        return tuple(self.newest[number_rank] for number_rank in ranks)

    def newest_by_topics(
        self, topics: list[frozenset[int]], left_out: set[int], count: int
    ) -> list[int]:
        """The ranks of up to ``count`` candidates not ``left_out`` that share a topic, the most
        shared topics first, then the newest.

        A release has a few topics: the candidates sharing k of them are unions of
        intersections, taken from all topics down to one until ``count`` are found — instead of
        ranking every candidate that shares any topic (a third of the archive per release).
        Many topics would mean many combinations: then every such candidate is ranked."""
        rank = self.rank
        if len(topics) > MAX_TOPICS_COMBINED:
            shared: Counter[int] = Counter()
            for members in topics:
                shared.update(members)
            ranked = [(-shared[number], rank[number]) for number in shared.keys() - left_out]
            return [number_rank for _, number_rank in heapq.nsmallest(count, ranked)]
        found: list[int] = []
        left_out = set(left_out)
        for level in range(len(topics), 0, -1):
            sharing = set().union(
                *(frozenset.intersection(*group) for group in combinations(topics, level))
            )
            sharing -= left_out
            found += heapq.nsmallest(count - len(found), (rank[number] for number in sharing))
            if len(found) == count:
                break
            left_out |= sharing
        return found


def inputs(articles: list[Any], candidates: list[Any], count: int) -> tuple[Any, ...]:
    """Everything the related releases of ``articles`` are worked out from."""
    return (
        count,
        tuple((a.source_path, event_slugs(a), topic_slugs(a)) for a in articles),
        tuple((c.source_path, event_slugs(c), topic_slugs(c), c.date, c.slug) for c in candidates),
    )


def inputs_digest(articles: list[Any], candidates: list[Any], count: int) -> str:
    """SHA-256 of :func:`inputs` in a form that is the same in every process (sets sorted,
    dates as text)."""
    digest = hashlib.sha256(f"{count}\n".encode())
    for article in articles:
        values = (article.source_path, sorted(event_slugs(article)), sorted(topic_slugs(article)))
        digest.update(f"a{values!r}\n".encode())
    for c in candidates:
        values = (c.source_path, sorted(event_slugs(c)), sorted(topic_slugs(c)), c.slug)
        digest.update(f"c{values!r}{c.date.isoformat()}\n".encode())
    return digest.hexdigest()


def stored_file(settings: Mapping[str, Any]) -> Path | None:
    """Where a build keeps its related releases for the next: in the content cache, if any."""
    if not capability_settings(settings, "SPEED").get("cache") or not settings.get("OUTPUT_PATH"):
        return None
    return cache_folder(settings) / STORED


def recall_stored(path: Path | None, digest: str) -> list[tuple[int, ...]] | None:
    if path is None:
        return None
    try:
        kept_digest, numbers = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return numbers if kept_digest == digest else None


def attach_related(generator: Any) -> None:
    """Signal ``article_generator_finalized``: ``.related`` on every press release.

    In the live preview the result of the previous state is used again when nothing it is
    worked out from has changed (a save that changed a text, not topics, events or dates); a
    build takes it from the content cache under the same condition (:func:`inputs_digest`)."""
    count = related_settings(generator.settings)["count"]
    articles = list(generator.articles)
    candidates = published(articles)
    store = kept_content(generator.settings)
    given = inputs(articles, candidates, count) if store is not None else None
    numbers = store.recall("related", given) if store is not None else None
    stored = stored_file(generator.settings) if store is None else None
    digest = inputs_digest(articles, candidates, count) if stored is not None else ""
    if numbers is None:
        numbers = recall_stored(stored, digest)
    if numbers is None:
        index = RelatedIndex(candidates)
        numbers = [index.related_numbers(article, count) for article in articles]
        if store is not None:
            store.remember("related", given, numbers)
        if stored is not None and stored.parent.is_dir():
            replace_file(stored, marshal.dumps((digest, numbers)))
    for article, related in zip(articles, numbers, strict=True):
        article.related = tuple(candidates[number] for number in related)
