"""The search index in a stable order: the same pages give the same bytes.

Pagefind (1.5) numbers pages in the order it finds the HTML files, which is the order of the
file system's directory listing (ext4 and tmpfs list the same folder differently), and writes
its filter index from a hash map. Here the pages are numbered by their fragment's name (a
content hash), every reference to a page number (word index, filters, sorts) follows, the
lists are put in order, and the rewritten files are named the way Pagefind names them:
language, underscore, the start of a content hash.

The site's search is several such indexes (one per year of press releases, one for the rest,
:mod:`newsroom.search.index`); :func:`join_sorts` writes their sorts so that the browser, which
merges the indexes, sorts the pages of all of them in one order.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import html
import itertools
import json
import operator
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import cbor2

from ..core.incremental import write_or_link

PAGEFIND_SIGNATURE = b"pagefind_dcd"


def read_pagefind(path: Path) -> Any:
    return cbor2.loads(read_pagefind_raw(path))


def write_pagefind(
    folder: Path,
    language: str,
    length: int,
    suffix: str,
    value: Any,
    previous: Path | None = None,
) -> str:
    """Write a Pagefind file named by its content; return the name Pagefind refers to it by.

    With ``previous`` (the same index in the output this build replaces) an equal file there
    is linked, not written anew."""
    # Level 6: a third of level 9's time for the whole index, 1.5 % larger.
    data = gzip.compress(PAGEFIND_SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)
    reference = f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"
    prefix = "pagefind." if suffix == ".pf_meta" else ""
    name = f"{prefix}{reference}{suffix}"
    write_or_link(folder / name, data, previous / name if previous else None)
    return reference


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


def stabilise_pagefind(bundle: Path, site: Path) -> dict[str, dict[str, list[str | None]]]:
    """Pages numbered by content, lists in order; files renamed and re-linked.

    Returns each language's sort values by the new page numbers (language → sort → values),
    which :func:`join_sorts` needs to put the pages of several indexes into one order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    sort_values_by_language: dict[str, dict[str, list[str | None]]] = {}
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
        sort_values_by_language[language] = values
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
    return sort_values_by_language


# Pagefind's index chunk size (1.5: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE, default 20,000): a
# chunk ends after the word that makes its page and position entries reach it. The joint index
# is cut the same way, so that it is the index one Pagefind run writes (tests/test_search_index).
CHUNK_SIZE = 20_000


@dataclass(frozen=True)
class IndexPart:
    """One stabilised Pagefind index of a part of the site (in the search cache), with the
    sort values of its pages by page number (language → sort → values)."""

    folder: Path
    sort_values: dict[str, dict[str, list[str | None]]]


def renumber_in_place(pages: list[Any], numbers: list[int], field_ids: list[int] | None) -> None:
    """A part's [[page delta, locations, meta locations], …] with each page's number in the
    joint index written out (not as a difference); meta locations with the joint index's
    field numbers (``field_ids``; None: the same). Numbers within a part keep their order."""
    number = 0
    for page in pages:
        number += page[0]
        page[0] = numbers[number]
        if field_ids is not None and page[2]:
            # A negative number -(field + 1) switches the field; positions follow it.
            page[2] = [-(field_ids[-value - 1] + 1) if value < 0 else value for value in page[2]]


def delta_in_place(pages: list[list[Any]], runs: int) -> list[list[Any]]:
    """Pages in ascending order (from ``runs`` ordered parts), each number as the difference
    to the one before it."""
    if runs > 1:
        pages.sort(key=lambda page: page[0])
    previous = 0
    for page in pages:
        page[0], previous = page[0] - previous, page[0]
    return pages


def chunk_words(
    words: Iterable[tuple[str, list[Any]]],
) -> Iterator[list[tuple[str, list[Any]]]]:
    """Words in order, cut into chunks the way Pagefind cuts them (index/mod.rs chunk_index);
    each chunk as soon as it is complete, so that the index is never held whole."""
    chunk, size = [], 0
    for word, data in words:
        # Pagefind 1.5.2 counts the entries of the word's own pages, not of its variants.
        size += sum(len(page[1]) + len(page[2]) + 1 for page in data[0])
        chunk.append((word, data))
        if size >= CHUNK_SIZE:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def chunk_bounds(ends: list[tuple[str, str]]) -> list[list[str]]:
    """Each chunk's first and last word (``ends``), shortened at the boundaries to where
    neighbours differ (Pagefind's chunk_meta): the browser loads the chunks whose range holds a
    search word."""
    bounds = [[first, last] for first, last in ends]
    for first, second in itertools.pairwise(bounds):
        end, start = first[1], second[0]
        common = 0
        while common < min(len(end), len(start)) and end[common] == start[common]:
            common += 1
        if end[: common + 1] >= first[0]:
            first[1] = end[: common + 1]
        second[0] = start[: common + 1]
    return bounds


def meta_name(entry: dict[str, Any], language: str) -> str:
    return f"pagefind.{entry['languages'][language]['hash']}.pf_meta"


def link_file(source: Path, folder: Path) -> None:
    """``source`` in ``folder`` under its name: a hard link (a copy on another file system)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, folder / source.name)
    except OSError:
        shutil.copyfile(source, folder / source.name)


def merge_indexes(parts: list[IndexPart], bundle: Path, previous: Path | None) -> int:
    """One Pagefind index in ``bundle`` from the stabilised indexes of the parts of the site,
    as Pagefind would have written it for all their pages at once (then stabilised): pages
    numbered by fragment name, words, filters and sorts joined, chunks cut the same way.
    Fragments are linked from the parts; files equal to ``previous`` (the bundle of the output
    this build replaces) are linked from there. Returns the number of pages."""
    entries = [
        json.loads((part.folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        for part in parts
    ]
    entry = dict(entries[0])
    entry["languages"] = {}
    total = 0
    for language in sorted({language for item in entries for language in item["languages"]}):
        members = [
            (
                part,
                read_pagefind(part.folder / meta_name(item, language)),
                item["languages"][language],
            )
            for part, item in zip(parts, entries, strict=True)
            if language in item["languages"]
        ]
        details, meta = merge_language(language, members, bundle, previous)
        entry["languages"][language] = details
        total += len(meta[1])
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_or_link(
        bundle / "pagefind-entry.json", data, previous / "pagefind-entry.json" if previous else None
    )
    return total


def part_words(
    folder: Path, chunks: list[Any], numbers: list[int], field_ids: list[int] | None
) -> Iterator[tuple[str, list[Any], list[Any]]]:
    """A part's words in order, [word, pages, [[variant, pages], …]], read one chunk at a time,
    page numbers those of the joint index (:func:`renumber_in_place`)."""
    last = None
    for _start, _end, reference in chunks:
        chunk = read_pagefind(folder / "index" / f"{reference}.pf_index")
        for word, word_pages, variants in chunk[0]:
            if last is not None and word <= last:
                raise ValueError(f"{folder.name}: Wörter des Teilindex nicht in Reihenfolge")
            last = word
            renumber_in_place(word_pages, numbers, field_ids)
            for _form, form_pages in variants:
                renumber_in_place(form_pages, numbers, field_ids)
            yield word, word_pages, variants


def joint_words(
    streams: list[Iterator[tuple[str, list[Any], list[Any]]]],
) -> Iterator[tuple[str, list[Any]]]:
    """The words of all parts in order, each with [its pages, [[variant, pages], …]] of every
    part that has it (pages ascending, as differences)."""
    merged = heapq.merge(*streams, key=operator.itemgetter(0))  # equal words: in part order
    for word, entries in itertools.groupby(merged, key=operator.itemgetter(0)):
        word_pages: list[Any] = []
        forms: dict[str, list[Any]] = {}
        parts = 0
        for _word, pages, variants in entries:
            word_pages += pages
            for form, form_pages in variants:
                forms.setdefault(form, []).extend(form_pages)
            parts += 1
        yield (
            word,
            [
                delta_in_place(word_pages, parts),
                [[form, delta_in_place(forms[form], parts)] for form in sorted(forms)],
            ],
        )


def merge_language(
    language: str,
    members: list[tuple[IndexPart, list[Any], dict[str, Any]]],
    bundle: Path,
    previous: Path | None,
) -> tuple[dict[str, Any], list[Any]]:
    """The joint index of one language; returns its entry details and its meta."""
    # [fragment name, word count] of every page, in the order of the fragment names.
    pages = sorted(
        (page[0], member, number, page)
        for member, (_part, meta, _details) in enumerate(members)
        for number, page in enumerate(meta[1])
    )
    numbers = [[0] * len(meta[1]) for _part, meta, _details in members]
    for new, (_name, member, number, _page) in enumerate(pages):
        numbers[member][number] = new
    names = [name for name, *_ in pages]
    if len(set(names)) != len(names):
        raise ValueError("zwei Seiten mit demselben Fragment-Namen in verschiedenen Teilindexen")
    meta_fields = sorted({field for _part, meta, _d in members for field in meta[5]})
    filters: dict[str, dict[str, list[int]]] = {}
    sorts: dict[str, list[tuple[str, int]]] = {}
    streams = []
    for member, (part, meta, _details) in enumerate(members):
        own = numbers[member]
        field_ids = [meta_fields.index(field) for field in meta[5]]
        ids = None if field_ids == list(range(len(field_ids))) else field_ids
        streams.append(part_words(part.folder, meta[2], own, ids))
        for name, reference in meta[3]:
            _name, values = read_pagefind(part.folder / "filter" / f"{reference}.pf_filter")
            for value, value_pages in values:
                joint = filters.setdefault(name, {}).setdefault(value, [])
                joint += [own[page] for page in value_pages]
        for name, sorted_pages in meta[4]:
            values = part.sort_values[language][name]
            sorts.setdefault(name, []).extend(
                (values[page] or "", own[page]) for page in sorted_pages
            )
        for name, *_rest in meta[1]:
            link_file(part.folder / "fragment" / f"{name}.pf_fragment", bundle / "fragment")
    (bundle / "index").mkdir(parents=True, exist_ok=True)
    (bundle / "filter").mkdir(parents=True, exist_ok=True)
    index_previous = previous / "index" if previous else None
    # The parts' words are read chunk by chunk, in word order, and the joint chunks written as
    # they fill: only a chunk of each part and the chunk being cut are in memory.
    ends, references = [], []
    for chunk in chunk_words(joint_words(streams)):
        ends.append((chunk[0][0], chunk[-1][0]))
        references.append(
            write_pagefind(
                bundle / "index",
                language,
                7,
                ".pf_index",
                [[[word, *data] for word, data in chunk]],
                index_previous,
            )
        )
    chunk_list = [
        [start, end, reference]
        for (start, end), reference in zip(chunk_bounds(ends), references, strict=True)
    ]
    filter_previous = previous / "filter" if previous else None
    filter_list = [
        [
            name,
            write_pagefind(
                bundle / "filter",
                language,
                7,
                ".pf_filter",
                [name, [[value, sorted(filters[name][value])] for value in sorted(filters[name])]],
                filter_previous,
            ),
        ]
        for name in sorted(filters)
    ]
    sort_list = [[name, [page for _value, page in sorted(sorts[name])]] for name in sorted(sorts)]
    version = members[0][1][0]
    meta = [version, [page for *_, page in pages], chunk_list, filter_list, sort_list, meta_fields]
    details = dict(members[0][2])
    details["hash"] = write_pagefind(bundle, language, 10, ".pf_meta", meta, previous)
    details["page_count"] = len(pages)
    return details, meta
