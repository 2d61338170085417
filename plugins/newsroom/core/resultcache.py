"""Results worked out from one source file's text alone, kept between builds beside the content
cache: a warm build does not render every file again to check it.

The cache lives in its own folder below the content cache with its own key (the settings as the
check sees them, the plugin's code, the library versions), so it is emptied whenever anything
but the file itself could change a result; the entries are keyed by the SHA-256 of the text.
Only builds that keep a content cache (``SPEED_CACHE_PATH`` set, as by ``python -m newsroom
build``) use it; ``make check`` works it all out every time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .cache import build_cache_key, cache_folder, prepare_cache
from .kept import KeptContent, kept_content
from .report import Problem, Report
from .settings import capability_settings

T = TypeVar("T")


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_key(source: Any, *parts: str) -> str:
    """The key of a result worked out from one source's text and ``parts`` (its path as shown,
    its content type): what else it depends on is in the cache's own key."""
    return "\0".join((*parts, source.digest))


def kept_problems(
    cache: ResultCache, source: Any, check: Callable[[Any, Report], None], *parts: str
) -> list[Problem]:
    """The problems ``check(source, report)`` reports of one file, kept by :func:`source_key`
    (``check`` reads nothing but the file's text, ``parts``, the settings and the code)."""

    def work() -> list[Problem]:
        own = Report()
        check(source, own)
        return own.problems

    return cache.keyed(source_key(source, *parts), work)


class ResultCache:
    """``cache.result(text, work)``: ``work()`` once per distinct text, across builds.

    ``kept``: the live preview's store (:mod:`.kept`) and the cache key: the entries this
    process last read or wrote stay in memory and are not unpickled again after a save."""

    def __init__(self, path: Path | None, kept: tuple[KeptContent, str] | None = None) -> None:
        self.path = path
        self.stored: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.kept = kept
        self.replaced = False  # an entry kept was worked out again: save even if no key is new
        if path is not None and kept is not None:
            remembered = kept[0].recall(self.memory_name(), kept[1])
            if remembered is not None:
                self.stored = remembered
                return
        if path is not None:
            try:
                with path.open("rb") as handle:
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict):
                    self.stored = loaded
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self.stored = {}
            self.remember(self.stored)

    def memory_name(self) -> str:
        return f"ergebnisse:{self.path}"

    def remember(self, entries: dict[str, Any]) -> None:
        """Keep ``entries`` (never changed afterwards) for the next reading of the preview."""
        if self.kept is not None:
            self.kept[0].remember(self.memory_name(), self.kept[1], entries)

    @classmethod
    def for_build(
        cls, settings: Mapping[str, Any], name: str, in_memory: bool = False
    ) -> ResultCache:
        """``in_memory``: in the live preview, keep the entries in memory between readings;
        only for results nobody changes (texts, numbers), as they are shared by the readings."""
        speed = capability_settings(settings, "SPEED")
        # Without the speed plugin (no SPEED_ defaults) there is no cache to keep results in.
        if not speed.get("cache") or not speed.get("cache_path"):
            return cls(None)
        folder = cache_folder(settings) / name
        key = build_cache_key(settings)
        prepare_cache(folder, key)
        store = kept_content(settings) if in_memory else None
        return cls(folder / "ergebnisse.pickle", None if store is None else (store, key))

    def result(self, text: str, work: Callable[[], T]) -> T:
        return self.keyed(text_key(text), work)

    def keyed(
        self, key: str, work: Callable[[], T], valid: Callable[[Any], bool] | None = None
    ) -> T:
        """``work()`` once per ``key`` (a digest of what the result depends on, e.g.
        :func:`source_key`). ``valid``: whether a kept entry is one ``work`` could have
        returned; one that is not (damaged, another format) is worked out again."""
        if key in self.used:
            return self.used[key]
        if key in self.stored and (valid is None or valid(self.stored[key])):
            value = self.stored[key]
        else:
            value = work()
            self.replaced = self.replaced or key in self.stored
        self.used[key] = value
        return value

    def results(
        self,
        texts: Sequence[str],
        work: Callable[[list[str]], list[T]],
        keys: Sequence[str] | None = None,
        valid: Callable[[Any], bool] | None = None,
    ) -> list[T]:
        """One result per text; ``work`` gets the distinct texts not known yet, all in one call
        (so that it can spread them over the cores), and returns their results in order.
        ``keys``: the texts' :func:`text_key`, when the caller knows them already; ``valid``
        as for :meth:`keyed`."""
        keys = [text_key(text) for text in texts] if keys is None else list(keys)
        if valid is not None:
            damaged = {key for key in keys if key in self.stored and not valid(self.stored[key])}
            if damaged:  # a new dict: the preview's store may share the old one
                self.stored = {k: v for k, v in self.stored.items() if k not in damaged}
                self.replaced = True
        unknown = {
            key: text
            for key, text in zip(keys, texts, strict=True)
            if key not in self.used and key not in self.stored
        }
        worked = dict(zip(unknown, work(list(unknown.values())) if unknown else [], strict=True))
        for key in keys:
            if key not in self.used:
                self.used[key] = worked[key] if key in worked else self.stored[key]
        return [self.used[key] for key in keys]

    def save(self) -> None:
        """Keep the entries this build used, written whole (no half-written file is read)."""
        if self.path is None or (self.used.keys() == self.stored.keys() and not self.replaced):
            return
        unfinished = self.path.with_name(f"{self.path.name}.{os.getpid()}.neu")
        with unfinished.open("wb") as handle:
            pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(unfinished, self.path)
        self.remember(dict(self.used))
