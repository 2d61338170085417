"""Full-text search with Pagefind, as the last step of every build.

Pagefind reads the finished HTML in OUTPUT_PATH (the staging folder of ``python -m newsroom
build``) and writes its index and its UI assets into ``SEARCH_BUNDLE_DIR`` of the same output,
so the search page loads nothing from another host. Only what the templates mark with
``data-pagefind-body`` is indexed — press releases, pages and events —, and the language comes
from ``<html lang="de">``: German stemming finds „Unternehmens“ for „Unternehmen“.

Content objects carry what the index records besides their text — content type and year as
filters, the German date as meta, the date as sort key — as ``.suche``, which
``components/meta.html`` writes into the head.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .dates import in_berlin, long_date
from .settings import capability_settings

logger = logging.getLogger(__name__)

PRESS_RELEASE = "Pressemitteilung"
EVENT = "Veranstaltung"


@dataclass(frozen=True)
class SearchFields:
    """What the index records of a page besides its text: filters, shown date, sort key.

    ``components/meta.html`` writes them as ``<meta>`` tags that Pagefind reads
    (``data-pagefind-filter="typ[content]"`` …), one value per tag.
    """

    type: str  # filter „typ“: Pressemitteilung, Projekt, Seite, Veranstaltung
    year: str  # filter „jahr“, or empty
    date: str  # meta „datum“, shown with the hit: „13. Januar 2022“, or empty
    sort: str  # sort key „datum“: ISO 8601, or empty


def search_fields(kind: str, moment: dt.datetime | None) -> SearchFields:
    """Filters by content type and year, the German date to show and the date to sort by."""
    if moment is None:
        return SearchFields(kind, "", "", "")
    local = in_berlin(moment)
    return SearchFields(kind, str(local.year), long_date(local), local.isoformat())


def content_type(content: Any, settings: Mapping[str, Any]) -> str | None:
    """The search filter's name for a content object's type, by the folder it lives in."""
    from pelican.contents import Article, Page

    if isinstance(content, Article):
        return PRESS_RELEASE
    if isinstance(content, Page):
        folder = PurePosixPath(content.get_relative_source_path()).parts[0]
        return capability_settings(settings, "SEARCH")["page_types"].get(folder, "Seite")
    return None


def attach_search_fields(content: Any) -> None:
    """Signal ``content_object_init``: give press releases and pages their ``.suche``."""
    kind = content_type(content, content.settings)
    if kind is not None:
        content.suche = search_fields(kind, getattr(content, "date", None))


def attach_event_search_fields(generators: list[Any]) -> None:
    """Signal ``all_generators_finalized``: events get ``.suche`` once their times are read."""
    for event in generators[0].context.get("events", []) if generators else []:
        times = getattr(event, "times", None)
        event.suche = search_fields(EVENT, getattr(times, "start", None))


def provide_search_bundle(generator: Any) -> None:
    """Signal ``generator_init``: templates find Pagefind's files at ``{{ search_bundle }}``."""
    config = capability_settings(generator.settings, "SEARCH")
    siteurl = generator.settings.get("SITEURL", "")
    generator.env.globals["search_bundle"] = f"{siteurl}/{config['bundle_dir']}/"


def run_to_completion(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine also when the caller already runs an event loop (the live preview)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def write_index(site: Path, bundle: Path, exclude_selectors: list[str]) -> int:
    """Index every HTML file below ``site``; return how many pages went into the index."""
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        output_path=str(bundle),
        exclude_selectors=exclude_selectors,
        write_playground=False,
    )
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
        return int(result.get("page_count", 0))


def index_output(pelican: Any) -> None:
    """Signal ``finalized``: index the written site; a failure fails the build."""
    config = capability_settings(pelican.settings, "SEARCH")
    if not config["enabled"]:
        return
    site = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    bundle = site / config["bundle_dir"]
    try:
        pages = run_to_completion(write_index(site, bundle, list(config["exclude_selectors"])))
    except Exception as error:  # the index is part of the site: no index, no site
        logger.error("Suchindex (Pagefind) konnte nicht gebaut werden: %s", error)
        return
    if pages == 0:
        logger.error(
            "Suchindex (Pagefind): keine Seite mit data-pagefind-body gefunden; "
            "die Vorlagen für Pressemitteilungen, Seiten und Veranstaltungen müssen es setzen."
        )
