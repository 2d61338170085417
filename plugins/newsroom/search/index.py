"""Full-text search with Pagefind, as the last step of every build.

Pagefind reads the finished HTML in OUTPUT_PATH (the staging folder of ``python -m newsroom
build``) and writes its index and its UI assets into ``SEARCH_BUNDLE_DIR`` of the same output,
so the search page loads nothing from another host. Only what the templates mark with
``data-pagefind-body`` is indexed — press releases, pages and events —, and the language comes
from ``<html lang="de">``: German stemming finds „Unternehmens“ for „Unternehmen“.

Pagefind has no incremental run; so it runs once per part of the site — the press releases of
each year, and the rest —, an unchanged part's index comes from the content cache, and the parts
are joined into the one index the search page loads (:func:`write_indexes`).

Content objects carry what the index records besides their text — content type and year as
filters, the German date as meta, the date as sort key — as ``.search``, which
``components/meta.html`` writes into the head.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path, PurePosixPath
from typing import Any

import cbor2

from ..core.cache import CACHE_KEY_FILE, cache_folder, prepare_cache
from ..core.dates import in_berlin, long_date
from ..core.incremental import (
    file_identity,
    keep_by_identity,
    known_by_identity,
    regular_files,
)
from ..core.settings import capability_settings
from ..core.urls import absolute_url
from .stable_index import (
    CONTENT,
    PART_SUFFIX,
    IndexPart,
    link_file,
    merge_indexes,
    read_part,
    write_part,
)

logger = logging.getLogger(__name__)

PRESS_RELEASE = "Pressemitteilung"
EVENT = "Veranstaltung"

# Pagefind runs once per part of the site: the press releases of each year, and the rest
# (projects, pages, events, anything without a year), each cut into PART_BUCKETS parts by the
# page's path. A part whose pages did not change keeps its index from the cache; the parts are
# then joined into the one index the site serves.
MAIN_INDEX = "allgemein"
YEAR_PREFIX = "jahr-"
YEAR = re.compile(r"[0-9]{1,4}")
# A changed release has Pagefind index a quarter of its year, not all of it: at 5,000
# releases 0.5 s instead of 1.6 s of Pagefind's CPU time in a warm build; a cold build indexes
# the same pages in more, smaller runs (Pagefind starts in some 0.03 s), for the same time.
PART_BUCKETS = 4
# Below the content cache; entries are named by IndexGroup.key. Change CACHE_FORMAT when what
# an entry holds changes (the format of the part's own files: stable_index.PART_FORMAT).
SEARCH_CACHE = "suchindex"
CACHE_FORMAT = "2"
# The last joint index, beside the parts' entries, with the key of the parts it was joined
# from: a build whose parts are all unchanged links it instead of joining them again.
JOINT = "verbunden"
JOINT_KEY = "teile.txt"
BODY_MARK = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>/]")
FILTER_TAG = re.compile(
    r"<meta\b[^>]*\bdata-pagefind-filter=\"(?P<name>[^\"\[]+)\[content\]\"[^>]*>"
)


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
    generator.env.globals["search_bundle"] = absolute_url(
        generator.settings, f"{config['bundle_dir']}/"
    )


def write_index(site: Path, bundle: Path, exclude_selectors: list[str]) -> int:
    """Index every HTML file below ``site``; return how many pages went into the index.

    Pagefind runs as its own command, not through its Python service: the service answers
    "written" while Pagefind's writes are still queued (asynchronous file writes without a
    flush) and then ends the process with SIGTERM, so the index could be read half-written, or
    stay truncated. The command exits only when every file is on disk. It runs in an empty
    folder so that no ``pagefind.yml`` of the caller's working directory changes the index.
    """
    command = [*pagefind_command(), "--site", str(site)]
    command += ["--output-path", str(bundle), "--silent"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    # Nor do PAGEFIND_* variables: the joint index cuts its chunks as Pagefind's default does.
    environment = {name: value for name, value in os.environ.items() if "PAGEFIND" not in name}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as empty:
        done = subprocess.run(command, cwd=empty, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(f"Pagefind endete mit {done.returncode}: {lines[-1] if lines else ''}")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(details["page_count"]) for details in entry["languages"].values())


def pagefind_command() -> list[str]:
    """Pagefind's own program (package ``pagefind_bin``), started directly: ``python -m
    pagefind`` starts a Python only to find it and hand over, about 0.1 s of CPU time and
    0.3 s on the clock for each part of the index."""
    try:
        from pagefind_bin import get_executable
    except ImportError:  # another packaging of Pagefind: its own way of finding the program
        return [sys.executable, "-m", "pagefind"]
    return [str(get_executable().absolute())]


@dataclass(frozen=True)
class IndexGroup:
    """A part of the site Pagefind indexes on its own: its name („allgemein-0“, „jahr-2022-3“)
    and each page as (path below the site, SHA-256 of its bytes)."""

    name: str
    pages: tuple[tuple[str, str], ...]

    def key(self, exclude_selectors: list[str]) -> str:
        """What the index is made of: its pages' paths and bytes, Pagefind's version and
        options, the layout of the cache (pages, not timings, decide a rebuild)."""
        digest = hashlib.sha256(f"{CACHE_FORMAT}\0{pagefind_version()}\0".encode())
        digest.update(f"{self.name}\0{json.dumps(exclude_selectors)}\0".encode())
        for path, page_digest in self.pages:
            digest.update(f"{path}\0{page_digest}\n".encode())
        return digest.hexdigest()


def pagefind_version() -> str:
    versions = []
    for package in ("pagefind", "pagefind_bin"):
        try:
            versions.append(package_metadata.version(package))
        except package_metadata.PackageNotFoundError:
            versions.append("-")
    return "/".join(versions)


def part_group(filters: Mapping[str, str]) -> str:
    """The pages a page is indexed with: its year's for a dated press release, else the main
    ones (also for a year that is no year: the page is indexed all the same)."""
    year = filters.get("jahr", "")
    if filters.get("typ") == PRESS_RELEASE and YEAR.fullmatch(year):
        return f"{YEAR_PREFIX}{int(year):04d}"
    return MAIN_INDEX


def group_part(group: str, page: str) -> str:
    """The part a page of ``group`` belongs to: one of the group's :data:`PART_BUCKETS`, by the
    path of the page's file below the site (``page``) – the same whenever the page changes,
    the pages of a group spread evenly."""
    bucket = hashlib.sha256(page.encode("utf-8", "surrogatepass")).digest()[0] % PART_BUCKETS
    return f"{group}-{bucket}"


def part_name(filters: Mapping[str, str], page: str) -> str:
    """The part of a page with these filters whose file is ``page`` below the site."""
    return group_part(part_group(filters), page)


# What index_groups learnt of each page, by the page file's identity (device, inode, size,
# time): a page linked unchanged from the page cache or the previous output is not read again.
# In the search cache (core.incremental.keep_by_identity): identity → [group, SHA-256], or
# null for a page not indexed (the part follows from the group and the page's path).
PAGES_SEEN = "seiten.json"
SHA256 = re.compile(r"[0-9a-f]{64}")
GROUP = re.compile(rf"{MAIN_INDEX}|{YEAR_PREFIX}[0-9]{{4}}")  # the names part_group gives


def page_group(path: Path) -> tuple[str, str] | None:
    """(group, SHA-256 of the bytes) of a page the index holds (``data-pagefind-body``); None
    for one it leaves out."""
    data = path.read_bytes()
    end = data.find(b"</head>")
    body = end + len(b"</head>") if 0 <= end < len(data) - len(b"</head>") else 0
    mark = data.find(b"data-pagefind-body", body)
    if mark < 0:
        return None
    # A tag holding the mark begins at the last "<" before the mark: the search starts there,
    # not at the body's first tag (the same answer, without trying every tag before it).
    start = data.rfind(b"<", body, mark)
    if not BODY_MARK.search(data, start if start >= 0 else mark):
        return None
    filters = {}
    head = data[: end if end >= 0 else len(data)].decode("utf-8", "replace")
    for tag in FILTER_TAG.finditer(head):
        content = CONTENT.search(tag.group(0))
        if content:
            filters[tag["name"]] = html.unescape(content["value"])
    return part_group(filters), hashlib.sha256(data).hexdigest()


def index_groups(
    site: Path,
    bundle: Path,
    known: Mapping[str, list[str] | None] | None = None,
    seen: dict[str, tuple[str, str] | None] | None = None,
) -> list[IndexGroup]:
    """The indexed pages (``data-pagefind-body``) below ``site``, by part, in name order.

    ``known``: what the last build learnt of its pages by their identity (:data:`PAGES_SEEN`);
    ``seen`` is filled with what this build learnt."""
    groups: dict[str, list[tuple[str, str]]] = {}
    # regular_files joins the names to str(site): the page's path below it is the rest of the
    # text (Path.relative_to for each of thousands of pages cost more than the walk).
    site_prefix, bundle_prefix = os.path.join(site, ""), os.path.join(bundle, "")
    for path in regular_files(site, ".html"):
        text = str(path)
        if text.startswith(bundle_prefix):
            continue
        identity = file_identity(path)
        found = known[identity] if known and identity in known else page_group(path)
        if seen is not None:
            seen[identity] = found
        if found is not None:
            group, digest = found
            page = text.removeprefix(site_prefix)
            groups.setdefault(group_part(group, page), []).append((page, digest))
    return [IndexGroup(name, tuple(groups[name])) for name in sorted(groups)]


def seen_page(found: Any) -> bool:
    """A value of :data:`PAGES_SEEN` as index_groups writes it."""
    if found is None:
        return True
    return (
        isinstance(found, list)
        and len(found) == 2
        and all(isinstance(value, str) for value in found)
        and bool(GROUP.fullmatch(found[0]) and SHA256.fullmatch(found[1]))
    )


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)


def build_group_index(
    site: Path, group: IndexGroup, entry: Path, exclude_selectors: list[str]
) -> None:
    """Pagefind over just the group's pages (hard links in a folder of their own, at the same
    paths, so the addresses stay), turned into a part (``stable_index.write_part``: pages
    numbered by content, in a format Python reads fast), into the cache entry ``entry``."""
    work = Path(tempfile.mkdtemp(prefix=".neu-", dir=entry.parent))
    try:
        pages, index = work / "seiten", work / "index"
        for relative, _digest in group.pages:
            link_or_copy(site / relative, pages / relative)
        write_index(pages, index, exclude_selectors)
        write_part(index, pages)
        os.replace(index, entry)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def search_cache(settings: Mapping[str, Any], stack: contextlib.ExitStack) -> Path:
    """The indexes kept between builds, beside the content cache and emptied with it; without
    the content cache a folder for this build alone."""
    if capability_settings(settings, "SPEED").get("cache"):
        folder = cache_folder(settings) / SEARCH_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="suchindex-")))


def previous_bundle(settings: Mapping[str, Any], bundle_dir: str) -> Path | None:
    """The bundle of the output this build replaces, whose equal files are linked."""
    folder = capability_settings(settings, "SPEED").get("reuse_output")
    if not folder or not (Path(folder) / bundle_dir).is_dir():
        return None
    return Path(folder) / bundle_dir


def write_indexes(
    site: Path,
    bundle: Path,
    cache: Path,
    exclude_selectors: list[str],
    previous: Path | None = None,
) -> int:
    """The site's search index in ``bundle``; return how many pages it holds.

    Each part's index comes from the cache when its pages are unchanged, else from Pagefind
    (the parts that changed side by side); then the parts are joined into one index
    (:func:`~newsroom.search.stable_index.merge_indexes`). The fragments — the largest part of
    the index, one file per page — are hard links to the cache.
    """
    cache.mkdir(parents=True, exist_ok=True)
    # One build at a time per cache: the live preview may still be finishing an older state.
    lock = os.open(cache, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        prepare_cache(cache, search_code_key())
        return write_indexes_locked(site, bundle, cache, exclude_selectors, previous)
    finally:
        os.close(lock)


def search_code_key() -> str:
    """What the cached parts depend on besides their pages: this package's code and Pagefind.
    The cache folder keeps its own key, so a change of the settings (which the pages show) does
    not empty it."""
    digest = hashlib.sha256(pagefind_version().encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def write_indexes_locked(
    site: Path, bundle: Path, cache: Path, exclude_selectors: list[str], previous: Path | None
) -> int:
    seen: dict[str, tuple[str, str] | None] = {}
    groups = index_groups(site, bundle, known_by_identity(cache / PAGES_SEEN, "", seen_page), seen)
    keep_by_identity(cache / PAGES_SEEN, "", seen)
    keys = [group.key(exclude_selectors) for group in groups]
    kept = {key: read_part(cache / key) for key in keys}
    missing = [(group, key) for group, key in zip(groups, keys, strict=True) if kept[key] is None]
    for _group, key in missing:  # of another format, or damaged: built anew
        if (cache / key).is_dir() and not (cache / key).is_symlink():
            shutil.rmtree(cache / key)
        elif os.path.lexists(cache / key):
            (cache / key).unlink()
    if missing:
        with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
            jobs = [
                pool.submit(build_group_index, site, group, cache / key, exclude_selectors)
                for group, key in missing
            ]
            for job in jobs:
                job.result()
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    parts: list[IndexPart] = []
    for key in keys:
        part = kept[key] or read_part(cache / key)
        if part is None:
            raise ValueError(f"Teilindex {key[:12]} im Cache {cache} nicht lesbar")
        parts.append(part)
    # Pagefind's code, styles and WebAssembly: from the main index's run.
    for path in sorted(parts[0].folder.iterdir()) if parts else ():
        if path.is_file() and path.suffix != PART_SUFFIX:
            link_file(path, bundle)
    pages = 0
    if parts:
        key = joint_key(keys)
        pages = reuse_joint_index(cache / JOINT, key, parts, bundle, previous)
        if pages is None:
            pages = merge_indexes(parts, bundle, previous)
            keep_joint_index(bundle, cache, key, pages)
    for entry in cache.iterdir():  # indexes of pages no longer built, unfinished ones
        if entry.name not in keys and entry.name not in (CACHE_KEY_FILE, JOINT, PAGES_SEEN):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return pages


def index_output(pelican: Any) -> None:
    """Post-build step 20: the search indexes of the written site; a failure fails the build."""
    config = capability_settings(pelican.settings, "SEARCH")
    if not config["enabled"]:
        return
    site = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    bundle = site / config["bundle_dir"]
    try:
        with contextlib.ExitStack() as stack:
            pages = write_indexes(
                site,
                bundle,
                search_cache(pelican.settings, stack),
                list(config["exclude_selectors"]),
                previous_bundle(pelican.settings, config["bundle_dir"]),
            )
    except (OSError, ValueError, LookupError, TypeError, EOFError, cbor2.CBORDecodeError) as error:
        logger.error(
            "Suchindex (Pagefind) konnte nicht gebaut werden: %s "
            "(plugins/newsroom/search/stable_index.py passt zu Pagefind 1.5)",
            error,
        )
        return
    except RuntimeError as error:  # Pagefind itself failed
        logger.error("Suchindex (Pagefind) konnte nicht gebaut werden: %s", error)
        return
    if pages == 0:
        logger.error(
            "Suchindex (Pagefind): keine Seite mit data-pagefind-body gefunden; "
            "die Vorlagen für Pressemitteilungen, Seiten und Veranstaltungen müssen es setzen."
        )


def joint_key(keys: list[str]) -> str:
    """What the joint index is made of: the parts' indexes, in their order (the cache is
    emptied when this package's code or Pagefind changes)."""
    return hashlib.sha256("\0".join([CACHE_FORMAT, *keys]).encode()).hexdigest()


def joint_files(folder: Path) -> list[Path]:
    """The files of a joint index that the join writes (not the fragments, which are the
    parts', nor Pagefind's code), below ``folder``, as relative paths."""
    files = [Path("pagefind-entry.json")]
    files += [Path(path.name) for path in sorted(folder.glob("pagefind.*.pf_meta"))]
    for sub in ("index", "filter"):
        files += [Path(sub, path.name) for path in sorted((folder / sub).glob("*"))]
    return files


def keep_joint_index(bundle: Path, cache: Path, key: str, pages: int) -> None:
    """The joint index just written into ``bundle``, kept in the cache (hard links) with its
    key, for the next build whose parts are all the same."""
    work = Path(tempfile.mkdtemp(prefix=".neu-", dir=cache))
    try:
        for relative in joint_files(bundle):
            link_or_copy(bundle / relative, work / relative)
        # Written last: a joint index without it is not used. It lists the files, so that a
        # kept index with one missing is joined anew, never served incomplete.
        listed = "".join(f"{relative.as_posix()}\n" for relative in joint_files(bundle))
        (work / JOINT_KEY).write_text(f"{key}\n{pages}\n{listed}", encoding="utf-8")
        if (cache / JOINT).exists():
            shutil.rmtree(cache / JOINT)
        os.replace(work, cache / JOINT)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def reuse_joint_index(
    joint: Path, key: str, parts: list[IndexPart], bundle: Path, previous: Path | None
) -> int | None:
    """The kept joint index in ``bundle`` if it was joined from these very parts (files equal
    to ``previous`` linked from there, the others from the cache; the fragments from the
    parts); its number of pages, or None when it has to be joined anew."""
    try:
        kept_key, pages, *listed = (joint / JOINT_KEY).read_text(encoding="utf-8").split("\n")
        pages_count = int(pages)
    except (OSError, ValueError):
        return None
    files = [Path(name) for name in listed if name]
    if kept_key != key or not files or sorted(files) != sorted(joint_files(joint)):
        return None
    if any((joint / relative).is_symlink() for relative in files):
        return None
    for part in parts:
        for fragment in sorted((part.folder / "fragment").iterdir()):
            link_file(fragment, bundle / "fragment")
    for relative in files:
        source = joint / relative
        if previous is not None and same_bytes(previous / relative, source):
            source = previous / relative
        link_or_copy(source, bundle / relative)
    return pages_count


def same_bytes(first: Path, second: Path) -> bool:
    """Whether two files hold the same bytes (the same file: without reading them)."""
    try:
        if os.path.samefile(first, second):
            return True
        if first.stat().st_size != second.stat().st_size:
            return False
        return first.read_bytes() == second.read_bytes()
    except OSError:
        return False
