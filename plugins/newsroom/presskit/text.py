"""A press release as UTF-8 plain text, the way a journalist pastes it into an editing system:
title, dateline with lead, text, update, press contacts, the release's address."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from lxml import html as lxml_html

from ..core.text import plain_text
from ..core.urls import absolute_url

# Inscriptis' strict profile: block elements become paragraphs, nothing is laid out as on a page.
TEXT_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=False)
BLANK_LINES = re.compile(r"\n{3,}")


def with_addresses(fragment: str, siteurl: str) -> Any:
    """The HTML fragment with each web link's address written after its text, where the text
    does not already show it („Strategie (https://…)“); e-mail and phone links show theirs."""
    root = lxml_html.fragment_fromstring(fragment or "", create_parent="div")
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        scheme = urlsplit(href).scheme.lower()
        if href.startswith("/"):
            href, scheme = absolute_url(siteurl, href), "https"
        if scheme not in ("http", "https"):
            continue
        shown = link.text_content().strip()
        bare = href.split("://", 1)[-1].rstrip("/")
        if bare.removeprefix("www.") in shown or not shown:
            continue
        link.tail = f" ({href}){link.tail or ''}"
    return root


def block_text(fragment: str, siteurl: str = "") -> str:
    """Plain text of rendered HTML: paragraphs separated by a blank line, lists with bullets."""
    if not (fragment or "").strip():
        return ""
    text = Inscriptis(with_addresses(fragment, siteurl), TEXT_CONFIG).get_text()
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines))


def contact_lines(block: Any) -> list[str]:
    person = block.person
    lines = [person.name]
    if person.role:
        lines.append(person.role)
    lines.append(person.organisation.name)
    if person.phone is not None:
        lines.append(f"Telefon: {person.phone.display}")
    if person.email:
        lines.append(f"E-Mail: {person.email}")
    return lines


def release_fragments(article: Any) -> tuple[str, str]:
    """The rendered HTML the plain text is made from: the lead and the body."""
    return str(getattr(article, "summary", "") or ""), str(article.content)


def release_text(
    article: Any,
    settings: Mapping[str, Any],
    plain: Callable[[str], str] | None = None,
    fragments: tuple[str, str] | None = None,
) -> str:
    """The whole plain text of one press release, ending with a newline. ``plain`` turns a
    fragment of :func:`release_fragments` into text (default :func:`block_text`);
    ``fragments``: those fragments as taken earlier (default: taken now)."""
    siteurl = settings.get("SITEURL", "")
    plain = plain or partial(block_text, siteurl=siteurl)
    parts = [
        "PRESSEMITTEILUNG",
        plain_text(str(article.title)),
    ]
    update = getattr(article, "update", None)
    if update is not None:
        note = f": {update.note}" if update.note else ""
        parts.append(f"Aktualisiert am {update.when}{note}")
    lead_html, body_html = fragments or release_fragments(article)
    lead = plain(lead_html)
    dateline = f"{plain_text(str(article.location))}, {article.german_date.long} –"
    parts.append(f"{dateline} {lead}" if lead else dateline)
    body = plain(body_html)
    if body:
        parts.append(body)
    section = getattr(article, "contact_section", None)
    if section is not None and section.blocks:
        parts.append(section.heading)
        parts.extend("\n".join(contact_lines(block)) for block in section.blocks)
    parts.append(f"Quelle: {absolute_url(siteurl, article.url)}")
    return "\n\n".join(parts) + "\n"


def rights_text(article: Any) -> str:
    """BILDRECHTE.txt: for each photo of the kit its file, credit and terms of use."""
    photo = getattr(article, "photo", None)
    lines = [f"Bildrechte zur Pressemitteilung: {plain_text(str(article.title))}", ""]
    if photo is None:
        return "\n".join([*lines, "Zu dieser Pressemitteilung gibt es kein Pressefoto.", ""])
    licence = getattr(article, "photo_licence", None)
    name = photo.original.rsplit("/", 1)[-1]
    lines += [f"Datei: fotos/{name}", f"Bildnachweis: {photo.credit}"]
    if licence is not None and licence.url:
        lines.append(f"Lizenz: {licence.text} – {licence.url}")
    elif licence is not None:
        lines.append(f"Nutzung: {licence.text}")
    lines.append(f"Bildbeschreibung: {photo.alt}")
    return "\n".join([*lines, ""])
