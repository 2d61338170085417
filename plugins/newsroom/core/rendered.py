"""Markdown the content check has rendered, handed to the build's reader: each file once.

The check renders the sources with the build's own reader to compare them with what the
sanitizer keeps (sanitize.py). At ``initialized`` the core puts a fresh
:class:`RenderedSources` into the build's settings (``RENDERED_SOURCES``); the check keeps
there, for each file it rendered, a digest of the text, the reader's configuration and the
result as the reader returns it (already cleaned). The reader takes a file's result instead
of rendering it again only when both the text and the configuration are the same; anything
else is rendered as before. The HTML the check found the sanitizer keeps whole is noted too
(:attr:`RenderedSources.whole`): the templates' ``sanitized`` filter does not compare it
again. Outside a build (``make check``) there is no store and nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

SETTING = "RENDERED_SOURCES"


class RenderedSources:
    """Results of the check's rendering in this build: path → (configuration, digest of the
    text, result)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, str, Any]] = {}
        self.whole: set[str] = set()  # HTML that the sanitizer keeps as it is

    def keep(self, path: str, configuration: str, text: str, result: Any) -> None:
        self.kept[path] = (configuration, digest(text), result)

    def has(self, path: str, configuration: str) -> bool:
        entry = self.kept.get(path)
        return entry is not None and entry[0] == configuration

    def take(self, path: str, configuration: str, text: str) -> Any | None:
        """The result for ``path`` if it was rendered from ``text`` with ``configuration``;
        either way the entry is gone (a file is read once per build)."""
        entry = self.kept.pop(path, None)
        if entry is None or entry[0] != configuration or entry[1] != digest(text):
            return None
        return entry[2]

    def __getstate__(self) -> dict[str, Any]:
        # A copy in another process (parallel work, a pickled cache) starts empty.
        return {"kept": {}, "whole": set()}

    def __repr__(self) -> str:
        return "RenderedSources()"  # the same in every process and every build (cache key)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rendered_sources(settings: Mapping[str, Any]) -> RenderedSources | None:
    """The build's store, or None outside a build."""
    store = settings.get(SETTING)
    return store if isinstance(store, RenderedSources) else None
