"""Writes ``/admin/``: the page (its own Content-Security-Policy, noindex), ``config.yml``
generated from the site's data, Decap's vendored bundle and the newsroom's scripts.

Nothing is written while ``CMS_BACKEND`` is empty. The page carries ``noindex`` and no canonical
address, so the sitemap leaves it out; it has no ``data-pagefind-body``, so the search does too;
feeds list articles only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..contacts.registry import load_registry
from ..core.output import output_files
from ..core.report import ContentError, Report
from ..core.sources import read_sources
from ..delivery.security import policy_text
from .config import (
    choices_of,
    cms_config,
    cms_settings,
    config_yaml,
    format_description,
    git_host,
    settings_problem,
    topics_of,
)

STATIC = Path(__file__).resolve().parent / "static"


def admin_policy(config: Mapping[str, Any]) -> str:
    """The admin page's own policy: the site, the one Git host, nothing else.

    Decap needs more than the site's pages: inline styles (its components are styled from
    JavaScript), ``'unsafe-eval'`` (its configuration check compiles validators at run time),
    ``blob:`` for uploads, which it shows and reads back before they are saved.
    """
    host = git_host(config)
    return policy_text(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:", host],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'", "blob:", host],
            "media-src": ["'self'", "blob:"],
            "worker-src": ["'self'", "blob:"],
            "frame-src": ["'self'", "blob:"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'", host],
        }
    )


def static_files() -> list[Path]:
    return sorted(path for path in STATIC.rglob("*") if path.is_file())


class CmsGenerator(Generator):
    """Runs after the other generators have read the content; writes only when enabled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = cms_settings(self.settings)

    def generate_context(self) -> None:
        preview_allowed = bool(self.settings.get("EMBARGO_PREVIEW_ALLOWED", True))
        problem = settings_problem(self.config, preview_allowed)
        if problem:
            report = Report()
            report.error("pelicanconf.py", "CMS_BACKEND", problem)
            raise ContentError(report)

    def generate_output(self, writer: Any) -> None:
        if not self.config["backend"]:
            return
        report = Report()
        registry = self.context.get("contact_registry") or load_registry(self.settings, report)
        if registry is None or report.errors:
            raise ContentError(report)
        choices = choices_of(registry, topics_of(read_sources(self.settings, Report())))
        generated = cms_config(self.config, self.settings, choices)
        files, folder = output_files(self.settings), self.config["save_as"]
        files.write(f"{folder}/config.yml", config_yaml(generated).encode("utf-8"), "cms")
        for path in static_files():
            relative = path.relative_to(STATIC).as_posix()
            files.write(f"{folder}/{relative}", path.read_bytes(), "cms")
        writer.write_file(
            f"{self.config['save_as']}/index.html",
            self.get_template(self.config["template"]),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            cms_policy=admin_policy(self.config),
            cms_format=format_description(generated),
        )


def get_generators(pelican: Any) -> type[CmsGenerator]:
    """Signal ``get_generators``: the CMS's generator joins Pelican's own."""
    return CmsGenerator
