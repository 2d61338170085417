"""Content in a stable order, whatever the machine and Python's hash seed.

Pelican collects source files in a set, so content that sorts equal (two press releases of one
date, two pages of one file name) would come out in an order that changes from run to run.
Sorting by source path first, then by the configured order, fixes it. (The search index's
order: :mod:`newsroom.search.stable_index`; the date of an empty feed:
:mod:`newsroom.speed.feed_date`.)
"""

from __future__ import annotations

from typing import Any

from pelican.utils import order_content


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
