"""Press photos: settings and the photos' check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`); the checks import
their modules only when they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability

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


def check_images(settings: Mapping[str, Any], sources: Any, report: Any) -> None:
    from .images import check_images as run

    run(settings, sources, report)


CAPABILITY = Capability(
    name="photos",
    settings=SETTINGS,
    checks=(check_images,),
)
