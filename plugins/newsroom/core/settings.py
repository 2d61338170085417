"""Settings with a prefix per capability (CONTACTS_*, EVENTS_*), over their defaults.

The core's own prefixes and defaults are here; each capability declares its own in its
``capability`` module (:mod:`.capability`), found through PLUGINS. Defaults are merged into a
new dict; the user's settings are never written to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .capability import capabilities

DEFAULTS: dict[str, dict[str, Any]] = {
    "BUILD": {
        # A fixed build time (ISO 8601 or a datetime) for tests; else SOURCE_DATE_EPOCH, else now.
        "TIME": None,
    },
    "CHECKS": {
        # A Summary (the lead) longer than this many characters is an error.
        "SUMMARY_MAX_CHARS": 500,
    },
    "FILES": {
        # The only file types published from the static folders (STATIC_PATHS, bilder/):
        # pictures and PDF; never script, markup or data (.js, .html, .svg, .yaml …).
        "STATIC_EXTENSIONS": [".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf"],
        # Below PATH: data the plugin reads (contact registry, operator), never published.
        "DATA_FOLDER": "daten",
    },
    "LIMITS": {
        # A Markdown or YAML file; a press release of 20 pages is about 100 kB.
        "TEXT_BYTES": 1_000_000,
        # A photo or PDF in a static folder.
        "STATIC_BYTES": 25_000_000,
        # Pixels of one image (width × height), read from its header before decoding.
        "IMAGE_PIXELS": 40_000_000,
        # Lists and quotes inside each other, counted per line of a body.
        "NESTING_DEPTH": 12,
        # One whole build (`python -m newsroom build`), in seconds.
        "BUILD_SECONDS": 1800,
    },
    "EMBARGO": {
        # Show drafts and embargoed press releases, each with a notice (`make preview`).
        "PREVIEW": False,
        # Production settings set this to False: a preview can never be published.
        "PREVIEW_ALLOWED": True,
    },
}


def prefix_defaults(settings: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every known prefix -> its defaults: the core's and those of the listed capabilities."""
    known: dict[str, Mapping[str, Any]] = dict(DEFAULTS)
    for capability in capabilities(settings):
        known.update(capability.settings)
    return known


def capability_settings(settings: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The settings of one capability, without prefix, lower-case, over its defaults.

    ``capability_settings(settings, "CONTACTS")["path"]`` reads ``CONTACTS_PATH``. A prefix of
    a capability that is not in PLUGINS has no defaults: only what the settings say.
    """
    defaults = DEFAULTS.get(prefix)
    if defaults is None:
        defaults = prefix_defaults(settings).get(prefix, {})
    merged = {key.lower(): value for key, value in defaults.items()}
    start = prefix + "_"
    for key, value in settings.items():
        if key.startswith(start):
            merged[key[len(start) :].lower()] = value
    return merged


def unknown_settings(settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """Settings with a known prefix that no one reads (a typo, an old name) -> the known keys
    of that prefix. Keys the build derives itself (``derived``) count as known."""
    known = prefix_defaults(settings)
    derived = {name for capability in capabilities(settings) for name in capability.derived}
    # The longest prefix first: PAGE_META_TITLE belongs to PAGE_META, not to a prefix PAGE.
    prefixes = sorted(known, key=len, reverse=True)
    unknown: dict[str, list[str]] = {}
    for key in settings:
        prefix = next((p for p in prefixes if key.startswith(p + "_")), None)
        if prefix is None or key in derived or key[len(prefix) + 1 :] in known[prefix]:
            continue
        unknown[key] = [f"{prefix}_{name}" for name in known[prefix]]
    return unknown


def fixed_addresses(prefix: str, what: str) -> Callable[[Mapping[str, Any]], dict[str, str]]:
    """A capability's ``reserved_addresses``: its ``*_SAVE_AS`` settings without a ``{slug}``
    (the pages it writes itself), each named ``what`` in the check's message."""

    def reserved(settings: Mapping[str, Any]) -> dict[str, str]:
        return {
            value: what
            for key, value in capability_settings(settings, prefix).items()
            if key.endswith("save_as") and isinstance(value, str) and value and "{" not in value
        }

    return reserved
