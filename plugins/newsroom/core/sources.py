"""Reading content sources safely: the metadata block of a Markdown file with its line numbers,
the data files' YAML errors, and the checks of a single value (no markup, a web address)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .kept import kept_content
from .report import Report, project_folder, shown_path

# What scaffolds (`make new-…`) put where the editor still has to write; never published.
PLACEHOLDER = "Bitte ausfüllen"
# The first line of the scaffolds' comment that lists the optional fields.
SCAFFOLD_COMMENT = "Weitere Felder: bei Bedarf oben in den Kopf übernehmen"


BOM = codecs.BOM_UTF8

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
    # The SHA-256 of the text (:func:`text_digest`): the key of what is worked out from it
    # alone (:mod:`.resultcache`); worked out here when not given.
    digest: str = ""
    bom: bool = False  # the file began with a byte order mark (not in ``text``)

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = text_digest(self.text)

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


def text_digest(text: str) -> str:
    """The SHA-256 of a text (the same as :func:`.resultcache.text_key`)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_header(text: str) -> tuple[dict[str, MetaField], int, list[MetaField]]:
    """The metadata block of a text as Pelican reads it: the fields by lower-case name, the
    first line of the body, the keys written a second time."""
    fields: dict[str, MetaField] = {}
    repeated: list[MetaField] = []
    # The block ends at the latest before the first empty line: only the lines up to it are
    # split (the loop below ends there as it would at that empty line).
    end = text.find("\n\n")
    lines = text[:end].splitlines() if end >= 0 else text.splitlines()
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
    return fields, number, repeated


def read_source(path: Path, shown_as: str, report: Report) -> SourceFile | None:
    """Read a Markdown source and its metadata block; report what keeps it from being read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
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
    fields, number, repeated = read_header(text)
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
    return SourceFile(path, shown_as, text, fields, number, repeated, bom=raw.startswith(BOM))


def markdown_files(root: Path) -> Iterator[Path]:
    """The Markdown files below a folder, in a stable order; links are never followed."""
    if not root.is_dir():
        return
    found = []
    folders = [os.fspath(root)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is left out
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                # „x.md“, not „.md“ (Path.suffix); a regular file, never a link
                elif (
                    entry.name.endswith(".md")
                    and len(entry.name) > 3
                    and entry.is_file(follow_symlinks=False)
                ):
                    found.append(Path(entry.path))
            except OSError:
                continue
    yield from sorted(found)


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


def content_kind(relative: Path, settings: Mapping[str, Any]) -> str | None:
    """Which content type a source below PATH is, by the folder it lives in."""
    return kind_of_parts(relative.parts, settings)


def kind_of_parts(parts: Sequence[str], settings: Mapping[str, Any]) -> str | None:
    """:func:`content_kind` of the path below PATH with these parts."""
    top = parts[0] if len(parts) > 1 else ""
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
    base = project_folder(settings)
    # No link below PATH is followed (markdown_files), so a file's resolved path is the resolved
    # PATH and the file's place below it: one resolve for all files.
    shown_root = shown_path(root, settings, base)
    prefix = os.path.join(root, "")
    for path in markdown_files(root):
        relative = str(path).removeprefix(prefix)  # path.relative_to(root), as text
        kind = kind_of_parts(relative.split(os.sep), settings)
        if kind is None:
            continue
        source = read_source(path, os.path.join(shown_root, relative), report)
        if source is not None:
            sources[kind].append(source)
    store = kept_content(settings)
    if store is not None:  # the live preview: these digests key its kept content objects
        store.checked = (
            settings,
            {
                os.path.normpath(source.path): source_stamp(source.digest, source.bom)
                for files in sources.values()
                for source in files
            },
        )
    return sources


def source_stamp(digest: str, bom: bool) -> tuple[str, str, bool]:
    """What a source file's bytes are, from the SHA-256 of its text and whether a byte order
    mark came before it (the text and the mark give back the bytes: UTF-8 decodes one way)."""
    return ("text", digest, bom)
