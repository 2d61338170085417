"""Full-text search with Pagefind, as the last step of every build.

Pagefind reads the finished HTML in OUTPUT_PATH (the staging folder of ``python -m newsroom
build``) and writes its index and its UI assets into ``SEARCH_BUNDLE_DIR`` of the same output,
so the search page loads nothing from another host. Only what the templates mark with
``data-pagefind-body`` is indexed — press releases, pages and events —, and the language comes
from ``<html lang="de">``: German stemming finds „Unternehmens“ for „Unternehmen“.

Content objects carry what the index records besides their text — content type and year as
filters, the German date as meta, the date as sort key — as ``.search``, which
``components/meta.html`` writes into the head.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.dates import in_berlin, long_date
from ..core.settings import capability_settings

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
    """Signal ``content_object_init``: give press releases and pages their ``.search``."""
    kind = content_type(content, content.settings)
    if kind is not None:
        content.search = search_fields(kind, getattr(content, "date", None))


def attach_event_search_fields(generators: list[Any]) -> None:
    """Signal ``all_generators_finalized``: events get ``.search`` once their times are read."""
    for event in generators[0].context.get("events", []) if generators else []:
        times = getattr(event, "times", None)
        event.search = search_fields(EVENT, getattr(times, "start", None))


def provide_search_bundle(generator: Any) -> None:
    """Signal ``generator_init``: templates find Pagefind's files at ``{{ search_bundle }}``."""
    config = capability_settings(generator.settings, "SEARCH")
    siteurl = generator.settings.get("SITEURL", "")
    generator.env.globals["search_bundle"] = f"{siteurl}/{config['bundle_dir']}/"


def write_index(site: Path, bundle: Path, exclude_selectors: list[str]) -> int:
    """Index every HTML file below ``site``; return how many pages went into the index.

    Pagefind runs as its own command, not through its Python service: the service answers
    "written" while Pagefind's writes are still queued (asynchronous file writes without a
    flush) and then ends the process with SIGTERM, so the index could be read half-written, or
    stay truncated. The command exits only when every file is on disk. It runs in an empty
    folder so that no ``pagefind.yml`` of the caller's working directory changes the index.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-path", str(bundle), "--silent"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    with tempfile.TemporaryDirectory(prefix="pagefind-") as empty:
        done = subprocess.run(command, cwd=empty, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(f"Pagefind endete mit {done.returncode}: {lines[-1] if lines else ''}")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(details["page_count"]) for details in entry["languages"].values())


def index_output(pelican: Any) -> None:
    """Signal ``finalized``: index the written site; a failure fails the build."""
    config = capability_settings(pelican.settings, "SEARCH")
    if not config["enabled"]:
        return
    site = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    bundle = site / config["bundle_dir"]
    try:
        pages = write_index(site, bundle, list(config["exclude_selectors"]))
    except Exception as error:  # the index is part of the site: no index, no site
        logger.error("Suchindex (Pagefind) konnte nicht gebaut werden: %s", error)
        return
    if pages == 0:
        logger.error(
            "Suchindex (Pagefind): keine Seite mit data-pagefind-body gefunden; "
            "die Vorlagen für Pressemitteilungen, Seiten und Veranstaltungen müssen es setzen."
        )
