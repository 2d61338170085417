"""The site's content checks, in one pass over the sources (``make check`` and every build)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import schema
from .validation import (
    DATE_HINT,
    SLUG_RE,
    Report,
    SourceFile,
    did_you_mean,
    markdown_files,
    parse_date,
    read_source,
    shown_path,
)


def content_kind(relative: Path, settings: Mapping[str, Any]) -> str | None:
    """Which content type a source below PATH is, by the folder it lives in."""
    top = relative.parts[0] if len(relative.parts) > 1 else ""
    if top in settings.get("ARTICLE_PATHS", []):
        return schema.PRESS_RELEASE
    if top in settings.get("PAGE_PATHS", []):
        return schema.PAGE
    if top == settings.get("EVENTS_PATH", "veranstaltungen"):
        return schema.EVENT
    return None


Sources = dict[str, list[SourceFile]]  # content type (schema.PRESS_RELEASE …) -> its files


def read_sources(settings: Mapping[str, Any], report: Report) -> Sources:
    """Every press release and page source, read and grouped by content type."""
    root = Path(settings["PATH"])
    sources: dict[str, list[SourceFile]] = {kind: [] for kind in schema.FIELDS}
    for path in markdown_files(root):
        kind = content_kind(path.relative_to(root), settings)
        if kind is None:
            continue
        source = read_source(path, shown_path(path, settings), report)
        if source is not None:
            sources[kind].append(source)
    return sources


def check_fields(source: SourceFile, kind: str, report: Report) -> None:
    """Known keys, required keys, and the formats every content type shares."""
    known = schema.field_names(kind)
    known_lower = {name.lower() for name in known}
    for key, entry in source.fields.items():
        if key not in known_lower:
            report.error(
                source.relative,
                entry.name,
                f"„{entry.name}:“ ist kein bekanntes Feld für eine {kind}.",
                did_you_mean(entry.name, known, "{}:")
                or "Bekannte Felder: " + ", ".join(known) + ".",
                entry.line,
            )
    for name in schema.required_fields(kind):
        if not source.value(name):
            spec = next(s for s in schema.FIELDS[kind] if s.name == name)
            report.error(
                source.relative,
                name,
                "fehlt oder ist leer.",
                f"Ergänzen Sie im Kopf der Datei z. B. „{name}: {spec.example}“.",
                source.line_of(name) or 1,
            )
    for name in ("Date", "Modified", "Start", "End"):
        value = source.value(name)
        if value and parse_date(value) is None:
            report.error(
                source.relative,
                name,
                f"„{value}“ ist kein gültiges Datum.",
                DATE_HINT,
                source.line_of(name),
            )
    slug = source.value("Slug")
    if slug and not SLUG_RE.match(slug):
        report.error(
            source.relative,
            "Slug",
            f"„{slug}“ ist als Adresse nicht geeignet.",
            "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, Umlaute umschreiben "
            "(ä → ae, ß → ss), z. B. „mobilitaet-in-norderstedt“.",
            source.line_of("Slug"),
        )


# Each capability's own checks: ``check(settings, sources, report)``, run after the shared ones.
CAPABILITY_CHECKS: tuple[Callable[[Mapping[str, Any], Sources, Report], None], ...] = ()


def check_site(settings: Mapping[str, Any]) -> Report:
    """Check all content of the site and return every problem found."""
    report = Report()
    sources = read_sources(settings, report)
    for kind, files in sources.items():
        for source in files:
            check_fields(source, kind, report)
    for capability_check in CAPABILITY_CHECKS:
        capability_check(settings, sources, report)
    return report
