"""Every press photo names its author (``Image-Credit``) and its terms of use
(``Image-License``); a licence address is a web address, a usage note is short."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core import schema
from ..core.report import Report
from ..core.resultcache import ResultCache, kept_problems
from ..core.sources import SourceFile
from .licence import licence_problem

FIELD = "Image-License"


def check(settings: Mapping[str, Any], sources: Mapping[str, list], report: Report) -> None:
    """Each press release with a photo, looked at again only when its text changed."""
    cache = ResultCache.for_build(settings, "bildrechte")
    for source in sources.get(schema.PRESS_RELEASE, []):
        if source.value("Image"):  # a licence without a photo is reported with the photo fields
            report.problems.extend(kept_problems(cache, source, check_licence, source.relative))
    cache.save()


def check_licence(source: SourceFile, report: Report) -> None:
    value = source.value(FIELD)
    if not value:
        report.error(
            source.relative,
            FIELD,
            "fehlt: ein Pressefoto braucht eine Lizenz oder Nutzungsbedingung.",
            "Ergänzen Sie unter „Image:“ z. B. „Image-License: "
            "https://creativecommons.org/licenses/by/4.0/“ oder „Image-License: honorarfrei "
            "für die Berichterstattung über NorderstedtGO!“ – so, wie es mit der "
            "Fotografin oder dem Fotografen vereinbart ist.",
            source.line_of("Image"),
        )
        return
    problem = licence_problem(value)
    if problem is not None:
        report.error(source.relative, FIELD, problem[0], problem[1], source.line_of(FIELD))
