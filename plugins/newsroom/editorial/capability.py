"""Editorial control: its settings and the operator data's check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "OPERATOR": {
        # The operator data of Impressum, Datenschutz and Barrierefreiheit, below PATH.
        "PATH": "daten/betreiber.yaml",
        # True in production: an empty required entry stops the build (publishconf.py).
        "REQUIRE_COMPLETE": False,
    },
    "PAGES": {
        # Folder of a page below PATH -> its URL pattern and the template it is shown with.
        "SECTIONS": {
            "projekte": {"url": "projekte/{slug}/", "template": "project"},
            "seiten": {"url": "{slug}/", "template": "page"},
        },
    },
}


CAPABILITY = Capability(
    name="editorial",
    settings=SETTINGS,
    checks=(deferred(f"{__package__}.operator", "check_operator"),),
)
