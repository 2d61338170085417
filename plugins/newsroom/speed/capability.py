"""Build speed: its settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "SPEED": {
        # Markdown read by the site's reader: one parser per process, typogrify inside it.
        "READER": True,
        # Processes that render Markdown ahead of Pelican; None: one per usable core.
        "PROCESSES": None,
        # Below this many files to read, rendering in parallel costs more than it saves.
        "PARALLEL_FROM": 200,
        # Pelican's content cache, kept across builds and emptied when settings or plugin change.
        "CACHE": True,
        # Its folder; None: ".newsroom-cache" beside the output folder.
        "CACHE_PATH": None,
        # The output a build replaces: unchanged files become hard links to it (core/incremental).
        "REUSE_OUTPUT": None,
        # With REUSE_OUTPUT and the cache: a release page whose inputs are unchanged is taken
        # from the page cache instead of being rendered again (page_keys.py).
        "PAGES": True,
    },
}


CAPABILITY = Capability(
    name="speed",
    settings=SETTINGS,
    derived=frozenset({"SPEED_TYPOGRIFY"}),
    content_reader=deferred(f"{__package__}.fast_path", "check_reader"),
)
