"""The one writer of the files the capabilities add to a build's output.

Pelican's writer renders the templates and feeds and refuses to write one of its files twice.
Every other file a capability creates (vCards, calendar files, the open-data export, the
stylesheet, photo variants, press kits, the CMS configuration, sitemap and robots.txt) goes
through :class:`OutputFiles`, which

- keeps the path inside the output folder (``..``, an absolute path or a symbolic link that
  leads out is refused, :func:`files.output_file`);
- refuses a second write of the same path in one build, naming both writers, also when
  Pelican's writer wrote the path (it announces each file with the signals ``content_written``
  and ``feed_written``, :func:`record_pelican_file`) or Pelican copies a static file there
  (announced by none: their addresses are taken when the static generator has read them,
  before anything is written, :func:`record_static_files`); the build stops, nothing is
  published;
- writes through :func:`incremental.write_or_link`: a file that comes out as in the output
  this build replaces is a hard link to it, as Pelican's pages are in a warm build.

At ``initialized`` the core puts a new :class:`OutputFiles` into the build's settings
(``OUTPUT_FILES``, like ``DATA_FILES``); the generators' context is a copy of the settings, so
the generators, the signal receivers and the post-build steps of one build share it.
Post-build steps that rewrite files already written (hashed names, compression, the search
index's order) are transformations, not new files: they use :func:`incremental.replace_file`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .files import OutputFolder
from .incremental import write_or_link
from .report import ContentError, Report

SETTING = "OUTPUT_FILES"
PELICAN = "Pelican (Seiten und Feeds)"
STATIC = "Pelican (statische Dateien)"


class OutputFiles:
    """The files of one build's output and who wrote each, by path relative to the output."""

    def __init__(self, output: Path | str, previous: Path | None = None) -> None:
        self.output = Path(os.path.normpath(output))
        # The output this build replaces; unchanged files are hard links to it.
        self.previous = previous
        self.written: dict[str, str] = {}  # path → the capability that wrote it
        self.by_pelican: set[str] = set()
        self.static: set[str] = set()  # the addresses of the static files Pelican copies
        self.folder = OutputFolder(self.output)
        self.prefix = os.path.join(str(self.output), "")

    def relative(self, path: Path | str) -> str:
        normal = os.path.normpath(path)
        if normal.startswith(self.prefix) and os.sep == "/":
            return normal[len(self.prefix) :]  # what relpath gives, without its work
        return Path(os.path.relpath(normal, self.output)).as_posix()

    def write(self, relative: str, data: bytes, writer: str) -> Path:
        """``data`` as the file ``relative`` below the output, written by ``writer`` (the
        capability's name); a path outside the output or written before is refused."""
        target = self.folder.file(relative)
        key = self.relative(target)
        first = self.first_writer(key)
        if first is not None:
            raise written_twice(key, first, writer)
        self.written[key] = writer
        write_or_link(target, data, self.previous / key if self.previous else None)
        return target

    def first_writer(self, key: str) -> str | None:
        if key in self.written:
            return self.written[key]
        if key in self.by_pelican:
            return PELICAN
        return STATIC if key in self.static else None

    def record_pelican_file(self, path: Path | str) -> None:
        """A file Pelican's writer wrote: refused if a capability wrote it before or a static
        file is copied there."""
        key = self.relative(path)
        if key.startswith("../"):
            return
        if key in self.written or key in self.static:
            raise written_twice(key, self.first_writer(key), PELICAN)
        self.by_pelican.add(key)

    def record_static_file(self, save_as: str) -> None:
        """A static file Pelican will copy to ``save_as``: refused if a capability wrote there
        before; later writes to it are refused."""
        key = self.relative(self.output / save_as)
        if key.startswith("../"):
            return  # Pelican's own check refuses it; nothing of ours to guard
        first = self.first_writer(key)
        if first is not None:
            raise written_twice(key, first, STATIC)
        self.static.add(key)

    def __getstate__(self) -> dict[str, Any]:
        # A copy in another process (parallel writing, a pickled cache) keeps no record: what
        # it writes is recorded by nobody, never wrongly refused.
        return {
            "output": self.output,
            "previous": self.previous,
            "written": {},
            "by_pelican": set(),
            "static": set(),
            "folder": OutputFolder(self.output),
            "prefix": self.prefix,
        }

    def __repr__(self) -> str:
        return "OutputFiles()"  # the same in every process


def written_twice(key: str, first: str, second: str) -> ContentError:
    report = Report()
    report.error(
        key,
        "",
        f"Diese Datei der Ausgabe würde in einem Build zweimal geschrieben: zuerst von {first}, "
        f"dann von {second}.",
        "Zwei Einstellungen (…_SAVE_AS) oder zwei Inhalte ergeben dieselbe Adresse; geben Sie "
        "einer davon eine andere.",
    )
    return ContentError(report)


def output_files(settings: Mapping[str, Any]) -> OutputFiles:
    """The build's writer; outside a build (a single call) a writer of its own."""
    store = settings.get(SETTING)
    if isinstance(store, OutputFiles):
        return store
    return OutputFiles(settings["OUTPUT_PATH"])


def open_output(pelican: Any) -> None:
    """Signal ``initialized``: a new writer for this build's output."""
    pelican.settings[SETTING] = OutputFiles(pelican.settings["OUTPUT_PATH"])


def record_static_files(generator: Any) -> None:
    """Signal ``static_generator_finalized`` (after the static files are guarded): their
    addresses, before Pelican's static generator — the last one — copies them."""
    store = generator.settings.get(SETTING)
    if isinstance(store, OutputFiles):
        for static in generator.staticfiles:
            store.record_static_file(static.save_as)


def record_pelican_file(path: str, context: Mapping[str, Any] | None = None, **_: Any) -> None:
    """Signals ``content_written`` and ``feed_written``: Pelican's writer wrote ``path``."""
    store = (context or {}).get(SETTING)
    if isinstance(store, OutputFiles):
        store.record_pelican_file(path)
