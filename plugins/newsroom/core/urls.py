"""Site addresses as readers, feeds, calendars and machines use them.

Pelican's URLs (``pressemitteilungen/``) are relative to SITEURL; every place that needs the
full address joins them here, so that one rule holds everywhere: SITEURL without its trailing
slash, one slash, the path without its leading slash. Without a SITEURL (development builds)
the result is root-relative (``/pressemitteilungen/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def absolute_url(settings_or_siteurl: Mapping[str, Any] | str | None, path: str) -> str:
    """``path`` below the site's address; takes the settings (their SITEURL) or an address."""
    if isinstance(settings_or_siteurl, Mapping):
        siteurl = settings_or_siteurl.get("SITEURL")
    else:
        siteurl = settings_or_siteurl
    return f"{str(siteurl or '').rstrip('/')}/{path.lstrip('/')}"
