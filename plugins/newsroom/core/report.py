"""Content checks: every problem of the whole site collected and reported together.

Each problem names the file (and line, where there is one), the field and what would be right,
in German, for editors. The same checks run in ``make check`` and inside every build; a build
with an error stops before anything is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "Fehler"
WARNING = "Warnung"
NOTE = "Hinweis"  # something the editor may have meant, and the site shows well either way
BODY = "Text"  # the "field" of a problem in the body below the metadata block


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


def project_folder(settings: Mapping[str, Any]) -> Path:
    """The folder that holds the content folder."""
    return Path(settings["PATH"]).resolve().parent


def shown_path(path: Path, settings: Mapping[str, Any], base: Path | None = None) -> str:
    """A path as editors see it in the repository: relative to the project folder. ``base``:
    that folder, when the caller has worked it out already (:func:`project_folder`)."""
    base = base or project_folder(settings)
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
