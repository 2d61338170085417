"""A warm build reuses the pages of the output it replaces.

Every build renders into a fresh staging folder (swapped in only on success). Creating thousands
of new files there costs more than rendering the pages; most of them come out exactly as in the
output they replace. So each page, feed and list Pelican writes is compared, byte for byte,
with the file at the same place in the previous output, and where both are equal the staging
folder gets a hard link to that file instead of a new one. The result is the same bytes as a
cold build, whatever changed: nothing is assumed about what an edit touches.

A linked file shares its inode with the live output, so no step may change a file of the staging
folder in place: every later rewrite replaces the file (:func:`replace_file`), and a file
written twice is unlinked first.

Setting ``SPEED_REUSE_OUTPUT``: the output folder this build will replace (``python -m newsroom
build`` sets it); None: every file is written anew.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .settings import capability_settings


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``: a hard link there keeps its old bytes."""
    unfinished = path.with_name(f".{path.name}.{os.getpid()}.neu")
    unfinished.write_bytes(data)
    os.replace(unfinished, path)


def same_file(previous: Path, data: bytes) -> bool:
    try:
        status = os.stat(previous, follow_symlinks=False)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        return previous.read_bytes() == data
    except OSError:
        return False


def write_or_link(path: Path, data: bytes, previous: Path | None) -> None:
    """``data`` at ``path``: a hard link to ``previous`` if it holds the same bytes."""
    if os.path.lexists(path):
        path.unlink()  # never write through a link into the previous output
    if previous is not None and same_file(previous, data):
        try:
            os.link(previous, path)
            return
        except OSError:  # another file system, or no hard links there
            pass
    path.write_bytes(data)


class PendingFile(io.StringIO):
    """What Pelican writes into one file, kept until it is closed, then written or linked."""

    def __init__(self, path: Path, encoding: str, previous: Path | None) -> None:
        super().__init__()
        self._target = (path, encoding, previous)

    def close(self) -> None:
        if not self.closed:
            path, encoding, previous = self._target
            data = self.getvalue().encode(encoding)
            super().close()
            write_or_link(path, data, previous)


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
