"""Image rights of press photos: the check of credit and licence.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from ..core.capability import Capability, deferred

CAPABILITY = Capability(
    name="imagerights",
    checks=(deferred(f"{__package__}.checks", "check"),),
)
