"""German typography: its settings and its content check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`); the checks import
their modules only when they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability

SETTINGS: dict[str, dict[str, Any]] = {
    "TYPOGRAPHY": {
        "GERMAN_QUOTES": True,
    },
}


def check_straight_quotes(settings: Mapping[str, Any], sources: Any, report: Any) -> None:
    from .checks import check_straight_quotes as run

    run(settings, sources, report)


CAPABILITY = Capability(
    name="typography",
    settings=SETTINGS,
    checks=(check_straight_quotes,),
)
