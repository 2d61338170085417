"""Editorial control: its settings and the operator data's check.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`); the checks import
their modules only when they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability

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


def check_operator(settings: Mapping[str, Any], sources: Any, report: Any) -> None:
    from .operator import check_operator as run

    run(settings, sources, report)


CAPABILITY = Capability(
    name="editorial",
    settings=SETTINGS,
    checks=(check_operator,),
)
