"""What a build publishes: drafts never, an embargoed press release from its moment on.

The rule the content check and the editorial plugin share (which withholds the items and
marks them in the preview). The preview (``EMBARGO_PREVIEW``) shows both; production settings
forbid it with ``EMBARGO_PREVIEW_ALLOWED = False``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .dates import build_time, in_berlin
from .settings import capability_settings

DRAFT = "draft"
EMBARGO = "embargo"


def preview_requested(settings: Mapping[str, Any]) -> bool:
    return bool(capability_settings(settings, "EMBARGO")["preview"])


def preview_allowed(settings: Mapping[str, Any]) -> bool:
    return bool(capability_settings(settings, "EMBARGO")["preview_allowed"])


def preview_on(settings: Mapping[str, Any]) -> bool:
    """True when drafts and embargoed items are shown; never with production settings."""
    return preview_requested(settings) and preview_allowed(settings)


def withheld_reason(
    status: str | None,
    date: dt.datetime | None,
    settings: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> str | None:
    """Why an item is not published at the build time (DRAFT, EMBARGO), or None. ``now``:
    the build time, when the caller has it already (it is the same for every item)."""
    if (status or "").strip().lower() == DRAFT:
        return DRAFT
    if date is not None and in_berlin(date) > (now or build_time(settings)):
        return EMBARGO
    return None
