"""Content objects kept between two readings of the same site, for the live preview.

After a save the live preview reads the whole site again (``tools/livepreview.py``). Pelican
would build every content object anew, run every ``content_object_init`` receiver again and
read each file's Markdown from its cache. The preview owns one :class:`KeptContent` for its
whole run and hands it to each reading in the settings (``KEPT_CONTENT``); the speed plugin
(``speed/kept.py``) keeps there each press release and page as Pelican's reader returned it —
before any later signal changes it — under a key of everything it was made of: the file's
bytes, the build's cache key (settings, plugin code, library versions,
:func:`newsroom.core.cache.build_cache_key`) and the data files below PATH. A reading whose
key is the same takes a copy of its own instead of reading the file; anything else is read as
before. A full build has no store and reads everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

SETTING = "KEPT_CONTENT"


class KeptContent:
    """Pristine content objects by (generator, source path): (key, object)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], tuple[Any, Any]] = {}
        self.reads = 0  # files read because nothing usable was kept (for tests and timings)
        self.taken = 0  # objects handed out instead of a reading
        # The build whose inputs were last digested, and that digest (``speed/kept.py``).
        self.build: tuple[Any, Any] | None = None
        # Pelican's reader caches kept in memory: (cache key, {cache file: its entries}).
        self.readers: tuple[str, dict[str, Any]] | None = None
        # The sources the content check of a reading read: (its settings, {normalised full
        # path: :func:`newsroom.core.sources.source_stamp`}), so that a file is read once.
        self.checked: tuple[Any, dict[str, Any]] | None = None
        # Results a capability works out from the content objects: name → (inputs, result).
        self.results: dict[str, tuple[Any, Any]] = {}
        # Caches to be written to the disk once a state is finished: file → how.
        self.unsaved: dict[str, Callable[[], None]] = {}

    def get(self, kind: str, path: str, key: Any) -> Any | None:
        entry = self.entries.get((kind, path))
        if entry is None or entry[0] != key:
            return None
        return entry[1]

    def put(self, kind: str, path: str, key: Any, kept: Any) -> None:
        self.entries[(kind, path)] = (key, kept)

    def keep_only(self, kind: str, paths: Iterable[str]) -> None:
        """Forget the objects of ``kind`` whose file was not among ``paths`` (deleted,
        renamed, excluded) in a complete reading."""
        present = set(paths)
        for entry in [entry for entry in self.entries if entry[0] == kind]:
            if entry[1] not in present:
                del self.entries[entry]

    def recall(self, name: str, inputs: Any) -> Any | None:
        """The result kept under ``name`` if it was worked out from equal ``inputs``."""
        entry = self.results.get(name)
        return entry[1] if entry is not None and entry[0] == inputs else None

    def remember(self, name: str, inputs: Any, result: Any) -> None:
        """Keep ``result`` (plain data, no content objects) until the inputs change."""
        self.results[name] = (inputs, result)

    def save_later(self) -> None:
        """Write the caches a reading left for later (the newest of each file)."""
        while self.unsaved:
            try:
                _, save = self.unsaved.popitem()
            except KeyError:  # taken by another thread meanwhile
                return
            save()

    def __getstate__(self) -> dict[str, Any]:
        # A copy in another process (parallel work, a pickled cache) keeps nothing.
        fresh = KeptContent()
        return fresh.__dict__

    def __deepcopy__(self, memo: dict[int, Any]) -> KeptContent:
        return self  # the one store of the preview, never a copy of it

    def __repr__(self) -> str:
        return "KeptContent()"  # the same in every reading (cache key)


def kept_content(settings: Mapping[str, Any]) -> KeptContent | None:
    """The preview's store, or None (a full build reads everything)."""
    store = settings.get(SETTING)
    return store if isinstance(store, KeptContent) else None
