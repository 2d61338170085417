"""German typography: its settings and its content check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "TYPOGRAPHY": {
        "GERMAN_QUOTES": True,
    },
}


CAPABILITY = Capability(
    name="typography",
    settings=SETTINGS,
    checks=(deferred(f"{__package__}.checks", "check_straight_quotes"),),
)
