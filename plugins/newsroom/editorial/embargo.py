"""Embargo (Sperrfrist) and drafts: what a build may publish.

A press release whose Date lies after the build time (:func:`dates.build_time`) is published
nowhere — no page, list, archive, topic, feed, sitemap, search index or calendar — until a build
at or after that moment; ``Status: draft`` is never published. Both are taken out of Pelican's
generators before topics, archives and feeds are made from them, so no later step sees them.

The preview (``EMBARGO_PREVIEW = True``, ``make preview``) shows both, each with a notice on its
page. Production settings forbid it with ``EMBARGO_PREVIEW_ALLOWED = False``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..core.dates import build_time, timestamp_de
from ..core.publication import DRAFT, EMBARGO, preview_on, withheld_reason
from ..core.sources import markdown_files

WITHHELD = "EMBARGO_WITHHELD"  # context key: the content objects this build does not publish


@dataclass(frozen=True)
class PreviewNotice:
    """What the preview's banner on a withheld page says; shown by ``components/notice.html``."""

    kind: str  # the notice macro's kind: info, warning …
    title: str
    text: str


def notice_for(reason: str, date: dt.datetime | None) -> PreviewNotice:
    if reason == DRAFT:
        return PreviewNotice(
            "info",
            "Entwurf",
            "Diese Seite ist ein Entwurf und wird nicht veröffentlicht, solange im Kopf "
            "der Datei „Status: draft“ steht.",
        )
    until = timestamp_de(date) if date is not None else ""
    return PreviewNotice(
        "warning",
        f"Sperrfrist bis {until}",
        "Diese Pressemitteilung erscheint erst mit dem ersten Bau der Website ab diesem "
        "Zeitpunkt. Nur die Vorschau zeigt sie schon jetzt.",
    )


def _reason(content: Any, now: dt.datetime | None = None) -> str | None:
    return withheld_reason(content.status, getattr(content, "date", None), content.settings, now)


def withhold_articles(generator: Any) -> None:
    """Signal ``article_generator_pretaxonomy``: drafts and embargoed press releases leave the
    lists before topics, year archives and feeds are made; in the preview they stay, marked."""
    from pelican.utils import order_content

    order_by = generator.settings["ARTICLE_ORDER_BY"]
    now = build_time(generator.settings)
    if preview_on(generator.settings):
        for article in generator.drafts + generator.drafts_translations:
            article.preview_notice = notice_for(DRAFT, getattr(article, "date", None))
            article.status = "published"  # its URL is then the one it will be published at
        for article in generator.articles + generator.hidden_articles:
            if _reason(article, now) == EMBARGO:
                article.preview_notice = notice_for(EMBARGO, article.date)
        generator.articles = order_content(generator.articles + generator.drafts, order_by)
        generator.translations = generator.translations + generator.drafts_translations
    else:
        withheld = generator.drafts + generator.drafts_translations
        for name in ("articles", "translations", "hidden_articles", "hidden_translations"):
            items = getattr(generator, name)
            withheld += [item for item in items if _reason(item, now) is not None]
            setattr(generator, name, [item for item in items if _reason(item, now) is None])
        generator.context[WITHHELD] = generator.context.get(WITHHELD, []) + withheld
    generator.drafts, generator.drafts_translations = [], []


def withhold_pages(generator: Any) -> None:
    """Signal ``page_generator_finalized``: draft pages are never written; in the preview they
    are written and marked."""
    from pelican.utils import order_content

    drafts = generator.draft_pages + generator.draft_translations
    if preview_on(generator.settings):
        for page in drafts:
            page.preview_notice = notice_for(DRAFT, None)
            page.status = "published"
        order_by = generator.settings["PAGE_ORDER_BY"]
        generator.pages = order_content(generator.pages + generator.draft_pages, order_by)
        generator.translations = generator.translations + generator.draft_translations
    else:
        generator.context[WITHHELD] = generator.context.get(WITHHELD, []) + drafts
    generator.draft_pages, generator.draft_translations = [], []
    generator.context["pages"] = generator.pages
    generator.context["draft_pages"] = generator.draft_pages


def static_files_of(content: Any) -> set[str]:
    """The files below PATH an item shows: its ``{static}`` links and its ``Image:``."""
    from ..photos.images import source_path

    files = set(content.get_static_links())
    image = str(content.metadata.get("image", "")).strip()
    if image:
        files.add(source_path(image))  # Image: is always relative to PATH
    return files


# A path a source names: after {static}/{attach}/{filename} (or |static| …), in a Markdown
# link or image, or as the value of ``Image:``.
NAMED_PATH = re.compile(
    r"(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)(?P<prefixed>[^\s)\"'<>]+)"
    r"|\]\((?P<linked>/[^\s)\"'<>]+)"
    r"|^Image:[ \t]*(?P<image>\S+)",
    re.MULTILINE | re.IGNORECASE,
)


def named_files(text: str, source: Path, root: Path) -> set[str]:
    """The files below ``root`` a source names, as paths relative to ``root``: from PATH with
    ``/``, else from the source's folder — the way Pelican resolves them."""
    named = set()
    for match in NAMED_PATH.finditer(text):
        value = match["prefixed"] or match["linked"] or match["image"]
        for prefix in ("{static}", "{attach}", "{filename}"):
            value = value.removeprefix(prefix)
        value = unquote(urlsplit(value).path)
        base = root if value.startswith("/") or match["image"] else source.parent
        path = Path(os.path.normpath(base / value.lstrip("/")))
        if root in path.parents:
            named.add(path.relative_to(root).as_posix())
    return named


def withhold_static_files(generator: Any) -> None:
    """Signal ``static_generator_finalized``: a photo that only withheld items show is not
    copied either — its name alone could give the news away. A file any other source names
    by the same full path is kept; a file of the same name elsewhere does not count."""
    withheld = generator.context.get(WITHHELD, [])
    if not withheld:
        return
    candidates = set().union(*(static_files_of(item) for item in withheld))
    withheld_sources = {Path(item.source_path).resolve() for item in withheld}
    root = Path(generator.settings["PATH"]).resolve()
    for source in markdown_files(root):
        if candidates and source.resolve() not in withheld_sources:
            text = source.read_text(encoding="utf-8", errors="replace")
            candidates -= named_files(text, source, root)
    if not candidates:
        return
    kept = [
        static
        for static in generator.staticfiles
        if static.get_relative_source_path().replace(os.sep, "/") not in candidates
    ]
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept
