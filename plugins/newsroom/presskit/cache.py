"""What a press kit is made of, kept between builds: the plain text of each rendered HTML
fragment (inscriptis is most of the kit's time) and each ZIP, keyed by what they are made of.

A warm build of unchanged releases converts no HTML and packs no ZIP; a cold build does each
once per distinct input, spread over the cores. The texts live in a result cache below the
content cache (:class:`~newsroom.core.resultcache.ResultCache`), the ZIPs as files beside it
(a press photo in original size does not belong into one pickle read by every build); both are
emptied with the content cache's key, and entries no release used any more are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from ..core.parallel import map_on_cores
from ..core.resultcache import ResultCache
from .archive import zip_bytes, zip_timestamp
from .text import block_text

CACHE_NAME = "pressemappen"
ZIP_SUFFIX = ".zip"
# A kept ZIP is this mark, the SHA-256 of the ZIP and the ZIP: a file damaged or of another
# format is packed again, never published.
ZIP_MARK = b"newsroom-pressemappe-1\n"

Entries = list[tuple[str, bytes]]


def packed(job: tuple[Entries, dt.datetime]) -> bytes:
    entries, moment = job
    return zip_bytes(entries, moment)


def zip_key(entries: Entries, moment: dt.datetime) -> str:
    """The ZIP's name in the cache: its entries' names and bytes and its timestamp."""
    digest = hashlib.sha256(repr(zip_timestamp(moment)).encode())
    for name, data in sorted(entries):
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def kept_zip(stored: bytes) -> bytes | None:
    """The ZIP of a file of the cache; None: damaged or of another format."""
    start = len(ZIP_MARK)
    if not stored.startswith(ZIP_MARK) or len(stored) < start + 32:
        return None
    kit = stored[start + 32 :]
    return kit if hashlib.sha256(kit).digest() == stored[start : start + 32] else None


def zip_entry(kit: bytes) -> bytes:
    return ZIP_MARK + hashlib.sha256(kit).digest() + kit


class KitCache:
    """``block_texts(...)`` and ``zips(...)`` for all releases of a build, then ``save()``."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        # Texts (strings): in the live preview they stay in memory from one save to the next.
        self.texts = ResultCache.for_build(settings, CACHE_NAME, in_memory=True)
        self.folder: Path | None = self.texts.path.parent if self.texts.path else None
        self.used_zips: set[str] = set()

    def block_texts(self, fragments: Sequence[str], siteurl: str) -> list[str]:
        """:func:`~.text.block_text` of each fragment, in order. The site's address is one of
        the settings the cache is keyed by, so the fragment alone names the text."""
        convert = partial(block_text, siteurl=siteurl)
        return self.texts.results(
            fragments,
            lambda unknown: map_on_cores(convert, unknown, self.settings),
            valid=lambda text: isinstance(text, str),
        )

    def zips(self, jobs: Sequence[tuple[Entries, dt.datetime]]) -> list[bytes]:
        """The ZIP of each (entries, timestamp), in order; packed only where not yet kept."""
        if self.folder is None:
            return map_on_cores(packed, list(jobs), self.settings)
        names = [zip_key(entries, moment) + ZIP_SUFFIX for entries, moment in jobs]
        kits: dict[str, bytes] = {}
        for name in dict.fromkeys(names):
            with contextlib.suppress(OSError):
                kit = kept_zip((self.folder / name).read_bytes())
                if kit is not None:
                    kits[name] = kit
        unknown = {name: job for name, job in zip(names, jobs, strict=True) if name not in kits}
        packed_now = map_on_cores(packed, list(unknown.values()), self.settings)
        for name, kit in zip(unknown, packed_now, strict=True):
            kits[name] = kit
            # Written whole under a name of its own first: a half-written ZIP is never read.
            unfinished = self.folder / f"{name}.{os.getpid()}.neu"
            unfinished.write_bytes(zip_entry(kit))
            os.replace(unfinished, self.folder / name)
        self.used_zips.update(names)
        return [kits[name] for name in names]

    def save(self) -> None:
        """Keep what this build used, nothing else."""
        self.texts.save()
        if self.folder is None:
            return
        for entry in self.folder.iterdir():
            if entry.name.endswith(ZIP_SUFFIX) and entry.name not in self.used_zips:
                entry.unlink(missing_ok=True)
