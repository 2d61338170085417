"""Build speed: its settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`); the checks import
their modules only when they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability

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
    },
}


def content_reader(settings: Mapping[str, Any]) -> Any:
    from .fast_path import check_reader

    return check_reader(settings)


CAPABILITY = Capability(
    name="speed",
    settings=SETTINGS,
    derived=frozenset({"SPEED_TYPOGRIFY"}),
    content_reader=content_reader,
)
