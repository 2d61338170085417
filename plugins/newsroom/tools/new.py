"""Scaffolds: ``python -m newsroom new press-release|event|page --title "…"`` (``make new-…``).

Writes a correctly named file with every metadata field schema.py knows: the ones the editor
must fill in the head of the file, the optional ones with an example in a comment below the
text. Where the editor still has to write, the file says „Bitte ausfüllen“; the content check
refuses to publish that. Press releases and pages start as drafts. An existing file is never
overwritten.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.dates import BERLIN, date_problem, parse_date
from ..core.report import Report, shown_path
from ..core.settings import capability_settings
from ..core.sources import PLACEHOLDER, SCAFFOLD_COMMENT, read_sources
from ..core.text import slugify_de

MAKE_TARGETS = {"press-release": "new-press-release", "event": "new-event", "page": "new-page"}
DEFAULT_PAGE_SECTION = "projekte"
DATELINE = "Norderstedt"

BODY_HINTS = {
    schema.PRESS_RELEASE: "der Text der Pressemitteilung. Absätze trennen Sie durch eine "
    "Leerzeile, Zitate setzen Sie in „deutsche Anführungszeichen“.",
    schema.EVENT: "die Beschreibung der Veranstaltung: Programm, Gäste, Ablauf.",
    schema.PAGE: "der Text der Seite. Zwischenüberschriften beginnen mit „## “.",
}


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def head_values(kind: str, title: str, slug: str, when: dt.datetime, timed: bool) -> dict:
    """The fields written into the head, filled in; the rest of schema.py goes to the comment."""
    day = when.strftime("%Y-%m-%d %H:%M" if timed else "%Y-%m-%d")
    if kind == schema.PRESS_RELEASE:
        return {
            "Title": title,
            "Date": day,
            "Slug": slug,
            "Location": DATELINE,
            "Summary": placeholder("der Vorspann in ein bis drei Sätzen."),
            "Status": "draft",
        }
    if kind == schema.EVENT:
        return {
            "Title": title,
            "Slug": slug,
            "Start": day,
            "Location": placeholder("Adresse oder „online“."),
            "Organizer": placeholder("IDs der Veranstalter aus content/daten/kontakte.yaml."),
            "Summary": placeholder("worum es geht, in ein bis drei Sätzen."),
        }
    return {
        "Title": title,
        "Slug": slug,
        "Summary": placeholder("worum es auf der Seite geht, in ein bis drei Sätzen."),
        "Status": "draft",
    }


def scaffold_text(
    kind: str,
    title: str,
    slug: str,
    when: dt.datetime,
    timed: bool,
    examples: Mapping[str, str] | None = None,
) -> str:
    """The new file: head in schema order, a body to replace, the optional fields explained.

    ``examples`` replace schema.py's examples where the site has a real value to offer.
    """
    values = head_values(kind, title, slug, when, timed)
    examples = dict(examples or {})
    specs = schema.FIELDS[kind]
    head = [f"{spec.name}: {values[spec.name]}" for spec in specs if spec.name in values]
    optional = [spec for spec in specs if spec.name not in values]
    lines = [*head, "", placeholder(BODY_HINTS[kind]), ""]
    if optional:
        lines += [
            "<!--",
            f"{SCAFFOLD_COMMENT} (vor die erste Leerzeile),",
            "dann diesen Kommentar löschen. Alle Felder erklärt docs/REDAKTION.md.",
            "",
        ]
        for spec in optional:
            example = examples.get(spec.name, spec.example)
            lines += [f"{spec.form}:", f"{spec.name}: {example}", ""]
        if kind in (schema.PRESS_RELEASE, schema.PAGE):
            lines += [
                "Entwurf: Solange oben „Status: draft“ steht, wird nichts veröffentlicht.",
                "Ist der Text fertig, löschen Sie diese Zeile oben.",
            ]
        if kind == schema.PRESS_RELEASE:
            lines += [
                "Sperrfrist: Steht oben ein Datum in der Zukunft (mit Uhrzeit, z. B.",
                "„2026-12-01 10:00“), erscheint die Mitteilung erst ab diesem Zeitpunkt.",
            ]
        lines += ["-->", ""]
    return "\n".join(lines)


def target_path(
    settings: Mapping[str, Any], kind: str, slug: str, when: dt.datetime, section: str | None
) -> Path | str:
    """Where the new file goes, or a German message why it cannot."""
    root = Path(settings["PATH"])
    day = when.strftime("%Y-%m-%d")
    if kind == schema.PRESS_RELEASE:
        folder = root / settings["ARTICLE_PATHS"][0] / when.strftime("%Y")
        return folder / f"{day}-{slug}.md"
    if kind == schema.EVENT:
        return root / capability_settings(settings, "EVENTS")["path"] / f"{day}-{slug}.md"
    sections = list(settings.get("PAGE_PATHS", []))
    section = section or DEFAULT_PAGE_SECTION
    if section not in sections:
        return (
            f"Fehler: Feld „BEREICH“: „{section}“ ist kein Ordner für Seiten. "
            f"Möglich: {', '.join(sections)}."
        )
    return root / section / f"{slug}.md"


def site_examples(settings: Mapping[str, Any], kind: str) -> dict[str, str]:
    """Examples from the site itself: ``Events:`` names its latest event, so a line copied
    from the comment is right; without any event it is a placeholder the check points out."""
    if kind != schema.PRESS_RELEASE:
        return {}
    events = read_sources(settings, Report()).get(schema.EVENT, [])
    dated = sorted((e.value("Start"), e.value("Slug")) for e in events if e.value("Slug"))
    if dated:
        return {"Events": dated[-1][1]}
    return {"Events": placeholder("Slug einer Veranstaltung (anlegen mit make new-event)")}


def slug_taken(settings: Mapping[str, Any], kind: str, slug: str) -> str | None:
    """The file that already uses this slug for the same content type, if one does."""
    for source in read_sources(settings, Report()).get(kind, []):
        if source.value("Slug") == slug:
            return source.relative
    return None


def create(
    settings: Mapping[str, Any],
    kind_name: str,
    title: str,
    date: str | None,
    section: str | None = None,
) -> int:
    """Write the scaffold; print where it is and what comes next. Exit status for the CLI."""
    kind = schema.COMMAND_NAMES[kind_name]
    target = MAKE_TARGETS[kind_name]
    title = " ".join(title.split())
    if not title:
        return fail(
            f'Fehler: Feld „TITLE“: Der Titel fehlt. Beispiel: make {target} TITLE="Neue '
            'Ladesäulen in Norderstedt"'
        )
    if date:
        parsed = parse_date(date)
        if parsed is None:
            message, hint = date_problem(date)
            return fail(f"Fehler: Feld „DATE“: {message} {hint}")
        when, timed = parsed, len(date.strip()) > len("JJJJ-MM-TT")
    else:
        when, timed = dt.datetime.now(tz=BERLIN).replace(tzinfo=None), False
    slug = slugify_de(title)
    if not slug:
        return fail(
            f"Fehler: Feld „TITLE“: Aus „{title}“ lässt sich keine Adresse bilden. "
            "Der Titel braucht Buchstaben oder Ziffern."
        )
    path = target_path(settings, kind, slug, when, section)
    if isinstance(path, str):
        return fail(path)
    shown = shown_path(path, settings)
    if path.exists():
        return fail(
            f"Fehler: {shown}: Die Datei gibt es schon; sie wird nicht überschrieben. "
            "Bearbeiten Sie sie oder wählen Sie einen anderen Titel."
        )
    taken = slug_taken(settings, kind, slug)
    if taken:
        return fail(
            f"Fehler: {taken}: Feld „Slug“: „{slug}“ ist dort schon vergeben. "
            "Wählen Sie einen anderen Titel oder ändern Sie danach den Slug."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(scaffold_text(kind, title, slug, when, timed, site_examples(settings, kind)))
    print(f"Angelegt: {shown}")
    print(
        f"Füllen Sie alles aus, was mit „{PLACEHOLDER}“ beginnt; `make check` zeigt, was noch "
        "fehlt, `make preview` zeigt die Seite."
    )
    return 0


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
