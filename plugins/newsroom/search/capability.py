"""The site search: its settings.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, PostBuildStep, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "SEARCH": {
        "ENABLED": True,
        # Pagefind's index and UI files, below OUTPUT_PATH.
        "BUNDLE_DIR": "pagefind",
        # Parts of data-pagefind-body that are not indexed: text for screen readers only
        # („– alle Meldungen zum Thema“), the page's own address, download links.
        "EXCLUDE_SELECTORS": [
            ".kern-sr-only",
            ".press-release__address",
            ".press-photo__download",
            ".press-kit",
            ".related",
            ".quick-contact",
            ".contact-block__vcard",
        ],
        # The content type filter of pages, by their folder below PATH.
        "PAGE_TYPES": {"projekte": "Projekt", "seiten": "Seite"},
    },
}


CAPABILITY = Capability(
    name="search",
    settings=SETTINGS,
    post_build=(
        # One index per year of press releases, in a stable order, reused when unchanged.
        PostBuildStep(20, "search index", deferred(f"{__package__}.index", "index_output")),
    ),
)
