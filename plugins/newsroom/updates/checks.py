"""``Modified`` and ``Modified-Note``: the note needs a time, the time is not before ``Date``,
the note is one short line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core import schema
from ..core.dates import berlin_moment, parse_date, timestamp_de
from ..core.report import Report
from ..core.resultcache import ResultCache, kept_problems
from ..core.sources import SourceFile

NOTE = "Modified-Note"
NOTE_MAX_CHARS = 200


def moment_of(source: SourceFile, name: str):
    parsed = parse_date(source.value(name))
    return berlin_moment(parsed) if parsed is not None else None


def check_update(source: SourceFile, report: Report) -> None:
    note = source.value(NOTE)
    modified = source.value("Modified")
    if note and not modified:
        report.error(
            source.relative,
            NOTE,
            "steht ohne den Zeitpunkt der Änderung.",
            "Ergänzen Sie darüber „Modified: JJJJ-MM-TT HH:MM“ (wann geändert wurde) oder "
            f"löschen Sie die Zeile „{NOTE}:“.",
            source.line_of(NOTE),
        )
    if len(note) > NOTE_MAX_CHARS:
        report.error(
            source.relative,
            NOTE,
            f"Der Hinweis ist {len(note)} Zeichen lang, erlaubt sind höchstens {NOTE_MAX_CHARS}.",
            "Sagen Sie in einem Satz, was geändert wurde, z. B. „Uhrzeit der Eröffnung "
            "korrigiert“; Einzelheiten gehören in den Text.",
            source.line_of(NOTE),
        )
    published, changed = moment_of(source, "Date"), moment_of(source, "Modified")
    if published is not None and changed is not None and changed < published:
        report.error(
            source.relative,
            "Modified",
            f"Die Änderung ({timestamp_de(changed)}) liegt vor der Veröffentlichung "
            f"({timestamp_de(published)}).",
            "Schreiben Sie in „Modified“ den Zeitpunkt der Änderung, nach „Date“.",
            source.line_of("Modified"),
        )


def check(settings: Mapping[str, Any], sources: Mapping[str, list], report: Report) -> None:
    """Each press release, looked at again only when its text changed."""
    cache = ResultCache.for_build(settings, "aenderungen")
    for source in sources.get(schema.PRESS_RELEASE, []):
        report.problems.extend(kept_problems(cache, source, check_update, source.relative))
    cache.save()
