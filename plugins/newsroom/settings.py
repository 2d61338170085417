"""Settings of the plugin's capabilities, one prefix each, with defaults.

Defaults are merged into a new dict; the user's settings are never written to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULTS: dict[str, dict[str, Any]] = {
    "BUILD": {
        # A fixed build time (ISO 8601 or a datetime) for tests; else SOURCE_DATE_EPOCH, else now.
        "TIME": None,
    },
    "PAGES": {
        # Folder of a page below PATH -> its URL pattern and the template it is shown with.
        "SECTIONS": {
            "projekte": {"url": "projekte/{slug}/", "template": "project"},
            "seiten": {"url": "{slug}/", "template": "page"},
        },
    },
    "TYPOGRAPHY": {
        "GERMAN_QUOTES": True,
    },
}


def capability_settings(settings: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The settings of one capability, without prefix, lower-case, over its defaults.

    ``capability_settings(settings, "CONTACTS")["path"]`` reads ``CONTACTS_PATH``.
    """
    merged = {key.lower(): value for key, value in DEFAULTS.get(prefix, {}).items()}
    start = prefix + "_"
    for key, value in settings.items():
        if key.startswith(start):
            merged[key[len(start) :].lower()] = value
    return merged
