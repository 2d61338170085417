"""docs/REDAKTION.md documents every metadata field the checker knows — and only those — and
every message the content check gives."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from newsroom.core import schema

GUIDE = ROOT / "docs" / "REDAKTION.md"
TABLE_ROW = re.compile(r"^\|\s*`(?P<name>[^`]+)`\s*\|\s*(?P<required>[^|]*)\|")
FIELD_HEADING = re.compile(r"^### Felder: (?P<kind>.+)$")

DOCUMENTED_KINDS = {**schema.FIELDS, **schema.REGISTRY_FIELDS}


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def field_tables() -> dict[str, dict[str, str]]:
    """``### Felder: KIND`` → field name → the text of its „Pflicht“ column."""
    tables: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in guide().splitlines():
        heading = FIELD_HEADING.match(line)
        if heading:
            current = tables.setdefault(heading["kind"].strip(), {})
            continue
        if line.startswith("#"):
            current = None
            continue
        row = TABLE_ROW.match(line)
        if row and current is not None:
            current[row["name"]] = row["required"].strip()
    return tables


def section(title: str) -> str:
    """The text of a ``##`` section, up to the next ``##`` heading."""
    text = guide()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_every_content_type_has_a_field_table():
    assert set(field_tables()) == set(DOCUMENTED_KINDS)


@pytest.mark.parametrize("kind", sorted(DOCUMENTED_KINDS))
def test_table_lists_exactly_the_known_fields(kind):
    documented = field_tables()[kind]
    known = [spec.name for spec in DOCUMENTED_KINDS[kind]]
    assert sorted(documented) == sorted(known)


@pytest.mark.parametrize("kind", sorted(DOCUMENTED_KINDS))
def test_required_column_matches_the_checker(kind):
    documented = field_tables()[kind]
    for spec in DOCUMENTED_KINDS[kind]:
        assert documented[spec.name].startswith("ja") == spec.required, spec.name


def code_block_keys() -> list[str]:
    """The `Name:` keys in the guide's fenced examples (heads of files, the registry)."""
    keys, inside = [], False
    for line in guide().splitlines():
        if line.strip().startswith("```"):
            inside = not inside
            continue
        key = re.match(r"^\s*(?:- )?(?P<name>[A-Za-z][A-Za-z-]*):(?:\s|$)", line)
        if inside and key:
            keys.append(key["name"])
    return keys


def test_every_field_in_the_examples_is_known():
    known = {spec.name.lower() for specs in DOCUMENTED_KINDS.values() for spec in specs}
    keys = code_block_keys()
    assert "Title" in keys
    assert "organisation" in keys
    unknown = {name for name in keys if name.lower() not in known}
    assert unknown <= {"organisationen", "personen"}, unknown  # the registry's two sections


# Each message of the content check (core/, checks.py, embargo.py, tools/):
# a phrase that is in the code and must be explained under „Fehlermeldungen“.
MESSAGES = [
    "ist kein bekanntes Feld",
    "fehlt die Leerzeile zwischen dem Kopf und dem Text",
    "fehlt oder ist leer",
    "ist kein gültiges Datum",
    "ist nicht in der Form JJJJ-MM-TT geschrieben",
    "gibt es in Norderstedt nicht",
    "gibt es in Norderstedt zweimal",
    "passt nicht zur Uhrzeit",
    "ist als Adresse nicht geeignet",
    "steht zweimal im Kopf",
    "ist kein gültiger Status",
    "ist keine ganze Zahl",
    "Der Vorspann ist",
    "enthält gerade Anführungszeichen",
    "enthält noch",
    "zeigt auf eine Datei, die es nicht gibt",
    "das ist noch",
    "hat keinen Alternativtext",
    "liegt auf einem fremden Server",
    "wird auf der Website nicht gefunden",
    "ist schon vergeben an",
    "ist anders geschrieben als",
    "Der Kommentar der Vorlage",
    "Die Datei ist nicht in UTF-8 gespeichert",
    "Die Datei ist leer",
    "Die Datei beginnt nicht mit einem Metadaten-Block",
    "Den Inhaltsordner gibt es nicht",
    "Die Einstellungsdatei gibt es nicht",
    "Einstellungen nicht lesbar",
    "kein gültiges YAML",
    "Die Vorschau mit Entwürfen und Sperrfristen darf nicht",
    "Die Datei gibt es schon; sie wird nicht überschrieben",
    "Der Titel fehlt",
    "enthält HTML; der Wert wird nur als Text gezeigt",
    "ist keine Internetadresse",
    "ist keine vollständige Webadresse",
    "ist im Inhalt nicht erlaubt",
    "entfernt oder verändert",
    "steht in einem Element, das entfernt wird",
    "Ein HTML-Kommentar enthält Markup",
    "ist nicht möglich",
    "liegt vor der Veröffentlichung",
    "steht ohne den Zeitpunkt der Änderung",
    "Der Hinweis ist",
    "ein Pressefoto braucht eine Lizenz oder Nutzungsbedingung",
    "ist keine Internetadresse einer Lizenz",
    "Die Nutzungsbedingung ist",
]
SOURCES = [
    "core/report.py",
    "core/sources.py",
    "core/checks.py",
    "core/links.py",
    "typography/checks.py",
    "editorial/embargo.py",
    "tools/settings.py",
    "tools/build.py",
    "tools/check.py",
    "tools/new.py",
    "core/sanitize.py",
    "events/fields.py",
    "events/checks.py",
    "contacts/registry.py",
    "contacts/checks.py",
    "core/dates.py",
    "updates/checks.py",
    "imagerights/checks.py",
    "imagerights/licence.py",
]


@pytest.mark.parametrize("phrase", MESSAGES)
def test_each_message_is_explained(phrase):
    code = "".join((ROOT / "plugins" / "newsroom" / name).read_text("utf-8") for name in SOURCES)
    assert phrase in code, f"no longer a message of the check: {phrase}"
    assert phrase in section("Fehlermeldungen"), f"not explained in REDAKTION.md: {phrase}"


@pytest.mark.parametrize(
    "title",
    [
        "Eine Pressemitteilung schreiben – Schritt für Schritt",
        "Kontakte",
        "Veranstaltungen",
        "Bilder und Bildnachweise",
        "Sperrfrist und Entwürfe",
        "Vorschau",
        "Fehlermeldungen",
    ],
)
def test_guide_has_the_sections_editors_need(title):
    assert len(section(title)) > 400


def test_guide_names_the_make_targets_that_exist():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    named = set(re.findall(r"(?:`|^\s+)make ([a-z][a-z-]*[a-z])(?![\w-])", guide(), re.MULTILINE))
    assert {"new-press-release", "new-event", "new-page", "check", "preview"} <= named
    for target in named:
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
