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

The writer that uses this is :mod:`newsroom.speed.reuse` (it repeats Pelican's internals).
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def replace_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``: a hard link there keeps its old bytes, and
    nobody sees it half written (another process may write the same file at the same time)."""
    folder, name = os.path.split(os.fspath(path))
    unfinished = os.path.join(folder, f".{name}.{os.getpid()}.neu")
    write_copy(unfinished, data)  # one may be left by a stopped build with this process's id
    os.replace(unfinished, path)


def write_new(path: str, data: bytes) -> None:
    """``data`` as a file that did not exist (``O_EXCL``: no link there is followed)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def write_copy(target: str, data: bytes) -> None:
    """``data`` as the file ``target``; something already there is replaced, not written
    through (it may be a link)."""
    try:
        write_new(target, data)
    except FileExistsError:
        os.unlink(target)
        write_new(target, data)


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


def file_identity(path: Path | str) -> str:
    """A file of the output as the file system knows it: device, inode, size and time of the
    last change. Nothing changes a file of the output in place (a rewrite replaces it), and a
    file linked from the previous output or the page cache keeps all four: a step that keeps
    what it learnt of a file by this identity need not read it again in the next build."""
    status = os.stat(path)
    return f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def known_by_identity(
    record: Path | None, scope: str, valid: Callable[[Any], bool]
) -> dict[str, Any]:
    """What a step of the last build kept in ``record`` of each output file by its identity
    (:func:`file_identity`), if it was kept for the same ``scope`` (what else the values
    depend on) and every value is one the step writes (``valid``); else nothing."""
    if record is None:
        return {}
    try:
        stored = json.loads(record.read_bytes())
        files = stored["files"] if stored["scope"] == scope else {}
        if not isinstance(files, dict) or not all(valid(value) for value in files.values()):
            return {}
        return files
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def keep_by_identity(record: Path | None, scope: str, files: Mapping[str, Any]) -> None:
    """Keep what a step learnt of each output file (by identity) for the next build."""
    if record is not None:
        data = json.dumps({"scope": scope, "files": files}, separators=(",", ":"))
        replace_file(record, data.encode("utf-8"))


def regular_files(folder: Path, name_end: str = "") -> list[Path]:
    """Every regular file below ``folder`` whose name ends with ``name_end``, in the order of
    ``sorted(folder.rglob("*"))`` (folder by folder, name by name); symbolic links are neither
    listed nor followed.

    The post-build steps walk the whole output (tens of thousands of files at a large
    archive); ``os.scandir`` knows each entry's type without a ``stat`` of its own, sorting
    plain tuples spares ``Path``'s slow comparisons, and a ``Path`` is made only of a file
    asked for."""
    found: list[tuple[tuple[str, ...], str]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while pending:
        directory, parts = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, (*parts, entry.name)))
                elif entry.name.endswith(name_end) and entry.is_file(follow_symlinks=False):
                    found.append(((*parts, entry.name), entry.path))
    found.sort()
    return [Path(path) for _parts, path in found]
