"""The typography's content check: straight quotes in a title or lead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import markdown

from ..core.report import Report
from ..core.resultcache import ResultCache, kept_problems
from ..core.sources import SourceFile, Sources
from ..core.text import plain_text
from .german_markdown import GermanSmartyExtension, InclusiveFormsExtension


def german_form(text: str) -> str:
    """``text`` as it reads with German quotes („…“, ‚…‘) and apostrophes."""
    extensions = [InclusiveFormsExtension(), GermanSmartyExtension()]
    return plain_text(markdown.Markdown(extensions=extensions).convert(text))


def check_straight_quotes(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """A title or lead with straight quotes "…" gets the German form as a suggestion (each
    file looked at again only when its text changed)."""
    cache = ResultCache.for_build(settings, "anfuehrungszeichen")
    for files in sources.values():
        for source in files:
            report.problems.extend(kept_problems(cache, source, straight_quotes, source.relative))
    cache.save()


def straight_quotes(source: SourceFile, report: Report) -> None:
    for name in ("Title", "Summary"):
        value = source.value(name)
        if '"' in value:
            report.warning(
                source.relative,
                name,
                'enthält gerade Anführungszeichen "…".',
                f"Schreiben Sie: {german_form(value)}",
                source.line_of(name),
            )
