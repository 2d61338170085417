"""schema.org structured data as plain dicts; templates render them with ``tojson``.

``NewsArticle`` for a press release, ``Organization`` for the start page, ``BreadcrumbList``
for every inner page. Every URL in them is absolute when SITEURL is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core.dates import iso
from ..core.settings import capability_settings
from ..core.text import plain_text

CONTEXT = "https://schema.org"


def absolute(settings: Mapping[str, Any], url: str) -> str:
    """A site URL (``pressemitteilungen/``) as the address readers and machines use."""
    return f"{settings.get('SITEURL', '')}/{url.lstrip('/')}"


def organization(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The publisher: NorderstedtGO! and the bodies behind it."""
    config = capability_settings(settings, "STRUCTURED_DATA")
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": config["organization_name"] or settings.get("AUTHOR", ""),
        "url": absolute(settings, ""),
    }
    if config["organization_logo"]:
        data["logo"] = {
            "@type": "ImageObject",
            "url": absolute(settings, config["organization_logo"]),
        }
    members = [
        {"@type": "Organization", "name": member["name"], "url": member["url"]}
        for member in config["organization_members"]
    ]
    if members:
        data["member"] = members
    return data


def with_context(data: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, **data}


def start_page(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The start page's ``Organization``, with what the site is about."""
    data = with_context(organization(settings))
    subtitle = settings.get("SITESUBTITLE")
    if subtitle:
        data["description"] = plain_text(subtitle)
    return data


def authors(article: Any, settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The organisations a press release speaks for: those of its press contacts, else ours."""
    found: dict[str, dict[str, Any]] = {}
    section = getattr(article, "contact_section", None)
    for block in getattr(section, "blocks", ()):
        organisation = block.person.organisation
        if organisation.name not in found:
            entry = {"@type": "Organization", "name": organisation.name}
            if organisation.web:
                entry["url"] = organisation.web
            found[organisation.name] = entry
    return list(found.values()) or [
        {"@type": "Organization", "name": organization(settings)["name"]}
    ]


def news_article(
    article: Any, settings: Mapping[str, Any], images: Sequence[str] = ()
) -> dict[str, Any]:
    """A press release as ``NewsArticle``: headline, dates with UTC offset, who says it."""
    url = absolute(settings, article.url)
    modified = getattr(article, "modified", None) or article.date
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": plain_text(article.title),
        "description": plain_text(getattr(article, "summary", "")),
        "datePublished": iso(article.date),
        "dateModified": iso(modified),
        "inLanguage": "de-DE",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": authors(article, settings),
        "publisher": organization(settings),
    }
    location = getattr(article, "location", None)
    if location:
        data["locationCreated"] = {"@type": "Place", "name": plain_text(location)}
    tags = [str(tag) for tag in getattr(article, "tags", None) or []]
    if tags:
        data["keywords"] = tags
    if images:
        data["image"] = list(images)
    return data


def breadcrumb_list(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``BreadcrumbList`` from (name, absolute URL) pairs, the start page first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(trail, start=1)
        ],
    }
