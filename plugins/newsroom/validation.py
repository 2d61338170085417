"""Content checks: every problem of the whole site collected and reported together.

Each problem names the file (and line, where there is one), the field and what would be right,
in German, for editors. The same checks run in ``make check`` and inside every build; a build
with an error stops before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ERROR = "Fehler"
WARNING = "Warnung"
NOTE = "Hinweis"  # something the editor may have meant, and the site shows well either way
BODY = "Text"  # the "field" of a problem in the body below the metadata block
# What scaffolds (`make new-…`) put where the editor still has to write; never published.
PLACEHOLDER = "Bitte ausfüllen"
# The first line of the scaffolds' comment that lists the optional fields.
SCAFFOLD_COMMENT = "Weitere Felder: bei Bedarf oben in den Kopf übernehmen"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.field == BODY:
            subject = "im Text: "
        else:
            subject = f"Feld „{self.field}“: " if self.field else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.severity}: {where}: {subject}{self.message}{hint}"


@dataclass
class Report:
    """The problems one build or check found, in a stable order."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Any, field: str, message: str, hint: str = "", line: int | None = None):
        self.problems.append(Problem(str(path), line, field, message, hint, ERROR))

    def warning(self, path: Any, field: str, message: str, hint: str = "", line: int | None = None):
        self.problems.append(Problem(str(path), line, field, message, hint, WARNING))

    def note(self, path: Any, field: str, message: str, hint: str = "", line: int | None = None):
        self.problems.append(Problem(str(path), line, field, message, hint, NOTE))

    def _of(self, severity: str) -> list[Problem]:
        """One severity's problems by file, then line (problems without a line first)."""
        chosen = {p for p in self.problems if p.severity == severity}
        return sorted(chosen, key=lambda p: (p.path, p.line or 0, p.field, p.message, p.hint))

    @property
    def errors(self) -> list[Problem]:
        return self._of(ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self._of(WARNING)

    @property
    def notes(self) -> list[Problem]:
        return self._of(NOTE)

    def summary(self) -> str:
        errors, warnings, notes = len(self.errors), len(self.warnings), len(self.notes)
        text = f"{errors} Fehler, {warnings} {'Warnungen' if warnings != 1 else 'Warnung'}"
        if notes:
            text += f", {notes} {'Hinweise' if notes != 1 else 'Hinweis'}"
        return text

    def render(self) -> str:
        """Errors first, then warnings, each group under its own heading, then the count."""
        lines: list[str] = []
        errors, warnings = self.errors, self.warnings
        if errors:
            lines += [f"{len(errors)} Fehler (sie verhindern die Veröffentlichung):"]
            lines += [str(p) for p in errors] + [""]
        if warnings:
            heading = "Warnung" if len(warnings) == 1 else "Warnungen"
            lines += [f"{len(warnings)} {heading} (bitte prüfen):"]
            lines += [str(p) for p in warnings] + [""]
        notes = self.notes
        if notes:
            heading = "Hinweis" if len(notes) == 1 else "Hinweise"
            lines += [f"{len(notes)} {heading} (alles in Ordnung, nur zur Kenntnis):"]
            lines += [str(p) for p in notes] + [""]
        lines.append(f"Inhaltsprüfung: {self.summary()}.")
        return "\n".join(lines)


class ContentError(Exception):
    """The content has errors: the build stops and publishes nothing."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(report.render())


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known name an editor most likely meant, for „meinten Sie …?“."""
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str], form: str = "{}") -> str:
    match = closest(word, candidates)
    return f"Meinten Sie „{form.format(match)}“?" if match else ""


def suggest(word: str, candidates: Iterable[str], known_label: str, form: str = "{}") -> str:
    """„Meinten Sie …?“ where a known name is close, else every known name after a label."""
    candidates = list(candidates)
    return did_you_mean(word, candidates, form) or f"{known_label}: {', '.join(candidates)}."


# --- Markdown sources -----------------------------------------------------------------------


@dataclass
class MetaField:
    name: str  # as the editor wrote it
    value: str
    line: int


@dataclass
class SourceFile:
    """One Markdown file, with its metadata block read the way Pelican reads it."""

    path: Path
    relative: str  # as shown to editors, from the project's folder
    text: str
    fields: dict[str, MetaField]  # lower-case name -> field
    body_line: int  # first line of the body
    repeated: list[MetaField] = field(default_factory=list)  # a key written a second time

    @property
    def body(self) -> str:
        return "\n".join(self.text.splitlines()[self.body_line - 1 :])

    def line_in_body(self, needle: str) -> int | None:
        """The line of the file where ``needle`` first appears below the metadata block."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if number >= self.body_line and needle in line:
                return number
        return None

    def value(self, name: str, default: str = "") -> str:
        entry = self.fields.get(name.lower())
        return entry.value if entry else default

    def line_of(self, name: str) -> int | None:
        entry = self.fields.get(name.lower())
        return entry.line if entry else None


META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")


def read_source(path: Path, shown_as: str, report: Report) -> SourceFile | None:
    """Read a Markdown source and its metadata block; report what keeps it from being read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        report.error(shown_as, "", f"Die Datei lässt sich nicht lesen ({error.strerror}).")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.error(
            shown_as,
            "",
            "Die Datei ist nicht in UTF-8 gespeichert.",
            "Speichern Sie sie im Editor als „UTF-8“ (ohne BOM).",
            line,
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.error(
            shown_as,
            "",
            "Die Datei ist leer.",
            "Füllen Sie sie aus (Vorlagen: `make new-press-release`, `make new-page`, "
            "`make new-event`) oder löschen Sie sie.",
        )
        return None
    fields: dict[str, MetaField] = {}
    repeated: list[MetaField] = []
    lines = text.splitlines()
    number = 0
    current: MetaField | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        match = META_LINE.match(line)
        if match:
            current = MetaField(match["key"], match["value"].strip(), number)
            if current.name.lower() in fields:
                repeated.append(current)
            fields.setdefault(current.name.lower(), current)
            continue
        more = META_MORE.match(line)
        if more and current is not None:
            current.value = f"{current.value} {more['value'].strip()}".strip()
            continue
        break
    else:
        number += 1
    if not fields:
        report.error(
            shown_as,
            "",
            "Die Datei beginnt nicht mit einem Metadaten-Block.",
            "Die ersten Zeilen müssen „Title: …“, „Date: …“ usw. sein, "
            "dann eine Leerzeile, dann der Text.",
            1,
        )
        return None
    return SourceFile(path, shown_as, text, fields, number, repeated)


def markdown_files(root: Path) -> Iterator[Path]:
    """The Markdown files below a folder, in a stable order; links are never followed."""
    if not root.is_dir():
        return
    found = []
    for folder, _subfolders, names in os.walk(root, followlinks=False):
        for name in names:
            path = Path(folder) / name
            if path.suffix == ".md" and stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path)
    yield from sorted(found)


def shown_path(path: Path, settings: Mapping[str, Any]) -> str:
    """A path as editors see it in the repository: relative to the project folder."""
    content = Path(settings["PATH"]).resolve()
    base = content.parent
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)


# --- Field formats --------------------------------------------------------------------------

# The offset (``2022-10-30 02:30 +01:00``) only tells the two readings of the hour apart that
# the switch to winter time shows twice; dates.local_time_problem says when it is needed.
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M %z")
DATE_HINT = "Schreiben Sie das Datum als JJJJ-MM-TT oder JJJJ-MM-TT HH:MM, z. B. 2022-01-13 10:00."
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_date(value: str) -> dt.datetime | None:
    """A date as editors write it (``2022-01-13``, ``2022-01-13 10:00``, in the doubled hour
    ``2022-10-30 02:30 +01:00``), or None; aware only with a written offset."""
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), form)
        except ValueError:
            continue
    return None


GERMAN_DATE = re.compile(
    r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*Uhr)?)?$"
)
ISO_LIKE_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?)?$"
)


def date_problem(value: str) -> tuple[str, str]:
    """Why ``value`` is not a date editors may write, and the fix: (message, hint)."""
    from babel.dates import get_month_names

    value = value.strip()
    match = GERMAN_DATE.match(value) or ISO_LIKE_DATE.match(value)
    if match is None:
        return f"„{value}“ ist kein gültiges Datum.", DATE_HINT
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    hour, minute = match["hour"], match["minute"]
    if not 1 <= month <= 12:
        hint = DATE_HINT
        if 1 <= day <= 12:
            swapped = f"{year:04d}-{day:02d}-{month:02d}"
            hint = f"Die Reihenfolge ist Jahr-Monat-Tag: meinten Sie „{swapped}“?"
        return f"„{value}“ ist kein gültiges Datum: einen {month}. Monat gibt es nicht.", hint
    try:
        dt.date(year, month, day)
    except ValueError:
        month_name = get_month_names("wide", locale="de")[month]
        return (
            f"„{value}“ ist kein gültiges Datum: den {day}. {month_name} {year} gibt es nicht.",
            DATE_HINT,
        )
    if hour is not None and (int(hour) > 23 or int(minute) > 59):
        return f"„{value}“ enthält keine gültige Uhrzeit.", DATE_HINT
    written = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is not None:
        written += f" {int(hour):02d}:{minute}"
    return f"„{value}“ ist nicht in der Form JJJJ-MM-TT geschrieben.", f"Schreiben Sie „{written}“."


def yaml_error_line(error: Exception) -> int | None:
    """The line (1-based) a YAML parser error points to, if it names one."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


# --- Values that are text, and addresses that are addresses ---------------------------------

# „<“ before a letter, „/“, „!“ or „?“ opens a tag or comment; „a < b“ and „<3“ stay text.
MARKUP = re.compile(r"<[A-Za-z/!?]")
MARKUP_HINT = (
    "Schreiben Sie den Wert als reinen Text ohne HTML (keine „<…>“); Hervorhebungen und Links "
    "gehören in den Text der Meldung."
)
# Never inside an address: blanks, quotes, angle brackets, backslashes, control characters.
URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")


def markup_problem(value: str) -> str | None:
    """Why a text value must not be taken as it is: it holds markup."""
    if MARKUP.search(value or ""):
        return f"„{value}“ enthält HTML; der Wert wird nur als Text gezeigt."
    return None


def web_address_problem(value: str, schemes: tuple[str, ...] = ("https", "http")) -> str | None:
    """Why ``value`` is not a complete address with one of ``schemes``, or None if it is."""
    if URL_FORBIDDEN.search(value):
        return "enthält Leerzeichen, Anführungszeichen, spitze Klammern oder Steuerzeichen"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "lässt sich nicht als Adresse lesen"
    if parts.scheme.lower() not in schemes:
        return f"beginnt nicht mit {' oder '.join(s + ':' for s in schemes)}"
    if parts.scheme.lower() in ("http", "https") and (
        not parts.hostname or "." not in parts.hostname or parts.username or parts.password
    ):
        return "nennt keinen vollständigen Servernamen (z. B. www.norderstedt.de)"
    if parts.scheme.lower() in ("mailto", "tel") and not parts.path:
        return "ist leer"
    return None
