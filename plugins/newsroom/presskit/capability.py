"""The press kit per release: its settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability

SETTINGS: dict[str, dict[str, Any]] = {
    "PRESSKIT": {
        # File names in the release's folder (…/pressemitteilungen/JJJJ/SLUG/).
        "ZIP_NAME": "pressemappe.zip",
        "TEXT_NAME": "text.txt",
        # The text's file name inside the ZIP.
        "TEXT_IN_ZIP": "pressemitteilung.txt",
    },
}


CAPABILITY = Capability(
    name="presskit",
    settings=SETTINGS,
)
