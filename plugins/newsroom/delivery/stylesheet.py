"""One stylesheet per page: the vendored KERN subset, the site's layout, every component's
CSS and the print rules, joined in a fixed order into one file at build time (no @import).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..core.output import output_files
from ..core.settings import capability_settings

logger = logging.getLogger(__name__)


def stylesheet_parts(theme: Path, patterns: list[str]) -> list[Path]:
    """The files the stylesheet is made of, in order; a pattern's matches sorted by name."""
    static = theme / "static"
    parts: list[Path] = []
    for pattern in patterns:
        for path in sorted(static.glob(pattern)):
            if path.is_file() and path not in parts:
                parts.append(path)
    return parts


def joined_stylesheet(parts: list[Path], static: Path, report: bool = True) -> str:
    sections = ['@charset "UTF-8";']
    for path in parts:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff").strip()
        if report and "@import" in text:
            logger.error(
                "%s: @import ist im Theme nicht erlaubt; die Datei wird ohnehin eingebunden.",
                path.relative_to(static.parent.parent),
            )
        sections.append(f"/* {path.relative_to(static)} */\n{text}")
    return "\n".join(sections) + "\n"


def stylesheet_file(settings: Any) -> tuple[str, str]:
    """Where the stylesheet goes below OUTPUT_PATH and its text, without reporting problems
    (the generator reports them when it writes the file)."""
    options = capability_settings(settings, "STYLESHEET")
    theme = Path(settings["THEME"])
    parts = stylesheet_parts(theme, options["parts"])
    return options["save_as"], joined_stylesheet(parts, theme / "static", report=False)


class StylesheetGenerator(Generator):
    """Writes the site's one stylesheet (``STYLESHEET_SAVE_AS``) into the output."""

    # Every page loads it: the live preview writes it before the other generators' files.
    WRITES_SHARED_ASSETS = True

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        options = capability_settings(self.settings, "STYLESHEET")
        theme = Path(self.settings["THEME"])
        parts = stylesheet_parts(theme, options["parts"])
        text = joined_stylesheet(parts, theme / "static")
        output_files(self.settings).write(options["save_as"], text.encode("utf-8"), "delivery")


def get_generators(pelican: Any) -> type[StylesheetGenerator]:
    """Signal ``get_generators``: the stylesheet is written like any other output."""
    return StylesheetGenerator
