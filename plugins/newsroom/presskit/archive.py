"""The press kit as ZIP: the same bytes for the same release in every build (entries sorted,
timestamps from the release's date, fixed permissions, fixed compression)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

# ZIP stores local time without a zone, from 1980 on; the release's date in Norderstedt.
ZIP_EPOCH = dt.datetime(1980, 1, 1)
FILE_MODE = 0o100644  # a regular file, readable by all
UNIX = 3  # the "made by" system: permissions are read as Unix modes
ALREADY_COMPRESSED = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf", ".zip")


def zip_timestamp(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    local = max(moment.replace(tzinfo=None), ZIP_EPOCH)
    # ZIP counts seconds in steps of two.
    return (
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second - local.second % 2,
    )


def zip_bytes(entries: Iterable[tuple[str, bytes]], moment: dt.datetime) -> bytes:
    """A ZIP of (name, bytes) entries, sorted by name; every entry stamped with ``moment``."""
    buffer = io.BytesIO()
    stamp = zip_timestamp(moment)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            if name.lower().endswith(ALREADY_COMPRESSED):
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
