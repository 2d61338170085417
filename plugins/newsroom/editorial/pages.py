"""Pages by folder: project pages under /projekte/SLUG/, legal and service pages at /SLUG/."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from pelican.contents import Page

from ..core.settings import capability_settings


def place_page(content: Any) -> None:
    """Give a page the URL and template of the folder it lives in (``PAGES_SECTIONS``)."""
    if not isinstance(content, Page):
        return
    relative = PurePosixPath(content.get_relative_source_path())
    sections = capability_settings(content.settings, "PAGES")["sections"]
    section = sections.get(relative.parts[0]) if len(relative.parts) > 1 else None
    if section is None:
        return
    content.section = relative.parts[0]
    content.project_status = content.metadata.get("project-status", "")
    content.order = int(content.metadata.get("order", 999))
    if "url" not in content.metadata:
        url = section["url"].format(slug=content.slug)
        content.override_url = url
        content.override_save_as = url + "index.html"
    if "template" not in content.metadata:
        content.template = section["template"]
