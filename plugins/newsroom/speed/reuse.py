"""Pelican's writer for a warm build: files that come out byte for byte as in the output this
build replaces are hard links to it (see :mod:`newsroom.core.incremental`).

Setting ``SPEED_REUSE_OUTPUT``: that output folder (``python -m newsroom build`` sets it);
None: every file is written anew.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.incremental import PendingFile
from ..core.output import output_files
from ..core.settings import capability_settings


def previous_output(settings: Mapping[str, Any]) -> Path | None:
    folder = capability_settings(settings, "SPEED")["reuse_output"]
    if not folder or not Path(folder).is_dir():
        return None
    return Path(folder)


def reusing_writer_class() -> type:
    from pelican.writers import FileOverwriteFailedError, Writer

    class ReusingWriter(Writer):
        """Pelican's writer; unchanged files are hard links into the previous output."""

        def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
            super().__init__(output_path, settings=settings)
            self._previous = previous_output(settings or {})
            # (release, kind of feed, site address) -> the release and its entry's values.
            self._feed_entries: dict[tuple[int, type, str], tuple[Any, dict[str, Any]]] = {}

        def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
            """Pelican's entry of ``item``, worked out once per kind of feed: a release stands
            in a dozen feeds (all, its topics, its partners' feeds), and each time Pelican
            recomputed its address, tag URI and dates. The values are the same each time (they
            depend on the release, the feed's class and the site address only), so later
            feeds get them from the first; the release is kept, so its id stays its own."""
            key = (id(item), type(feed), self.site_url)
            known = self._feed_entries.get(key)
            if known is not None:
                feed.add_item(**known[1])
                return
            values: dict[str, Any] = {}
            own = vars(feed).get("add_item")  # set on the object itself before? put it back
            add_item = feed.add_item

            def remember(**given: Any) -> None:
                values.update(given)
                add_item(**given)

            feed.add_item = remember
            try:
                super()._add_item_to_the_feed(feed, item)
            finally:
                if own is None:
                    del feed.add_item
                else:
                    feed.add_item = own
            self._feed_entries[key] = (item, values)

        def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
            # Pelican's own bookkeeping of files written twice (4.12), then the pending file.
            if filename in self._overridden_files:
                if override:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{filename}" a second time '
                        "(was previously overwritten)"
                    )
                return open(os.devnull, "w", encoding=encoding)
            if filename in self._written_files and not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
            previous = None
            if self._previous is not None:
                relative = os.path.relpath(filename, self.output_path)
                if not relative.startswith(".."):
                    previous = self._previous / relative
            return PendingFile(Path(filename), encoding, previous)

    return ReusingWriter


def provide_writer(pelican: Any) -> type | None:
    """Signal ``get_writer``: the reusing writer, when there is an output to reuse."""
    if previous_output(pelican.settings) is None:
        return None
    return reusing_writer_class()


def reuse_for_own_files(pelican: Any) -> None:
    """Signal ``initialized``: the core's writer of the capabilities' files links unchanged
    ones to the previous output too (it repeats no internals, so with any Pelican version)."""
    output_files(pelican.settings).previous = previous_output(pelican.settings)
