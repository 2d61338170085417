"""The live preview's reading: a press release or page whose inputs did not change is not
read again (store and key: :mod:`newsroom.core.kept`).

Pelican's generators ask ``get_cached_data(path)`` before they read a file and hand the new
object to ``cache_data(path, object)`` right after ``read_file`` (its ``content_object_init``
receivers have run, no later signal yet). In a reading with the preview's store both are
replaced on the generator: ``cache_data`` keeps a copy of the object as it is then, with the
build's own objects (settings, the shared context) left out; ``get_cached_data`` hands out a
copy of its own — its own metadata, lists and wrappers — bound to this reading's settings and
context, when the key is the same: the file's bytes, the build's cache key, the data files
below PATH. The file's bytes are those the content check of the same reading read (the SHA-256
of its text and whether a byte order mark came before it), so that a save does not read every
file a second time; an object read after the file changed again is not kept under that key.
Every later signal (embargo, order, neighbours, related releases …) then runs on that copy
exactly as on a newly read object; an older state still rendering in the background keeps its
own objects.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import URLWrapper

from ..core.cache import build_cache_key
from ..core.kept import KeptContent, kept_content
from ..core.sources import BOM, source_stamp, text_digest


class BuildObject:
    """Stands for one of the reading's own objects in a kept copy."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __deepcopy__(self, memo: dict[int, Any]) -> BuildObject:
        return self

    def __repr__(self) -> str:
        return f"<{self.name} der Lesung>"


SETTINGS = BuildObject("Einstellungen")
CONTEXT = BuildObject("Kontext")


def keep_content_objects(generator: Any) -> None:
    """Signals ``article_generator_init``, ``page_generator_init``: with the preview's store,
    the generator takes unchanged objects from it."""
    store = kept_content(generator.settings)
    if store is None or not isinstance(generator, ArticlesGenerator | PagesGenerator):
        return
    KeptReading(store, generator).install()


def keep_other_content_objects(generator: Any) -> None:
    """Signal ``generator_init``: the same for a capability's generator that reads its own
    content objects through Pelican's ``get_cached_data``/``cache_data`` and says so with
    ``KEEPS_CONTENT_OBJECTS`` (the events)."""
    store = kept_content(generator.settings)
    if (
        store is None
        or isinstance(generator, ArticlesGenerator | PagesGenerator)
        or not getattr(type(generator), "KEEPS_CONTENT_OBJECTS", False)
    ):
        return
    KeptReading(store, generator).install()


def skip_loading_reader_caches(pelican: Any) -> None:
    """Signal ``initialized`` (after ``fast_path.use_content_cache``): when the preview's
    store holds the reader caches of an earlier reading with the same cache key, they are
    not unpickled from the disk again (:func:`keep_reader_cache` hands them over)."""
    settings = pelican.settings
    store = kept_content(settings)
    if store is None or not settings.get("LOAD_CONTENT_CACHE"):
        return
    if store.readers is not None and store.readers[0] == build_cache_key(settings):
        settings["LOAD_CONTENT_CACHE"] = False


def keep_reader_cache(generator: Any) -> None:
    """Signal ``generator_init``: in the preview, the generator's reader cache (Pelican's
    reader layer: Markdown's output by file) stays in memory from one reading to the next;
    each entry is handed out and kept as a copy of its own."""
    store = kept_content(generator.settings)
    readers = getattr(generator, "readers", None)
    if store is None or readers is None or not getattr(readers, "_cache_data_policy", False):
        return
    key = build_cache_key(generator.settings)
    if store.readers is None or store.readers[0] != key:
        store.readers = (key, {})
    caches = store.readers[1]
    if readers._cache_path in caches:
        readers._cache = caches[readers._cache_path]
    else:  # read from the disk this time (or new)
        caches[readers._cache_path] = readers._cache
    settings = generator.settings
    get_cached_data, cache_data = readers.get_cached_data, readers.cache_data

    def get_copy(path: str, default: Any = None) -> Any:
        found = get_cached_data(path, default)
        return default if found is default else clone(found, {}, wrapper_settings=settings)

    def keep_copy(path: str, data: Any) -> None:
        cache_data(path, clone(data, {}, wrapper_settings=settings))

    readers.get_cached_data, readers.cache_data = get_copy, keep_copy

    def save_later() -> None:
        # Pickled for the next start of the preview only (this process keeps the cache in
        # memory), so not between the save and the page: the preview writes it once a state
        # is finished (:meth:`KeptContent.save_later`). Entries are never changed once
        # kept, so a copy of the dict is a snapshot of this reading's cache.
        snapshot = copy.copy(readers)
        snapshot._cache = dict(readers._cache)
        store.unsaved[readers._cache_path] = functools.partial(save_cache, snapshot)

    save_cache = type(readers).save_cache  # Pelican's, not this replacement

    readers.save_cache = save_later
    # Whether a file's entry is there, without copying it (``fast_path.prerender`` asks this
    # of every file).
    readers.has_cached_data = lambda path: get_cached_data(path, (None, None))[0] is not None


def data_digest(settings: Mapping[str, Any]) -> str:
    """SHA-256 over the files below PATH that are no Markdown source and no static file (the
    data files: contacts, operator …), which a receiver of ``content_object_init`` might read."""
    root = Path(settings["PATH"])
    static = tuple(os.path.join(str(root), folder) for folder in settings.get("STATIC_PATHS", []))
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        if folder.startswith(static) and folder != str(root):
            subfolders.clear()
            continue
        for name in sorted(files):
            if name.endswith((".md", ".markdown", ".mkd", ".mdown")):
                continue
            path = os.path.join(folder, name)
            try:
                data = Path(path).read_bytes()
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, root)}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def file_stamp(path: str) -> Any:
    """What the file's bytes are, in the form of :func:`newsroom.core.sources.source_stamp`
    where the content check could read it as text."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ("bytes", hashlib.sha256(data).hexdigest())
    return source_stamp(text_digest(text.removeprefix("\ufeff")), data.startswith(BOM))


def reading_key(store: KeptContent, settings: Mapping[str, Any]) -> tuple[str, str]:
    """What every object of this reading is made of besides its file, once per reading.

    Not the build time: what is read does not depend on it (embargoes are decided after the
    reading, on each state's own copies; Pelican's drafts by date: :func:`may_keep`)."""
    if store.build is None or store.build[0] is not settings:
        store.build = (settings, (build_cache_key(settings), data_digest(settings)))
    return store.build[1]


class KeptReading:
    """One generator's use of the store in one reading."""

    def __init__(self, store: KeptContent, generator: Any) -> None:
        self.store = store
        self.generator = generator
        self.kind = type(generator).__name__
        self.stamps: dict[str, Any] = {}

    def install(self) -> None:
        generator = self.generator
        generator.get_cached_data = self.get_cached_data
        generator.cache_data = self.cache_data
        generator.generate_context = functools.partial(
            self.generate_context, generator.generate_context
        )

    def generate_context(self, generate: Any) -> None:
        generate()
        self.store.keep_only(self.kind, self.stamps)  # only after a complete reading

    def key(self, path: str, checked: bool = True) -> Any:
        """The key of the file ``path`` in this reading; ``checked``: the stamp the content
        check of this reading worked out when it read the file, if it did (else the file is
        read here)."""
        full = os.path.join(self.generator.path, path)
        settings = self.generator.settings
        found = self.store.checked
        stamp = None
        if checked and found is not None and found[0] is settings:
            stamp = found[1].get(os.path.normpath(full))
        try:
            if stamp is None:
                stamp = file_stamp(full)
            dated = (os.stat(full).st_mtime,) if settings.get("DEFAULT_DATE") == "fs" else ()
        except OSError:
            return None
        return (*reading_key(self.store, settings), (stamp, *dated))

    def get_cached_data(self, path: str, default: Any = None) -> Any:
        key = self.stamps[path] = self.key(path)
        kept = self.store.get(self.kind, path, key) if key is not None else None
        if kept is None:
            self.store.reads += 1
            return default
        self.store.taken += 1
        return clone(
            kept, {id(SETTINGS): self.generator.settings, id(CONTEXT): self.generator.context}
        )

    def cache_data(self, path: str, content: Any) -> None:
        key = self.stamps.get(path)
        if key is None or not may_keep(content):
            return
        if self.key(path, checked=False) != key:
            return  # the file changed after the check read it: not kept under that key
        # The slugs of its topics, category and authors: worked out now, as the first use in
        # this reading would, so that no copy works them out again.
        for value in content.__dict__.values():
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, URLWrapper):
                    item.slug  # noqa: B018
        # The build's own objects stay out of the copy; the copy is never handed out itself.
        memo = {id(self.generator.settings): SETTINGS, id(self.generator.context): CONTEXT}
        self.store.put(self.kind, path, key, clone(content, memo, wrapper_settings=SETTINGS))


ATOMIC = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, dt.tzinfo)
# The exact types of most atomic values (a set lookup instead of ``isinstance`` per value).
ATOMIC_TYPES = frozenset(
    {str, bytes, int, float, bool, type(None), dt.datetime, dt.date, dt.time, dt.timedelta}
)


def clone(value: Any, memo: dict[int, Any], wrapper_settings: Any = None) -> Any:
    """A copy of ``value`` with containers and objects of its own, like ``copy.deepcopy``
    (``memo`` maps objects to what stands for them in the copy), made quicker for what a
    content object holds: text, dates, lists, dicts and plain objects.

    ``wrapper_settings``: what the topics, categories and authors (Pelican's URL wrappers) of
    the copy hold as their settings. Those that come from Pelican's reader cache hold a
    settings dict unpickled with them, not the build's: the copy is bound to the build's."""
    atomic = ATOMIC_TYPES

    def copy_of(value: Any) -> Any:
        kind = type(value)
        if kind in atomic:  # immutable: text, numbers, dates
            return value
        found = memo.get(id(value))
        if found is not None:
            return found
        if kind is list:
            copied: Any = []
            memo[id(value)] = copied
            copied.extend([item if type(item) in atomic else copy_of(item) for item in value])
        elif kind is dict:
            copied = {}
            memo[id(value)] = copied
            for name, item in value.items():
                copied[name if type(name) in atomic else copy_of(name)] = (
                    item if type(item) in atomic else copy_of(item)
                )
        elif kind is tuple:
            copied = tuple([item if type(item) in atomic else copy_of(item) for item in value])
            memo[id(value)] = copied
        elif isinstance(value, ATOMIC):  # Markup and other subclasses of the atomic types
            return value
        elif plain_object(kind) and hasattr(value, "__dict__"):
            copied = kind.__new__(kind)
            memo[id(value)] = copied
            state = copied.__dict__
            wrapper = wrapper_settings is not None and isinstance(value, URLWrapper)
            for name, item in value.__dict__.items():
                if wrapper and name == "settings":
                    state[name] = wrapper_settings
                else:
                    state[name] = item if type(item) in atomic else copy_of(item)
        elif plain_object(kind, slotted=True) and not hasattr(value, "__dict__"):
            copied = kind.__new__(kind)
            memo[id(value)] = copied
            for name in slot_names(kind):
                if hasattr(value, name):
                    object.__setattr__(copied, name, copy_of(getattr(value, name)))
        else:
            copied = copy.deepcopy(value, memo)
        return copied

    return copy_of(value)


def slot_names(kind: type) -> list[str]:
    names: list[str] = []
    for base in kind.__mro__:
        slots = base.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else list(slots)
    return names


@functools.cache
def plain_object(kind: type, slotted: bool = False) -> bool:
    """An object ``copy.deepcopy`` would copy attribute by attribute: no copy or pickle
    methods of its own; ``slotted``: its attributes in ``__slots__`` (else none)."""
    return (
        hasattr(kind, "__slots__") == slotted
        and not hasattr(kind, "__deepcopy__")
        and not hasattr(kind, "__setstate__")
        and kind.__reduce_ex__ is object.__reduce_ex__
        and kind.__reduce__ is object.__reduce__
        and kind.__getstate__ is object.__getstate__
    )


def may_keep(content: Any) -> bool:
    """False for an object the clock decides: a release Pelican made a draft because its date
    is in the future (``WITH_FUTURE_DATES = False``) is a release once that date has come."""
    if not isinstance(content, Article) or content.settings.get("WITH_FUTURE_DATES", True):
        return True
    date = getattr(content, "date", None)
    if date is None:
        return True
    now = dt.datetime.now(dt.UTC) if date.tzinfo is not None else dt.datetime.now()
    return date <= now
