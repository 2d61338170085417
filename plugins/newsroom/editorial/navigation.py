"""Ways through the site: the sections' addresses, and each press release's neighbours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import contributed_site_urls


def link_neighbours(generator: Any) -> None:
    """Signal ``article_generator_finalized``: ``older`` and ``newer`` on every release."""
    releases = sorted(generator.articles, key=lambda article: (article.date, article.slug))
    for index, release in enumerate(releases):
        release.older = releases[index - 1] if index > 0 else None
        release.newer = releases[index + 1] if index + 1 < len(releases) else None


def site_urls(settings: Mapping[str, Any]) -> dict[str, str]:
    """The addresses of the site's sections, from the URL settings that make them: the site's
    own, and those the capabilities of PLUGINS contribute (events, contacts), so a plugin left
    out leaves no link to a section that is not built."""
    return {
        "press_releases": settings["PRESSEMITTEILUNGEN_URL"],
        "topics": settings["TAGS_URL"],
        "projects": settings["PROJEKTE_URL"],
        "search": settings["SUCHE_URL"],
        **contributed_site_urls(settings),
    }


def provide_site_urls(generator: Any) -> None:
    """Signal ``generator_init``: templates link the sections as ``{{ site_urls.events }}``."""
    generator.env.globals["site_urls"] = site_urls(generator.settings)
