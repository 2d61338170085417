"""The search index in a stable order: the same pages give the same bytes.

Pagefind (1.5) numbers pages in the order it finds the HTML files, which is the order of the
file system's directory listing (ext4 and tmpfs list the same folder differently), and writes
its filter index from a hash map. Here the pages are numbered by their fragment's name (a
content hash), every reference to a page number (word index, filters, sorts) follows, the
lists are put in order, and the rewritten files are named the way Pagefind names them:
language, underscore, the start of a content hash.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import cbor2

from ..core.settings import capability_settings

logger = logging.getLogger(__name__)

PAGEFIND_SIGNATURE = b"pagefind_dcd"


def read_pagefind(path: Path) -> Any:
    return cbor2.loads(read_pagefind_raw(path))


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
        stabilise_pagefind(bundle, Path(pelican.settings["OUTPUT_PATH"]))
    except (OSError, ValueError, LookupError, TypeError, EOFError, cbor2.CBORDecodeError) as error:
        logger.error(
            "Suchindex (Pagefind) hat ein unerwartetes Format (%s); "
            "plugins/newsroom/search/stable_index.py passt zu Pagefind 1.5.",
            error,
        )


def rewrite(
    folder: Path, reference: str, language: str, suffix: str, change: Callable[[Any], Any]
) -> str:
    """Read one Pagefind file, change it, write it under its new name; return that name."""
    path = folder / f"{reference}{suffix}"
    value = change(read_pagefind(path))
    path.unlink()
    return write_pagefind(folder, language, 7, suffix, value)


def renumber_pages(pages: list[Any], new_number: dict[int, int]) -> list[Any]:
    """A word's pages, [[page, locations, meta locations], …]: in ascending order, each page
    number written as the difference to the one before it."""
    renumbered, number = [], 0
    for page in pages:
        number += page[0]
        renumbered.append([new_number[number], *page[1:]])
    renumbered.sort(key=lambda page: page[0])
    previous = 0
    for page in renumbered:
        page[0], previous = page[0] - previous, page[0]
    return renumbered


def renumber_words(chunk: list[Any], new_number: dict[int, int]) -> list[Any]:
    """A word index chunk: [[[word, pages, [[variant, pages], …]], …]] (variants: the forms of
    a stemmed word as written, e.g. „ältere“ for „alt“)."""
    for word in chunk[0]:
        word[1] = renumber_pages(word[1], new_number)
        for variant in word[2]:
            variant[1] = renumber_pages(variant[1], new_number)
        word[2].sort(key=lambda variant: variant[0])
    return chunk


def renumber_filter(value: list[Any], new_number: dict[int, int]) -> list[Any]:
    """A filter: [name, [[value, [page, …]], …]]."""
    name, values = value
    values = [[item[0], sorted(new_number[page] for page in item[1])] for item in values]
    return [name, sorted(values, key=lambda item: item[0])]


SORT_TAG = re.compile(r"<meta\b[^>]*\bdata-pagefind-sort=\"(?P<name>[^\"\[]+)\[content\]\"[^>]*>")
CONTENT = re.compile(r"\bcontent=\"(?P<value>[^\"]*)\"")


def sort_values(
    site: Path, bundle: Path, pages: list[Any], names: list[str]
) -> dict[str, list[str | None]]:
    """Each sort's value of every page (by page number), from the page's
    ``data-pagefind-sort`` meta tag."""
    values: dict[str, list[str | None]] = {name: [None] * len(pages) for name in names}
    if not names:
        return values
    for number, (fragment, _words) in enumerate(pages):
        url = json.loads(read_pagefind_raw(bundle / "fragment" / f"{fragment}.pf_fragment"))["url"]
        page = site / unquote(url).lstrip("/")
        if url.endswith("/") or not url:
            page = page / "index.html"
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        for tag in SORT_TAG.finditer(head):
            content = CONTENT.search(tag.group(0))
            if tag["name"] in values and content:
                values[tag["name"]][number] = html.unescape(content["value"])
    return values


def stable_ties(pages: list[int], values: list[str | None]) -> list[int]:
    """A sort's page numbers with each run of equal values in ascending order."""
    result: list[int] = []
    run: list[int] = []
    for page in pages:
        if run and values[run[0]] != values[page]:
            result += sorted(run)
            run = []
        run.append(page)
    return result + sorted(run)


def read_pagefind_raw(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PAGEFIND_SIGNATURE):
        raise ValueError(f"{path.name}: kein Pagefind-Index")
    return data[len(PAGEFIND_SIGNATURE) :]


def stabilise_pagefind(bundle: Path, site: Path) -> None:
    """Pages numbered by content, lists in order; files renamed and re-linked."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read_pagefind(meta_path)
        # [version, pages [[fragment, words]], index chunks [[from, to, file]],
        #  filters [[name, file]], sorts [[name, page numbers]], meta fields]
        order = sorted(range(len(meta[1])), key=lambda number: meta[1][number][0])
        new_number = {old: new for new, old in enumerate(order)}
        meta[1] = [meta[1][old] for old in order]
        words = functools.partial(renumber_words, new_number=new_number)
        for chunk in meta[2]:
            chunk[2] = rewrite(bundle / "index", chunk[2], language, ".pf_index", words)
        filter_values = functools.partial(renumber_filter, new_number=new_number)
        filters = sorted(meta[3], key=lambda item: item[0])
        for item in filters:
            item[1] = rewrite(bundle / "filter", item[1], language, ".pf_filter", filter_values)
        meta[3] = filters
        # A sort lists page numbers in the order of their values; pages of equal value come in
        # the order Pagefind found them, so they are put in the order of their new numbers.
        values = sort_values(site, bundle, meta[1], [name for name, _ in meta[4]])
        meta[4] = sorted(
            (
                [name, stable_ties([new_number[page] for page in pages], values[name])]
                for name, pages in meta[4]
            ),
            key=lambda item: item[0],
        )
        meta_path.unlink()
        details["hash"] = write_pagefind(bundle, language, 10, ".pf_meta", meta)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
