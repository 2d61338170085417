"""What a page tells browsers, feed readers, search engines and social networks about itself.

The canonical address, description, Open Graph and Twitter card, feed autodiscovery, the
``BreadcrumbList`` and the page type's own structured data: computed here, once per page, from
the template's context, and handed to ``components/meta.html`` as one :class:`PageMeta` by the
template global ``page_meta()``. Every text is plain (``typography.plain_text``): no tags and no
entities reach a meta tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import pass_context

from ..core import json_ld
from ..core.dates import iso
from ..core.settings import capability_settings
from ..core.text import plain_text
from ..core.urls import absolute_url
from . import structured_data

PAGINATED = re.compile(r"^(?P<base>.*?)seite/(?P<number>\d+)/$")
YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Feed:
    title: str
    type: str
    href: str


@dataclass(frozen=True)
class SeoSettings:
    """The settings this capability reads for every page (``PAGE_META_*``,
    ``STRUCTURED_DATA_*``), read once per generator from its settings: a page's template
    context holds every setting, and reading a prefix from it goes through all of them."""

    page_meta: Mapping[str, Any]
    structured_data: Mapping[str, Any]

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> SeoSettings:
        return cls(
            capability_settings(settings, "PAGE_META"),
            capability_settings(settings, "STRUCTURED_DATA"),
        )


@dataclass
class PageMeta:
    """Everything ``components/meta.html`` writes into a page's head."""

    canonical: str = ""
    title: str = ""
    description: str = ""
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    published: str = ""
    modified: str = ""
    lastmod: str = ""  # the newest content date this page shows, for the sitemap
    feeds: list[Feed] = field(default_factory=list)
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (name, absolute URL)
    trail: list[tuple[str, str]] = field(default_factory=list)  # (name, URL relative to SITEURL)
    site_name: str = ""
    search: Any = None  # the shown content's search.SearchFields, if it is indexed

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def url_of(output_file: str) -> str:
    """The URL of a written file relative to SITEURL: ``projekte/index.html`` → ``projekte/``."""
    if output_file == "index.html":
        return ""
    return output_file.removesuffix("index.html")


def shown_item(context: Mapping[str, Any]) -> Any:
    """The content object a page shows, if it shows one (press release, page, event)."""
    for key in ("article", "page", "event"):
        item = context.get(key)
        if item is not None and hasattr(item, "title"):
            return item
    return None


def current_name(url: str, context: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The name of the page itself, last in its breadcrumb trail."""
    item = shown_item(context)
    if item is not None:
        return plain_text(str(item.title))
    tag = context.get("tag")
    if tag is not None:
        return f"Thema: {tag}"
    if url in names:
        return names[url]
    return url.rstrip("/").rsplit("/", 1)[-1]


def trail(url: str, context: Mapping[str, Any], config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, URL relative to SITEURL) from the start page down to this page."""
    names = config["section_names"]
    steps = [(config["home_name"], "")]
    paginated = PAGINATED.match(url)
    base = paginated["base"] if paginated else url
    segments = [part for part in base.split("/") if part]
    for depth in range(1, len(segments)):
        prefix = "/".join(segments[:depth]) + "/"
        if prefix in names:
            steps.append((names[prefix], prefix))
        elif YEAR.match(segments[depth - 1]):
            steps.append((segments[depth - 1], prefix))
    event = context.get("event")
    archive = context.get("events_archive_url")
    if event is not None and getattr(event, "is_past", False) and archive:
        # A past event lives in its year's archive, whatever its own URL says.
        steps += [
            (names.get(archive, "Archiv"), archive),
            (str(event.year), f"{archive}{event.year}/"),
        ]
    steps.append((current_name(base, context, names), base))
    if paginated:
        steps.append((f"Seite {paginated['number']}", url))
    return steps


def feeds(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[Feed]:
    """The feeds a page announces: all press releases, its topic's on a topic page, each
    organisation's on the contacts directory."""
    domain = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    found = []
    for setting, kind, label in (
        ("FEED_ALL_ATOM", "application/atom+xml", "Atom"),
        ("FEED_ALL_RSS", "application/rss+xml", "RSS"),
    ):
        if settings.get(setting):
            found.append(
                Feed(
                    f"Alle Pressemitteilungen ({label})",
                    kind,
                    absolute_url(domain, settings[setting]),
                )
            )
    tag = context.get("tag")
    if tag is not None:
        for setting, kind, label in (
            ("TAG_FEED_ATOM", "application/atom+xml", "Atom"),
            ("TAG_FEED_RSS", "application/rss+xml", "RSS"),
        ):
            if settings.get(setting):
                href = absolute_url(domain, settings[setting].format(slug=tag.slug))
                found.append(Feed(f"Thema {tag} ({label})", kind, href))
    # The contacts directory announces the feed of each organisation it lists (partnerfeeds).
    partner_feeds = context.get("partner_feeds") or {}
    for group in context.get("contact_directory") or ():
        feed = partner_feeds.get(group.organisation.id)
        if feed is not None:
            found += [
                Feed(
                    f"{feed.title} (Atom)",
                    "application/atom+xml",
                    absolute_url(domain, feed.atom_url),
                ),
                Feed(
                    f"{feed.title} (RSS)", "application/rss+xml", absolute_url(domain, feed.rss_url)
                ),
            ]
    return found


def changed(item: Any) -> Any:
    return getattr(item, "modified", None) or getattr(item, "date", None)


def newest_date(context: Mapping[str, Any]) -> str:
    """The last change of what a page shows: its content object's, else the newest of its list,
    else the newest press release's. Content dates only: the same content, the same value."""
    item = shown_item(context)
    listed = getattr(context.get("articles_page"), "object_list", None)
    if item is not None:
        candidates = [changed(item)]
    elif listed:
        candidates = [changed(article) for article in listed]
    else:
        candidates = []
    if not any(candidates):
        candidates = [changed(article) for article in context.get("articles") or []]
    dates = [moment for moment in candidates if moment is not None]
    return iso(max(dates)) if dates else ""


def preview_title(steps: list[tuple[str, str]], paginated: bool) -> str:
    """The page's title for link previews: its name, made to stand alone where it does not
    („2022“ → „Pressemitteilungen 2022“; „Seite 2“ → „Pressemitteilungen, Seite 2“)."""
    names = [name for name, _ in steps]
    if paginated:
        return f"{preview_title(steps[:-1], paginated=False)}, {names[-1]}"
    if YEAR.match(names[-1]) and len(names) > 2:
        return f"{names[1]} {names[-1]}"
    return names[-1]


def describe(
    context: Mapping[str, Any], settings: Mapping[str, Any], seo: SeoSettings | None = None
) -> PageMeta:
    """The :class:`PageMeta` of the page a template is rendering (``seo``: the capability's
    settings, read from ``settings`` when not given)."""
    seo = seo or SeoSettings.of(settings)
    config = seo.page_meta
    output_file = str(context.get("output_file") or "")
    url = url_of(output_file)
    sitename = plain_text(str(settings.get("SITENAME", "")))
    meta = PageMeta(
        description=plain_text(str(settings.get("SITESUBTITLE", ""))), site_name=sitename
    )
    meta.feeds = feeds(context, settings)
    if output_file in config["without_address"]:
        meta.title = sitename
        return meta
    meta.canonical = absolute_url(settings, url)
    meta.lastmod = newest_date(context)
    item = shown_item(context)
    meta.search = getattr(item, "search", None)
    photo = getattr(item, "photo", None) if item is not None else None
    if photo is not None:
        meta.image = absolute_url(settings, photo.preview.url)
        meta.image_width, meta.image_height = photo.preview.width, photo.preview.height
        meta.image_alt = photo.alt
    elif config["default_image"]:
        meta.image = absolute_url(settings, config["default_image"])
        meta.image_alt = config["default_image_alt"]
        meta.image_width, meta.image_height = config["default_image_size"]
    if url == "":
        meta.title = sitename
        meta.json_ld.append(structured_data.start_page(settings, seo.structured_data))
        return meta
    steps = trail(url, context, config)
    meta.trail = steps
    meta.breadcrumbs = [(name, absolute_url(settings, step)) for name, step in steps]
    meta.title = preview_title(steps, paginated=PAGINATED.match(url) is not None)
    if item is not None:
        summary = plain_text(str(getattr(item, "summary", "") or ""))
        meta.description = summary or meta.description
    if item is not None and context.get("article") is item:
        meta.og_type = "article"
        meta.published = iso(item.date)
        meta.modified = iso(getattr(item, "modified", None) or item.date)
        images = [meta.image] if photo is not None else []
        meta.json_ld.append(
            structured_data.news_article(item, settings, images, seo.structured_data)
        )
    meta.json_ld.append(json_ld.breadcrumb_list(meta.breadcrumbs))
    return meta


def trail_of(
    context: Mapping[str, Any], settings: Mapping[str, Any], seo: SeoSettings | None = None
) -> list[tuple[str, str]]:
    """``describe(context, settings).trail`` alone: what the breadcrumb shows."""
    config = (seo or SeoSettings.of(settings)).page_meta
    output_file = str(context.get("output_file") or "")
    url = url_of(output_file)
    if output_file in config["without_address"] or url == "":
        return []
    return trail(url, context, config)


def provide_page_meta(generator: Any) -> None:
    """Signal ``generator_init``: templates can call ``page_meta()`` (the head data of the page
    being rendered) and ``page_trail()`` (its breadcrumb trail, the one of ``page_meta()``, whose
    head data, feeds and JSON-LD the page works out once, in its head)."""
    seo = SeoSettings.of(generator.settings)

    @pass_context
    def page_meta(context: Any) -> PageMeta:
        values = context.get_all()  # the settings and what the writer added for this page
        return describe(values, values, seo)

    @pass_context
    def page_trail(context: Any) -> list[tuple[str, str]]:
        values = context.get_all()
        return trail_of(values, values, seo)

    generator.env.globals["page_meta"] = page_meta
    generator.env.globals["page_trail"] = page_trail
