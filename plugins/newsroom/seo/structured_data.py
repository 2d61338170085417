"""schema.org structured data of the pages: what the site's settings add to the core's builders.

``NewsArticle`` for a press release, ``Organization`` for the start page, ``BreadcrumbList``
for every inner page (built by :mod:`newsroom.core.json_ld`). Every URL in them is absolute
when SITEURL is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core import json_ld
from ..core.settings import capability_settings
from ..core.urls import absolute_url


def organization(
    settings: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The publisher: NorderstedtGO! and the bodies behind it (``config``: the
    ``STRUCTURED_DATA_*`` settings, read from ``settings`` when not given)."""
    if config is None:
        config = capability_settings(settings, "STRUCTURED_DATA")
    logo = config["organization_logo"]
    return json_ld.publisher(
        config["organization_name"] or settings.get("AUTHOR", ""),
        absolute_url(settings, ""),
        absolute_url(settings, logo) if logo else "",
        [(member["name"], member["url"]) for member in config["organization_members"]],
    )


def start_page(
    settings: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The start page's ``Organization``, with what the site is about."""
    return json_ld.start_page(organization(settings, config), settings.get("SITESUBTITLE") or "")


def news_article(
    article: Any,
    settings: Mapping[str, Any],
    images: Sequence[str] = (),
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A press release as ``NewsArticle``, published by the site's organisation."""
    publisher = organization(settings, config)
    return json_ld.news_article(
        article,
        absolute_url(settings, article.url),
        json_ld.article_authors(article, publisher["name"]),
        publisher,
        images,
    )
