"""The search index in a stable order: the same pages give the same bytes.

Pagefind (1.5) numbers pages in the order it finds the HTML files, which is the order of the
file system's directory listing (ext4 and tmpfs list the same folder differently), and writes
its filter index from a hash map. Here the pages are numbered by the part of the site they
belong to (:func:`newsroom.search.index.part_name`: the press releases of a year, or the rest,
cut into a few parts by the page's path) and within it by their fragment's name (a content
hash); every reference to a page number (word index, filters, sorts) follows, the lists are put
in order, and the rewritten files are named the way Pagefind names them: language, underscore,
the start of a content hash.

Pagefind indexes each part of the site on its own (:mod:`newsroom.search.index`), and
:func:`merge_indexes` joins the parts into the one index the site serves. Because a part's
pages are numbered one after the other, the join only shifts a part's numbers by the pages
before it: a word's page list in the joint index is its lists in the parts one after the
other, and the parts keep those lists already encoded (:class:`PageRun`).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import html
import io
import itertools
import json
import marshal
import operator
import os
import re
import shutil
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import cbor2

from ..core.incremental import write_or_link

PAGEFIND_SIGNATURE = b"pagefind_dcd"
# Compressing the joint index's chunks is most of the join's time, and zlib lets go of the
# interpreter lock: two threads compress while the next chunk is joined. Encoded chunks handed
# to them and not yet written, at most: CHUNKS_WAITING.
WRITING_THREADS = 2
CHUNKS_WAITING = 4


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
    return store_pagefind(folder, language, length, suffix, encode_pagefind(value), previous)


def encode_pagefind(value: Any) -> bytes:
    return cbor2.dumps(value, default=encode_joint_pages)


def store_pagefind(
    folder: Path,
    language: str,
    length: int,
    suffix: str,
    encoded: bytes,
    previous: Path | None = None,
) -> str:
    """:func:`write_pagefind` of a value already encoded. Compressing, hashing and writing
    let go of the interpreter lock (:data:`WRITING_THREADS`)."""
    # Level 5: 57 % of level 6's time for the joint index, 2 % larger (0.63 s against 1.11 s
    # and 6.37 MB against 6.24 MB at 5,000 releases); a search loads a few chunks of 35 KB.
    data = gzip.compress(PAGEFIND_SIGNATURE + encoded, compresslevel=5, mtime=0)
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


def fragment_page(bundle: Path, fragment: str) -> str:
    """The path below the site of the page a fragment of the index in ``bundle`` is made of
    (Pagefind's address of it leaves out „index.html“)."""
    url = json.loads(read_pagefind_raw(bundle / "fragment" / f"{fragment}.pf_fragment"))["url"]
    page = unquote(url).lstrip("/")
    return f"{page}index.html" if url.endswith("/") or not url else page


def sort_values(
    site: Path, bundle: Path, pages: list[Any], names: list[str]
) -> dict[str, list[str | None]]:
    """Each sort's value of every page (by page number), from the page's
    ``data-pagefind-sort`` meta tag."""
    values: dict[str, list[str | None]] = {name: [None] * len(pages) for name in names}
    if not names:
        return values
    for number, (fragment, _words) in enumerate(pages):
        data = (site / fragment_page(bundle, fragment)).read_bytes()
        end = data.find(b"</head>")
        # Only the head decoded, with newlines as read_text reads them.
        head = data[: end if end >= 0 else len(data)].decode("utf-8")
        head = head.replace("\r\n", "\n").replace("\r", "\n")
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


def page_filters(bundle: Path, meta: list[Any]) -> list[dict[str, str]]:
    """Each page's filter values (by Pagefind's page number), from the index's filter files."""
    filters: list[dict[str, str]] = [{} for _page in meta[1]]
    for name, reference in meta[3]:
        _name, values = read_pagefind(bundle / "filter" / f"{reference}.pf_filter")
        for value, pages in values:
            for page in pages:
                filters[page][name] = value
    return filters


def stable_language(
    bundle: Path,
    site: Path,
    details: dict[str, Any],
    part_of: Callable[[dict[str, str], str], str] | None = None,
) -> tuple[list[Any], dict[int, int], dict[str, list[str | None]]]:
    """One language's meta of a Pagefind index with its pages numbered by part (``part_of``:
    the part's name from a page's filters and its path below the site; None: one part) and
    content: the meta (pages in the new order, filters by name, sorts with the new numbers),
    the new number of each old one, and each sort's values by new page number."""
    meta = read_pagefind(bundle / f"pagefind.{details['hash']}.pf_meta")
    # [version, pages [[fragment, words]], index chunks [[from, to, file]],
    #  filters [[name, file]], sorts [[name, page numbers]], meta fields]
    parts = (
        [
            part_of(filters, fragment_page(bundle, fragment))
            for filters, (fragment, _words) in zip(page_filters(bundle, meta), meta[1], strict=True)
        ]
        if part_of
        else [""] * len(meta[1])
    )
    order = sorted(range(len(meta[1])), key=lambda number: (parts[number], meta[1][number][0]))
    new_number = {old: new for new, old in enumerate(order)}
    meta[1] = [meta[1][old] for old in order]
    meta[3] = sorted(meta[3], key=lambda item: item[0])
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
    return meta, new_number, values


def stabilise_pagefind(
    bundle: Path, site: Path, part_of: Callable[[dict[str, str], str], str]
) -> dict[str, dict[str, list[str | None]]]:
    """Pages numbered by part (``part_of``: a page's filters and path → its part's name) and
    content, lists in order; files renamed and re-linked: a Pagefind index of all pages in one
    run, stabilised, is the joint index of its parts (tests/test_search_index.py compares them
    byte for byte).

    Returns each language's sort values by the new page numbers (language → sort → values)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    sort_values_by_language: dict[str, dict[str, list[str | None]]] = {}
    for language, details in entry["languages"].items():
        meta, new_number, values = stable_language(bundle, site, details, part_of)
        words = functools.partial(renumber_words, new_number=new_number)
        for chunk in meta[2]:
            chunk[2] = rewrite(bundle / "index", chunk[2], language, ".pf_index", words)
        filter_values = functools.partial(renumber_filter, new_number=new_number)
        for item in meta[3]:
            item[1] = rewrite(bundle / "filter", item[1], language, ".pf_filter", filter_values)
        sort_values_by_language[language] = values
        (bundle / f"pagefind.{details['hash']}.pf_meta").unlink()
        details["hash"] = write_pagefind(bundle, language, 10, ".pf_meta", meta)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return sort_values_by_language


# A part of the site's index in the search cache is kept in Python's marshal format, which
# Python reads and writes many times faster than CBOR; only the joint index is written in
# Pagefind's format. ``teil.marshal``: a line naming the format (with Python's marshal version,
# which may change between Python versions), a line with the SHA-256 of the rest, then one
# record: Pagefind's entry and, for each language, the meta (chunk files replaced by their
# count, filter files by their values), the sort values and the name and SHA-256 of its words
# file. ``teil.<hash of the language>.marshal``: the words of each of Pagefind's chunks, one
# record per chunk (8 bytes of length, then the marshal bytes), read one at a time by the join;
# each word as (word, its size for the chunk cut, its PageRun, [(variant, its PageRun), …]).
# Change PART_FORMAT when this changes.
PART_FORMAT = 2
PART_FILE = "teil.marshal"
PART_SUFFIX = ".marshal"
RECORD_LENGTH = struct.Struct(">Q")
CBOR_ARRAY = 4  # CBOR's major type of arrays


def part_signature() -> bytes:
    python = "{}.{}".format(*sys.version_info)
    return f"newsroom-suchindex-teil {PART_FORMAT} {marshal.version} {python}\n".encode()


def read_records(path: Path) -> Iterator[Any]:
    with path.open("rb") as file:
        while head := file.read(RECORD_LENGTH.size):
            length = RECORD_LENGTH.unpack(head)[0] if len(head) == RECORD_LENGTH.size else -1
            data = file.read(length) if length >= 0 else b""
            if len(data) != length:
                raise ValueError(f"{path.name}: Teilindex abgeschnitten")
            value = marshal.loads(data)
            del data  # not kept while the join works through the value
            yield value


def array_head(length: int) -> bytes:
    """The head cbor2 writes before the items of an array of ``length`` items."""
    buffer = io.BytesIO()
    cbor2.CBOREncoder(buffer).encode_length(CBOR_ARRAY, length)
    return buffer.getvalue()


def encoded_items(items: list[Any]) -> bytes:
    """The items of a list as cbor2 encodes them inside the list, without the list's head."""
    return cbor2.dumps(items)[len(array_head(len(items))) :]


# A word's (or variant's) pages in one part: (count, first page's number, last page's number,
# the first page's [locations, meta locations], the other pages encoded). Numbers are the
# part's own; the other pages are differences to the page before, as in the joint index, so
# their bytes stay the same when the part's pages move by an offset there.
PageRun = tuple[int, int, int, list[Any], bytes]


class EncodedInts(dict[int, bytes]):
    """cbor2's bytes of each integer met: a part's page lists hold the same few numbers
    (positions, differences of page numbers) many times over."""

    def __missing__(self, number: int) -> bytes:
        encoded = self[number] = cbor2.dumps(number)
        return encoded


class ArrayHeads(dict[int, bytes]):
    """cbor2's head of an array of each length met."""

    def __missing__(self, length: int) -> bytes:
        head = self[length] = array_head(length)
        return head


FIRST = operator.itemgetter(0)


class RunWriter:
    """A part's page lists as PageRuns, with the pages renumbered (``new_number``: the new
    number of each of Pagefind's, by Pagefind's).

    The other pages' bytes are joined from cbor2's bytes of their numbers and arrays' heads
    (CBOR writes an array as its head and then its items): encoding each page list with
    cbor2 took most of a part's rewrite, as cbor2 asks of every list whether it is a
    ``Mapping``, an ABC check of about a microsecond."""

    def __init__(self, new_number: list[int]) -> None:
        self.new_number = new_number
        self.ints = EncodedInts()
        self.heads = ArrayHeads()

    def run(self, pages: list[Any]) -> tuple[PageRun, int]:
        """[[page delta, locations, meta locations], …] in Pagefind's numbers as a PageRun in
        the new numbers (in ascending order, each number the difference to the one before),
        and the pages' entries as Pagefind counts them for the chunk cut (index/mod.rs
        chunk_index: a page and each of its locations and meta locations)."""
        if not pages:
            return (0, 0, 0, [], b""), 0
        new_number, number, entries = self.new_number, 0, len(pages)
        renumbered = []
        for delta, locations, meta_locations in pages:
            number += delta
            renumbered.append((new_number[number], locations, meta_locations))
            entries += len(locations) + len(meta_locations)
        renumbered.sort(key=FIRST)
        first, locations, meta_locations = renumbered[0]
        pieces: list[bytes] = []
        add, ints, heads = pieces.extend, self.ints.__getitem__, self.heads
        page_head, previous = heads[3], first
        for number, locations_, meta_locations_ in renumbered[1:]:
            add((page_head, ints(number - previous), heads[len(locations_)]))
            add(map(ints, locations_))
            pieces.append(heads[len(meta_locations_)])
            add(map(ints, meta_locations_))
            previous = number
        run = (len(renumbered), first, previous, [locations, meta_locations], b"".join(pieces))
        return run, entries


def write_part(bundle: Path, site: Path) -> None:
    """Pagefind's index in ``bundle`` (of the pages in ``site``) turned into a part for the
    cache: pages numbered by content (as :func:`stabilise_pagefind`), words, filters and meta
    in ``teil.marshal`` and ``teil.<language>.marshal`` instead of Pagefind's files. The
    fragments and Pagefind's code stay as they are."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = {}
    for language, details in sorted(entry["languages"].items()):
        meta, new_number, values = stable_language(bundle, site, details)
        words_name = f"teil.{hashlib.sha256(language.encode()).hexdigest()[:16]}{PART_SUFFIX}"
        digest = hashlib.sha256()
        runs = RunWriter([new_number[old] for old in range(len(new_number))])
        with (bundle / words_name).open("wb") as file:
            for _start, _end, reference in meta[2]:
                record = []
                for word, pages, variants in read_pagefind(
                    bundle / "index" / f"{reference}.pf_index"
                )[0]:
                    # Pagefind 1.5.2 counts a word's own pages for the chunk cut, not its
                    # variants'.
                    run, size = runs.run(pages)
                    forms = [(form, runs.run(form_pages)[0]) for form, form_pages in variants]
                    record.append((word, size, run, sorted(forms, key=FIRST)))
                data = marshal.dumps(record)
                for piece in (RECORD_LENGTH.pack(len(data)), data):
                    digest.update(piece)
                    file.write(piece)
        meta[2] = len(meta[2])
        meta[3] = [
            renumber_filter(read_pagefind(bundle / "filter" / f"{reference}.pf_filter"),
                            new_number)
            for _name, reference in meta[3]
        ]  # fmt: skip
        languages[language] = {
            "details": details,
            "meta": meta,
            "sort_values": values,
            "words": words_name,
            "words_sha256": digest.hexdigest(),
        }
        (bundle / f"pagefind.{details['hash']}.pf_meta").unlink()
    for folder in ("index", "filter"):
        shutil.rmtree(bundle / folder, ignore_errors=True)
    entry_path.unlink()
    header = marshal.dumps({"entry": entry, "languages": languages})
    with (bundle / PART_FILE).open("wb") as file:
        file.write(part_signature())
        file.write(f"{hashlib.sha256(header).hexdigest()}\n".encode())
        file.write(header)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def read_part(folder: Path) -> IndexPart | None:
    """The part kept in ``folder``; None when there is none, or one of another format (an older
    version, another Python), or one whose files are not the bytes it was written with."""
    try:
        with (folder / PART_FILE).open("rb") as file:
            if file.readline() != part_signature():
                return None
            checksum = file.readline().strip().decode("ascii")
            header_data = file.read()
        if hashlib.sha256(header_data).hexdigest() != checksum:
            return None
        header = marshal.loads(header_data)
        languages = header["languages"]
        for details in languages.values():
            if file_sha256(folder / details["words"]) != details["words_sha256"]:
                return None
        return IndexPart(folder, header["entry"], languages)
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None


# Pagefind's index chunk size (1.5: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE, default 20,000): a
# chunk ends after the word that makes its page and position entries reach it. The joint index
# is cut the same way, so that it is the index one Pagefind run writes (tests/test_search_index).
CHUNK_SIZE = 20_000


@dataclass(frozen=True)
class IndexPart:
    """The index of a part of the site in the search cache (:func:`write_part`): its folder
    (fragments, Pagefind's code, the part's files), Pagefind's entry, and per language the
    meta, the sort values of its pages by page number and the file of its words."""

    folder: Path
    entry: dict[str, Any]
    languages: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class JointPages:
    """A word's (or variant's) page list in the joint index: ``length`` pages, written as the
    pieces of the parts one after the other — a first page as a list, the others as the
    bytes the part keeps (:func:`encode_joint_pages`)."""

    length: int
    pieces: list[list[Any] | bytes]


def encode_joint_pages(encoder: cbor2.CBOREncoder, value: Any) -> None:
    """cbor2's hook for :class:`JointPages`: the array's head, then each piece."""
    if not isinstance(value, JointPages):
        raise TypeError(f"kein CBOR für {type(value).__name__}")
    encoder.encode_length(CBOR_ARRAY, value.length)
    for piece in value.pieces:
        if isinstance(piece, bytes):
            encoder.write(piece)
        else:
            encoder.encode(piece)


def joint_pages(runs: list[tuple[int, PageRun]]) -> JointPages:
    """The page list of the joint index from the parts' runs (offset of the part's first page
    in the joint index, its run), in part order: each part's first page as the difference to
    the last page of the part before, its other pages as they are."""
    pieces: list[list[Any] | bytes] = []
    length = previous = 0
    for offset, (count, first, last, first_rest, others) in runs:
        if not count:
            continue
        pieces.append([offset + first - previous, *first_rest])
        if others:
            pieces.append(others)
        length += count
        previous = offset + last
    return JointPages(length, pieces)


def remap_fields(run: PageRun, field_ids: list[int]) -> PageRun:
    """A run whose meta locations name fields by the joint index's numbers (``field_ids``, by
    the part's number): a negative number -(field + 1) switches the field, positions follow."""
    count, first, last, first_rest, others = run
    if not count:
        return run
    pages = [[0, *first_rest]]
    if others:
        pages += cbor2.loads(array_head(count - 1) + others)
    for page in pages:
        page[2] = [-(field_ids[-value - 1] + 1) if value < 0 else value for value in page[2]]
    return (count, first, last, pages[0][1:], encoded_items(pages[1:]))


def chunk_words(
    words: Iterable[tuple[str, int, list[Any]]],
) -> Iterator[list[tuple[str, list[Any]]]]:
    """Words in order (word, size, its entry), cut into chunks the way Pagefind cuts them
    (index/mod.rs chunk_index); each chunk as soon as it is complete, so that the index is
    never held whole."""
    chunk, size = [], 0
    for word, word_size_, data in words:
        size += word_size_
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
    """One Pagefind index in ``bundle`` from the stabilised indexes of the parts of the site
    (in the order of their names), as Pagefind would have written it for all their pages at
    once (then stabilised): pages numbered by part and fragment name, words, filters and sorts
    joined, chunks cut the same way. Fragments are linked from the parts; files equal to
    ``previous`` (the bundle of the output this build replaces) are linked from there. Returns
    the number of pages."""
    entry = dict(parts[0].entry)
    entry["languages"] = {}
    total = 0
    for language in sorted({language for part in parts for language in part.languages}):
        members = [part for part in parts if language in part.languages]
        details, meta = merge_language(language, members, bundle, previous)
        entry["languages"][language] = details
        total += len(meta[1])
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_or_link(
        bundle / "pagefind-entry.json", data, previous / "pagefind-entry.json" if previous else None
    )
    return total


# A part's word as the join reads it: (word, size, offset of the part, run, [(variant, run)]).
PartWord = tuple[str, int, int, PageRun, list[tuple[str, PageRun]]]


def part_words(
    folder: Path, words: str, offset: int, field_ids: list[int] | None
) -> Iterator[PartWord]:
    """A part's words in order, read one of Pagefind's chunks at a time from the file
    ``words``, with the offset of the part's pages in the joint index, meta locations with the
    joint index's field numbers (``field_ids``; None: the same)."""
    last = None
    for chunk in read_records(folder / words):
        for word, size, run, variants in chunk:
            if last is not None and word <= last:
                raise ValueError(f"{folder.name}: Wörter des Teilindex nicht in Reihenfolge")
            last = word
            if field_ids is not None:
                run = remap_fields(run, field_ids)
                variants = [(form, remap_fields(runs, field_ids)) for form, runs in variants]
            yield word, size, offset, run, variants


def joint_words(streams: list[Iterator[PartWord]]) -> Iterator[tuple[str, int, list[Any]]]:
    """The words of all parts in order, each with its size for the chunk cut and [its pages,
    [[variant, pages], …]] of every part that has it."""
    merged = heapq.merge(*streams, key=operator.itemgetter(0))  # equal words: in part order
    for word, entries in itertools.groupby(merged, key=operator.itemgetter(0)):
        runs: list[tuple[int, PageRun]] = []
        forms: dict[str, list[tuple[int, PageRun]]] = {}
        size = 0
        for _word, word_size_, offset, run, variants in entries:
            size += word_size_
            runs.append((offset, run))
            for form, form_run in variants:
                forms.setdefault(form, []).append((offset, form_run))
        yield (
            word,
            size,
            [joint_pages(runs), [[form, joint_pages(forms[form])] for form in sorted(forms)]],
        )


def merge_language(
    language: str, members: list[IndexPart], bundle: Path, previous: Path | None
) -> tuple[dict[str, Any], list[Any]]:
    """The joint index of one language; returns its entry details and its meta."""
    metas = [part.languages[language]["meta"] for part in members]
    # The parts' pages one after the other: a part's page n is page offset + n of the index.
    offsets = list(itertools.accumulate((len(meta[1]) for meta in metas[:-1]), initial=0))
    pages = [page for meta in metas for page in meta[1]]
    names = [name for name, *_ in pages]
    if len(set(names)) != len(names):
        raise ValueError("zwei Seiten mit demselben Fragment-Namen in verschiedenen Teilindexen")
    meta_fields = sorted({field for meta in metas for field in meta[5]})
    filters: dict[str, dict[str, list[int]]] = {}
    sorts: dict[str, list[tuple[str, int]]] = {}
    streams = []
    for part, meta, offset in zip(members, metas, offsets, strict=True):
        field_ids = [meta_fields.index(field) for field in meta[5]]
        ids = None if field_ids == list(range(len(field_ids))) else field_ids
        streams.append(part_words(part.folder, part.languages[language]["words"], offset, ids))
        for name, values in meta[3]:
            for value, value_pages in values:
                joint = filters.setdefault(name, {}).setdefault(value, [])
                joint += [offset + page for page in value_pages]
        for name, sorted_pages in meta[4]:
            values = part.languages[language]["sort_values"][name]
            sorts.setdefault(name, []).extend(
                (values[page] or "", offset + page) for page in sorted_pages
            )
        for name, *_rest in meta[1]:
            link_file(part.folder / "fragment" / f"{name}.pf_fragment", bundle / "fragment")
    (bundle / "index").mkdir(parents=True, exist_ok=True)
    (bundle / "filter").mkdir(parents=True, exist_ok=True)
    index_previous = previous / "index" if previous else None
    # The parts' words are read chunk by chunk, in word order, and the joint chunks written as
    # they fill: only a chunk of each part, the chunk being cut and the few encoded chunks
    # waiting for the writing thread are in memory.
    ends, writes = [], []
    with ThreadPoolExecutor(max_workers=WRITING_THREADS) as writer:
        for chunk in chunk_words(joint_words(streams)):
            ends.append((chunk[0][0], chunk[-1][0]))
            encoded = encode_pagefind([[[word, *data] for word, data in chunk]])
            if len(writes) >= CHUNKS_WAITING:
                writes[-CHUNKS_WAITING].result()
            writes.append(
                writer.submit(
                    store_pagefind,
                    bundle / "index",
                    language,
                    7,
                    ".pf_index",
                    encoded,
                    index_previous,
                )
            )
    references = [write.result() for write in writes]
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
    version = metas[0][0]
    meta = [version, pages, chunk_list, filter_list, sort_list, meta_fields]
    details = dict(members[0].languages[language]["details"])
    details["hash"] = write_pagefind(bundle, language, 10, ".pf_meta", meta, previous)
    details["page_count"] = len(pages)
    return details, meta
