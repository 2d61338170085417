"""Ways through the press releases: each one knows the next older and the next newer."""

from __future__ import annotations

from typing import Any


def link_neighbours(generator: Any) -> None:
    """Signal ``article_generator_finalized``: ``older`` and ``newer`` on every release."""
    releases = sorted(generator.articles, key=lambda article: (article.date, article.slug))
    for index, release in enumerate(releases):
        release.older = releases[index - 1] if index > 0 else None
        release.newer = releases[index + 1] if index + 1 < len(releases) else None
