"""Press photos: settings and the photos' check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "IMAGES": {
        # Press photos: widths of the responsive variants (never wider than the original).
        "WIDTHS": [480, 800, 1200, 1600],
        # How wide the photo is shown, for the browser's choice among the variants.
        "SIZES": "(min-width: 50rem) 46rem, 100vw",
        "JPEG_QUALITY": 82,
        "WEBP_QUALITY": 80,
    },
}


CAPABILITY = Capability(
    name="photos",
    settings=SETTINGS,
    checks=(deferred(f"{__package__}.images", "check_images"),),
)
