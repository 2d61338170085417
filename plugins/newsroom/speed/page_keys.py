"""A press release's page is not rendered again while nothing it shows has changed.

A warm build used to render every release page and then link the ones whose bytes came out as
before. Now each page gets a key before it is rendered, and a page rendered under the same key
in an earlier build is taken from the page cache (``seiten/`` in the content cache: per output
file one folder, in it the rendered file under its key, a hard link; nothing changes a file of
the output in place, :mod:`newsroom.core.incremental`).

The key is cheap because it holds the sources, not what is made of them:

- for the whole site (once per process): the build's cache key (settings, the plugin's code,
  the library versions), every file below PATH except the press releases' own sources, the
  theme, the templates' other folders and the plugin's files besides its code (SHA-256 of each
  file's bytes), and of every object the generators listed (releases, pages, events) its
  source, address, output file, status and whether it is past: what the build time decides
  (published or embargoed, upcoming or past) and every address a link may resolve to;
- for the page: the output file, the template, the options of the call, and every value of the
  release object (its text, metadata, contacts, photo, press kit, update, topics: their plain
  values, walked through lists, mappings and objects), where another release or an event
  counts with its source file's SHA-256 (its title and date are made of it, its address is in
  the site's part; neighbours, related releases, linked events). An object many pages show
  (a topic, a contact) is walked once per build, unless its walk leads back to the page;
- for a feed: its call and, of each entry, the release's source file's SHA-256;
- for one file of a list (a topic, a year, the archive; :meth:`PageKeys.list_key`): its call,
  the call's other values (the topic, the year, the page's number and the number of pages),
  of each release on that page its source file's SHA-256, the same of the whole lists if the
  template (with all it extends, includes and imports) reads them, and of every release the
  metadata (title, date, topics …: what lists across the site such as the year archive and
  the topics are made of; computed once per build). The template globals that see the
  whole context (``page_meta()``, ``page_trail()`` of :mod:`newsroom.seo.page_meta`) read the
  page's own list, the call's values and the releases' dates, all in that key.

A value the walk cannot name for sure (an object whose text holds a memory address, a walk too
deep) gives no key: that page is rendered as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import meta, nodes

from ..core.cache import PLUGIN_FOLDER, build_cache_key, cache_folder
from ..core.settings import capability_settings

PAGE_CACHE = "seiten"
# Context lists of content objects whose source, address and state go into the site's part.
LISTED = (
    "articles",
    "hidden_articles",
    "drafts",
    "translations",
    "hidden_translations",
    "draft_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "events",
)
# The release lists whose sources count per page, not for the whole site.
RELEASE_LISTS = LISTED[:6]
# Attributes that are the settings or the context (in the site's part already), the address
# method the speed plugin sets on each object (code, in the build's cache key) and its
# remembered addresses (filled when an address is first asked for, made of fields walked).
SKIPPED = frozenset({"settings", "_context", "context", "get_url_setting", "_newsroom_addresses"})
DEEPEST = 16
SCALARS = (int, float, bool, type(None), dt.date, dt.time, dt.timedelta, dt.tzinfo)
PLAIN = frozenset({int, float, bool, type(None)})
CONTAINERS = frozenset({dict, list, tuple})
# What a template may ask a paginator, and a page it hands out, without seeing other pages.
PAGINATOR_ATTRIBUTES = frozenset({"num_pages", "count", "per_page"})
PAGE_ATTRIBUTES = frozenset({"url", "save_as", "number"})


class Unkeyable(Exception):
    """A value the key cannot stand for: the page is rendered."""


def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def folder_files(folder: Path) -> list[str]:
    found: list[str] = []
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        found.extend(os.path.join(directory, name) for name in sorted(files))
    return found


@functools.cache
def slot_names_of(kind: type) -> tuple[str, ...]:
    names: list[str] = []
    for owner in kind.__mro__:
        slots = owner.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else list(slots)
    return tuple(name for name in names if name not in ("__dict__", "__weakref__"))


def slot_names(value: Any) -> tuple[str, ...]:
    return slot_names_of(type(value))


class PageKeys:
    """The keys of one build's release pages, and the page cache they name."""

    def __init__(self, settings: Mapping[str, Any], folder: Path) -> None:
        self.settings = settings
        self.folder = folder
        self.site: str | None = None
        self.digests: dict[str, str] = {}
        # Objects many pages show (topics, contacts, organisations): walked once per build.
        # The object is kept with its digest, so its id is not another object's.
        self.walked: dict[int, tuple[Any, bytes]] = {}
        self.looped = False
        self.releases: bytes | None = None
        # Template name -> the context names it (and what it uses) reads; None: not known.
        self.reads_of: dict[str, frozenset[str] | None] = {}

    @classmethod
    def for_build(cls, settings: Mapping[str, Any]) -> PageKeys | None:
        """Only in a build that keeps a content cache and replaces an output."""
        speed = capability_settings(settings, "SPEED")
        if not speed.get("cache") or not speed.get("reuse_output") or not speed.get("pages"):
            return None
        return cls(settings, cache_folder(settings) / PAGE_CACHE)

    # --- the whole site -------------------------------------------------------------------

    def site_part(self, context: Mapping[str, Any]) -> str:
        if self.site is None:
            self.site = self._site_part(context)
        return self.site

    def _site_part(self, context: Mapping[str, Any]) -> str:
        digest = hashlib.sha256(build_cache_key(self.settings).encode())
        releases = {
            os.path.abspath(item.source_path)
            for name in RELEASE_LISTS
            for item in context.get(name) or ()
            if getattr(item, "source_path", None)
        }
        folders = [Path(self.settings["PATH"]), Path(self.settings["THEME"])]
        folders += [Path(p) for p in self.settings.get("THEME_TEMPLATES_OVERRIDES") or ()]
        for folder in folders:
            digest.update(b"\0folder\0" + str(folder.resolve()).encode())
            for path in folder_files(folder):
                own = file_digest(path)
                absolute = os.path.abspath(path)
                self.digests[absolute] = own
                if absolute not in releases:
                    digest.update(f"{path}\0{own}\n".encode())
        for path in folder_files(PLUGIN_FOLDER):
            if not path.endswith((".py", ".pyc")):
                digest.update(f"{path}\0{file_digest(path)}\n".encode())
        for name in LISTED:
            digest.update(f"\0{name}\0".encode())
            for item in context.get(name) or ():
                values = (
                    getattr(item, "source_path", None),
                    getattr(item, "url", None),
                    getattr(item, "save_as", None),
                    getattr(item, "status", None),
                    getattr(item, "is_past", None),
                )
                digest.update((repr(values) + "\n").encode())
        return digest.hexdigest()

    # --- one page ---------------------------------------------------------------------------

    def source_digest(self, path: str) -> str:
        absolute = os.path.abspath(path)
        known = self.digests.get(absolute)
        if known is None:
            known = self.digests[absolute] = file_digest(absolute)
        return known

    def key(self, call: tuple[Any, ...], content: Any, context: Mapping[str, Any]) -> str | None:
        """The key of a page showing ``content``; None: render it."""
        digest = hashlib.sha256(self.site_part(context).encode())
        digest.update(repr(call).encode())
        self.looped = False
        try:
            digest.update(self.source_digest(content.source_path).encode())
            self._walk(digest, content, 0, content, set())
        except (Unkeyable, OSError):
            return None
        return digest.hexdigest()

    def _walk(self, digest: Any, value: Any, depth: int, root: Any, path: set[int]) -> None:
        update = digest.update
        kind = type(value)
        if kind is str or isinstance(value, str):
            update(b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass"))
            return
        if kind in PLAIN or isinstance(value, SCALARS):
            update(b"v" + repr(value).encode())
            return
        if depth > DEEPEST:
            raise Unkeyable
        if kind not in CONTAINERS and value is not root:
            source = getattr(value, "source_path", None)
            if isinstance(source, str):
                # Another release, a page, an event: what it shows is made of its source file
                # (its address is in the site's part).
                update(f"r{kind.__qualname__}:{source}\0{self.source_digest(source)}".encode())
                return
        if id(value) in path:
            update(b"^")
            self.looped = True
            return
        path.add(id(value))
        try:
            if kind is list or kind is tuple:
                update(b"[%d" % len(value))
                for item in value:
                    self._walk(digest, item, depth + 1, root, path)
            elif isinstance(value, Mapping):
                update(b"{%d" % len(value))
                for name in sorted(value, key=str):
                    if name in SKIPPED:
                        continue
                    self._walk(digest, name, depth + 1, root, path)
                    self._walk(digest, value[name], depth + 1, root, path)
            elif isinstance(value, list | tuple):
                update(b"[%d" % len(value))
                for item in value:
                    self._walk(digest, item, depth + 1, root, path)
            elif isinstance(value, set | frozenset):
                parts = []
                for item in value:
                    own = hashlib.sha256()
                    self._walk(own, item, depth + 1, root, path)
                    parts.append(own.digest())
                update(b"<" + b"".join(sorted(parts)))
            elif isinstance(value, bytes):
                update(b"b%d:" % len(value) + value)
            elif not callable(value) and (hasattr(value, "__dict__") or slot_names(value)):
                if value is root:
                    self._walk_object(digest, value, depth, root, path)
                else:
                    known = self.walked.get(id(value))
                    if known is None:
                        own = hashlib.sha256()
                        outer, self.looped = self.looped, False
                        self._walk_object(own, value, depth, root, path)
                        known = (value, own.digest())
                        if not self.looped:  # no way back to an object of this walk
                            self.walked[id(value)] = known
                        self.looped = self.looped or outer
                    update(b"o" + known[1])
            else:
                text = repr(value)
                if " at 0x" in text or " object>" in text:
                    raise Unkeyable
                update(f"t{type(value).__qualname__}:{text}".encode())
        finally:
            path.discard(id(value))

    def feed_key(
        self, call: tuple[Any, ...], elements: Any, context: Mapping[str, Any]
    ) -> str | None:
        """The key of a feed of ``elements``: an entry is made of its release's source (text,
        title, dates, topics) and its address (in the site's part); the feed's own fields come
        from the settings and its entries. None (built as before) for an entry that is no
        release read from a file."""
        digest = hashlib.sha256(self.site_part(context).encode())
        digest.update(b"feed" + repr(call).encode())
        try:
            for element in elements:
                source = getattr(element, "source_path", None)
                if not isinstance(source, str):
                    return None
                digest.update(f"{source}\0{self.source_digest(source)}\n".encode())
        except OSError:
            return None
        return digest.hexdigest()

    def releases_part(self, context: Mapping[str, Any]) -> bytes:
        """Every release's metadata, once per build: lists across the site (years, topics,
        an update's predecessor) are made of it, never of a release's text."""
        if self.releases is None:
            digest = hashlib.sha256()
            try:
                for name in RELEASE_LISTS:
                    for item in context.get(name) or ():
                        metadata = getattr(item, "metadata", None)
                        digest.update(f"\0{getattr(item, 'source_path', None)}\0".encode())
                        self._walk(digest, metadata, 0, metadata, set())
                self.releases = digest.digest()
            except Unkeyable:
                self.releases = b""  # no list is keyed in this build
        return self.releases

    def list_key(
        self,
        call: tuple[Any, ...],
        named: Mapping[str, Any],
        shown: Mapping[str, Any],
        context: Mapping[str, Any],
    ) -> str | None:
        """The key of one file of a list: ``named`` are the call's plain values (walked),
        ``shown`` the lists of content objects it shows (by source). None: render it."""
        digest = hashlib.sha256(self.site_part(context).encode())
        digest.update(b"list" + repr(call).encode())
        releases = self.releases_part(context)
        if not releases:
            return None
        digest.update(releases)
        try:
            self._walk(digest, dict(named), 0, None, set())
            for name in sorted(shown):
                digest.update(f"\0{name}\0{len(shown[name])}\n".encode())
                for item in shown[name]:
                    source = getattr(item, "source_path", None)
                    if not isinstance(source, str):
                        return None
                    digest.update(f"{source}\0{self.source_digest(source)}\n".encode())
        except (Unkeyable, OSError):
            return None
        return digest.hexdigest()

    def reads(self, template: Any) -> frozenset[str] | None:
        """The names a template, with the templates it extends, includes and imports, reads
        from its context; None when that is not known for sure (a template named by a
        variable, a source that cannot be read)."""
        name = getattr(template, "name", None)
        if name is None:
            return None
        if name not in self.reads_of:
            self.reads_of[name] = template_reads(template.environment, name)
        return self.reads_of[name]

    def _walk_object(self, digest: Any, value: Any, depth: int, root: Any, path: set[int]) -> None:
        digest.update(f"o{type(value).__module__}.{type(value).__qualname__}".encode())
        if hasattr(value, "__dict__"):
            self._walk(digest, vars(value), depth + 1, root, path)
        for name in slot_names(value):
            self._walk(digest, getattr(value, name, None), depth + 1, root, path)

    # --- the cache ----------------------------------------------------------------------------

    def entry(self, name: str, key: str) -> Path:
        return self.folder / hashlib.sha256(name.encode()).hexdigest()[:32] / key

    def keep(self, name: str, key: str, written: str) -> None:
        """The file just written for ``name`` becomes its cache entry (the only one)."""
        entry = self.entry(name, key)
        folder = entry.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.iterdir():
                if old.name != key:
                    old.unlink(missing_ok=True)
            unfinished = folder / f".{key}.{os.getpid()}.neu"
            os.link(written, unfinished)
            os.replace(unfinished, entry)
        except OSError:
            pass


def template_reads(environment: Any, name: str) -> frozenset[str] | None:
    found: set[str] = set()
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = environment.loader.get_source(environment, current)[0]
            tree = environment.parse(source)
            found |= meta.find_undeclared_variables(tree)
        except Exception:  # any failure: not known, so everything counts
            return None
        found |= whole_lists_read(tree)
        for other in meta.find_referenced_templates(tree):
            if other is None:
                return None
            todo.append(other)
    return frozenset(found)


def whole_lists_read(tree: Any) -> set[str]:
    """The lists a paginated template reads whole through its paginator (``articles`` for
    ``articles_paginator.object_list``); its page count and the address of a page
    (``articles_paginator.page(n).url``) are in the key already."""
    addresses = set()
    for node in tree.find_all(nodes.Getattr):
        call = node.node
        if node.attr in PAGE_ATTRIBUTES and isinstance(call, nodes.Call):
            addresses.add(id(call.node))
    lists = set()
    for node in tree.find_all(nodes.Getattr):
        target = node.node
        if not isinstance(target, nodes.Name):
            continue
        if target.name.endswith("_paginator"):
            if node.attr in PAGINATOR_ATTRIBUTES or id(node) in addresses:
                continue
            lists.add(target.name.removesuffix("_paginator"))
        elif target.name.endswith("_page") and node.attr == "paginator":
            lists.add(target.name.removesuffix("_page"))
    return lists
