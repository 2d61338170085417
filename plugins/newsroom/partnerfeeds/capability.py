"""Feeds per partner organisation: their settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability

SETTINGS: dict[str, dict[str, Any]] = {
    "PARTNERFEEDS": {
        # Off unless set, like Pelican's own feeds: publishconf.py switches them on.
        "ATOM_SAVE_AS": None,  # e.g. "feeds/organisationen/{id}.atom.xml"
        "RSS_SAVE_AS": None,
    },
}


CAPABILITY = Capability(
    name="partnerfeeds",
    settings=SETTINGS,
    requires=("contacts",),  # the organisations and who works there come from its registry
)
