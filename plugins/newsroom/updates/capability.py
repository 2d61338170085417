"""Visible updates of press releases: the check of Modified and Modified-Note.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from ..core.capability import Capability, deferred

CAPABILITY = Capability(
    name="updates",
    checks=(deferred(f"{__package__}.checks", "check"),),
)
