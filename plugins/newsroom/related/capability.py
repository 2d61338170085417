"""Related releases: their settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability

SETTINGS: dict[str, dict[str, Any]] = {
    "RELATED": {"COUNT": 3},
}


CAPABILITY = Capability(
    name="related",
    settings=SETTINGS,
)
