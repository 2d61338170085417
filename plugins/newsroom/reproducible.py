"""The same sources give the same bytes, whatever the machine, its locale, time zone or disk.

- Pelican collects source files in a set, so content that sorts equal (two press releases of
  one date, two pages of one file name) would come out in an order that changes from run to run
  with Python's hash seed. Sorting by source path first, then by the configured order, fixes it.
- A feed without entries would be dated by the clock; it is dated by the build time.
- Pagefind's filter index comes out in a random order; it is put in order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import cbor2
from pelican.utils import order_content

from .dates import build_time
from .settings import capability_settings

logger = logging.getLogger(__name__)


def by_source_path(content: Any) -> str:
    return content.source_path or ""


def stable_order(items: list[Any], order_by: Any) -> None:
    """Sort in place: configured order, ties broken by source path."""
    items.sort(key=by_source_path)
    items[:] = order_content(items, order_by)


def stable_article_order(generator: Any) -> None:
    """Signal ``article_generator_pretaxonomy``: before tags and archives are built from them."""
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "hidden_articles", "drafts"):
        stable_order(getattr(generator, name, []), order_by)
    for name in ("translations", "hidden_translations", "drafts_translations"):
        getattr(generator, name, []).sort(key=by_source_path)


def stable_page_order(generator: Any) -> None:
    """Signal ``page_generator_finalized``: the lists the context already holds, sorted in place."""
    order_by = generator.settings["PAGE_ORDER_BY"]
    for name in ("pages", "hidden_pages", "draft_pages"):
        stable_order(getattr(generator, name, []), order_by)
    for name in ("translations", "hidden_translations", "draft_translations"):
        getattr(generator, name, []).sort(key=by_source_path)


# --- Pagefind's index ---------------------------------------------------------------------------
# Pagefind (1.5) writes its filter index from a hash map: the values of a filter come out in
# another order on every run, and with them the names of the filter and meta files and
# pagefind-entry.json. The fragments and word indexes are stable. Here the filter values and the
# lists of filters and sorts are put in order, and the files renamed and re-linked, the way
# Pagefind names them: language, underscore, the start of a content hash.

PAGEFIND_SIGNATURE = b"pagefind_dcd"


def read_pagefind(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PAGEFIND_SIGNATURE):
        raise ValueError(f"{path.name}: kein Pagefind-Index")
    return cbor2.loads(data[len(PAGEFIND_SIGNATURE) :])


def write_pagefind(folder: Path, language: str, length: int, suffix: str, value: Any) -> str:
    """Write a Pagefind file named by its content; return the name Pagefind refers to it by."""
    data = gzip.compress(PAGEFIND_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
    reference = f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"
    prefix = "pagefind." if suffix == ".pf_meta" else ""
    (folder / f"{prefix}{reference}{suffix}").write_bytes(data)
    return reference


def stable_search_index(pelican: Any) -> None:
    """Signal ``finalized`` (after the search index, before compression): a stable index."""
    search = capability_settings(pelican.settings, "SEARCH")
    bundle = Path(pelican.settings["OUTPUT_PATH"]) / search.get("bundle_dir", "pagefind")
    if not (bundle / "pagefind-entry.json").is_file():
        return
    try:
        stabilise_pagefind(bundle)
    except (OSError, ValueError, LookupError, TypeError, cbor2.CBORDecodeError) as error:
        logger.error(
            "Suchindex (Pagefind) hat ein unerwartetes Format (%s); "
            "plugins/newsroom/reproducible.py passt zu Pagefind 1.5.",
            error,
        )


def stabilise_pagefind(bundle: Path) -> None:
    """Filter values and the lists of filters and sorts in order; files renamed and re-linked."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read_pagefind(meta_path)
        # [version, pages, index chunks, filters [[name, file]], sorts [[name, pages]], …]
        filters = sorted(meta[3], key=lambda item: item[0])
        for item in filters:
            filter_path = bundle / "filter" / f"{item[1]}.pf_filter"
            name, values = read_pagefind(filter_path)
            filter_path.unlink()
            values = sorted(values, key=lambda value: value[0])
            item[1] = write_pagefind(bundle / "filter", language, 7, ".pf_filter", [name, values])
        meta[3] = filters
        meta[4] = sorted(meta[4], key=lambda item: item[0])
        meta_path.unlink()
        details["hash"] = write_pagefind(bundle, language, 10, ".pf_meta", meta)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def stable_empty_feed_date(context: Any, feed: Any) -> None:
    """Signal ``feed_generated``: a feed without entries is dated by the build, not the clock.

    The feed library dates a feed by its newest entry, an empty one by the current time.
    """
    if not feed.items:
        moment = build_time(context)
        feed.latest_post_date = lambda: moment
