"""The update of a press release as its template shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.dates import in_berlin, iso, long_date, timestamp_de
from ..core.text import plain_text


@dataclass(frozen=True)
class Update:
    """When a press release was last changed, and what changed (may be empty)."""

    iso: str  # for <time datetime>
    when: str  # „14. Januar 2022, 10:30 Uhr“ or „14. Januar 2022“
    note: str


def shown_moment(moment: dt.datetime) -> str:
    """The time of day only where the editor wrote one (a bare day is read as midnight)."""
    local = in_berlin(moment)
    if (local.hour, local.minute) == (0, 0):
        return long_date(local)
    return timestamp_de(local)


def describe_update(content: Any) -> Update | None:
    modified = getattr(content, "modified", None)
    if modified is None:
        return None
    note = plain_text(str(content.metadata.get("modified-note", "") or "")).strip()
    return Update(iso=iso(modified), when=shown_moment(modified), note=note)


def attach_update(content: Any) -> None:
    """Signal ``content_object_init``: ``.update`` on every press release with ``Modified``."""
    from pelican.contents import Article

    if not isinstance(content, Article):
        return
    update = describe_update(content)
    if update is not None:
        content.update = update
