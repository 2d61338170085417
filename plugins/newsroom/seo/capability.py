"""Search engines and sharing: the settings of page meta, structured data and sitemap.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, PostBuildStep, deferred

SETTINGS: dict[str, dict[str, Any]] = {
    "PAGE_META": {
        # Breadcrumb names of the list pages above content pages (URL -> name).
        "HOME_NAME": "Startseite",
        "SECTION_NAMES": {
            "pressemitteilungen/": "Pressemitteilungen",
            "projekte/": "Projekte",
            "themen/": "Themen",
            "veranstaltungen/": "Veranstaltungen",
            "veranstaltungen/archiv/": "Archiv",
            "pressekontakte/": "Pressekontakte",
            "suche/": "Suche",
        },
        # Pages without an address of their own: no canonical link, not in the sitemap.
        "WITHOUT_ADDRESS": ["404.html"],
        # Link preview of pages without a press photo (below the output; None: none).
        "DEFAULT_IMAGE": "theme/images/vorschau.png",
        "DEFAULT_IMAGE_ALT": "NorderstedtGO! – Newsroom der Smart City Norderstedt",
        "DEFAULT_IMAGE_SIZE": (1200, 630),
    },
    "STRUCTURED_DATA": {
        # The publisher in schema.org data; None: AUTHOR.
        "ORGANIZATION_NAME": None,
        # Its logo, below the output (e.g. "theme/images/logo.png"); None: no logo.
        "ORGANIZATION_LOGO": None,
        # The bodies behind it: [{"name": …, "url": …}, …].
        "ORGANIZATION_MEMBERS": [],
    },
    "SITEMAP": {
        "ENABLED": True,
        "SAVE_AS": "sitemap.xml",
        "ROBOTS_SAVE_AS": "robots.txt",
    },
}


CAPABILITY = Capability(
    name="seo",
    settings=SETTINGS,
    post_build=(PostBuildStep(10, "sitemap", deferred(f"{__package__}.sitemap", "write_sitemap")),),
)
