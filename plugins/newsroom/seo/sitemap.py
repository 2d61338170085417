"""``/sitemap.xml`` of every public page and ``/robots.txt`` pointing to it.

Written at the end of the build from the pages actually in the output: a page is listed by its
canonical address (``<link rel="canonical">``, which every page but the 404 page carries) unless
it asks not to be indexed (``<meta name="robots" content="noindex">``). Its ``lastmod`` is the
date the page itself states in ``<meta name="dcterms.modified">`` (content dates, set by
``page_meta``), never the clock, so the same content gives the same file. The sitemap needs
absolute addresses: without an absolute SITEURL (development) only robots.txt is written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..core.cache import cache_folder
from ..core.incremental import (
    file_identity,
    keep_by_identity,
    known_by_identity,
    regular_files,
)
from ..core.output import output_files
from ..core.parallel import map_on_cores
from ..core.settings import capability_settings
from ..core.urls import absolute_url

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# In the content cache: each page's (canonical, modified, noindex) by the page file's identity.
HEADS = "sitemap-koepfe.json"


class HeadReader(HTMLParser):
    """Reads what the sitemap needs from a page's head, and stops at its end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.modified = ""
        self.noindex = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical = values.get("href", "")
        elif tag == "meta" and values.get("name") == "dcterms.modified":
            self.modified = values.get("content", "")
        elif tag == "meta" and values.get("name") == "robots":
            self.noindex = "noindex" in values.get("content", "").lower()
        elif tag == "body":
            self.done = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.done = True


# The head's <link> and <meta> tags; only the few that can matter go through the parser.
HEAD_TAG = re.compile(r"<(?:link|meta)\s[^>]*>", re.IGNORECASE)
HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
RELEVANT = ("canonical", "dcterms.modified", "robots")


def read_head(path: Path) -> HeadReader:
    reader = HeadReader()
    text = path.read_text(encoding="utf-8")
    end = HEAD_END.search(text)
    head = text[: end.start()] if end else text
    for tag in HEAD_TAG.findall(head):
        if any(word in tag for word in RELEVANT):
            reader.feed(tag)
    return reader


def head_facts(path: Path) -> tuple[str, str, bool]:
    """(canonical, modified, noindex) of one page, as plain values for a worker process."""
    head = read_head(path)
    return head.canonical, head.modified, head.noindex


def heads_record(settings: Mapping[str, Any]) -> Path | None:
    """Where the heads' facts are kept between builds: in the content cache (emptied with
    it); None when the content cache is off."""
    if not capability_settings(settings, "SPEED").get("cache") or not settings.get("OUTPUT_PATH"):
        return None
    folder = cache_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / HEADS


def stored_head(value: Any) -> bool:
    """A value of :data:`HEADS` as :func:`public_pages` writes it."""
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and isinstance(value[2], bool)
    )


def public_pages(
    output: Path, siteurl: str, settings: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """(address, lastmod) of every page to list, sorted by address.

    A page the last build saw (a link from the page cache or the previous output: the same
    file) is not read again; its head's facts are kept by the file's identity."""
    settings = settings or {}
    record = heads_record(settings)
    known = known_by_identity(record, "", stored_head)
    paths = regular_files(output, ".html")
    identities = [file_identity(path) for path in paths]
    pairs = list(zip(paths, identities, strict=True))
    unknown = [path for path, identity in pairs if identity not in known]
    read = dict(zip(unknown, map_on_cores(head_facts, unknown, settings), strict=True))
    seen: dict[str, list[Any]] = {}
    found: dict[str, str] = {}
    for path, identity in pairs:
        canonical, modified, noindex = known[identity] if identity in known else read[path]
        seen[identity] = [canonical, modified, noindex]
        if noindex or not canonical.startswith(siteurl + "/"):
            continue
        found.setdefault(canonical, modified)
    keep_by_identity(record, "", seen)
    return sorted(found.items())


def sitemap_xml(pages: list[tuple[str, str]]) -> bytes:
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for address, modified in pages:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = address
        if modified:
            ET.SubElement(entry, "lastmod").text = modified
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


def write_sitemap(pelican: Any) -> None:
    """Signal ``finalized``: write sitemap.xml and robots.txt into the finished output."""
    settings = pelican.settings
    config = capability_settings(settings, "SITEMAP")
    if not config["enabled"]:
        return
    output = Path(settings["OUTPUT_PATH"])
    files = output_files(settings)
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    sitemap_url = None
    if siteurl.startswith(("https://", "http://")):
        pages = public_pages(output, siteurl, settings)
        files.write(config["save_as"], sitemap_xml(pages), "seo")
        sitemap_url = absolute_url(siteurl, config["save_as"])
    files.write(config["robots_save_as"], robots_txt(sitemap_url).encode("utf-8"), "seo")
