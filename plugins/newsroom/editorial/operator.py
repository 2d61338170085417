"""Operator data for the legal pages: one data file, shown on Impressum, Datenschutz and
Barrierefreiheit; the production build refuses to publish while a required entry is empty.

The file (``OPERATOR_PATH`` below PATH) is a flat YAML mapping ``key: value``. Which keys
exist, their German labels, the page that shows each and whether the law requires it, is
fixed here in ``FACTS``. In development an empty entry is shown as „fehlt noch“; with
``OPERATOR_REQUIRE_COMPLETE = True`` (publishconf.py) it is a content error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from email_validator import EmailNotValidError, validate_email

from ..core.datafiles import data_files
from ..core.report import Report, shown_path, suggest
from ..core.settings import capability_settings
from ..core.sources import MARKUP_HINT, markup_problem

IMPRESSUM = "impressum"
DATENSCHUTZ = "datenschutz"
BARRIEREFREIHEIT = "barrierefreiheit"


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    page: str  # slug of the page that shows it
    required: bool
    kind: str = "text"  # text, email, phone


FACTS: tuple[FactSpec, ...] = (
    # § 5 DDG: name, address, representative, quick contact; register and VAT ID where they exist
    FactSpec("anbieter", "Anbieter", IMPRESSUM, True),
    FactSpec("anschrift", "Anschrift", IMPRESSUM, True),
    FactSpec("vertreten_durch", "Vertreten durch", IMPRESSUM, True),
    FactSpec("telefon", "Telefon", IMPRESSUM, True, "phone"),
    FactSpec("e_mail", "E-Mail", IMPRESSUM, True, "email"),
    FactSpec("rechtsform", "Rechtsform", IMPRESSUM, False),
    FactSpec("aufsichtsbehoerde", "Aufsichtsbehörde", IMPRESSUM, False),
    FactSpec("register", "Registergericht und Registernummer", IMPRESSUM, False),
    FactSpec("ust_id", "Umsatzsteuer-Identifikationsnummer (§ 27a UStG)", IMPRESSUM, False),
    # § 18 Abs. 2 MStV: journalistic-editorial content needs a responsible person with address
    FactSpec(
        "verantwortlich_mstv",
        "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
        IMPRESSUM,
        True,
    ),
    # Art. 13 DSGVO: controller and data protection officer; the host processes the logs
    FactSpec("datenschutzbeauftragte", "Datenschutzbeauftragte Stelle", DATENSCHUTZ, True),
    FactSpec("datenschutz_e_mail", "E-Mail Datenschutz", DATENSCHUTZ, True, "email"),
    FactSpec("hosting", "Hosting (Auftragsverarbeitung)", DATENSCHUTZ, True),
    FactSpec("log_speicherdauer", "Speicherdauer der Server-Protokolle", DATENSCHUTZ, True),
    # BITV 2.0 § 7 and the EU model statement: contact for barriers, date and method of review
    FactSpec(
        "barrieren_e_mail", "E-Mail für Hinweise auf Barrieren", BARRIEREFREIHEIT, True, "email"
    ),
    FactSpec(
        "barrieren_telefon", "Telefon für Hinweise auf Barrieren", BARRIEREFREIHEIT, False, "phone"
    ),
    FactSpec("pruefung_datum", "Datum der Bewertung", BARRIEREFREIHEIT, True),
    FactSpec("erklaerung_datum", "Erklärung erstellt am", BARRIEREFREIHEIT, True),
)


@dataclass(frozen=True)
class Fact:
    """One row a legal page shows: its label, its lines (empty when missing), its kind."""

    key: str
    label: str
    lines: tuple[str, ...]
    kind: str
    required: bool

    @property
    def missing(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class Entry:
    value: str
    line: int


def operator_file(settings: Mapping[str, Any]) -> Path:
    return Path(settings["PATH"]) / capability_settings(settings, "OPERATOR")["path"]


def read_entries(settings: Mapping[str, Any], report: Report) -> dict[str, Entry]:
    """The file's entries with their lines, read once per build; problems go into the report."""
    path = operator_file(settings)
    return data_files(settings).load(path, lambda own: read_file(path, settings, own), report)


def read_file(path: Path, settings: Mapping[str, Any], report: Report) -> dict[str, Entry]:
    """Read and check the operator file itself (:func:`read_entries` does it once a build)."""
    shown = shown_path(path, settings)
    if not path.is_file():
        report.error(
            shown,
            "",
            "Die Datei mit den Angaben für Impressum und Datenschutz fehlt.",
            "Legen Sie sie an; welche Angaben hineingehören, steht in theme/README.md.",
        )
        return {}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        report.error(
            shown,
            "",
            "Die Datei ist kein gültiges YAML.",
            "Jede Zeile „schluessel: Wert“; mehrzeilige Werte mit „|“ und eingerückt.",
            line + 1 if line is not None else None,
        )
        return {}
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        report.error(shown, "", "Die Datei muss aus Zeilen „schluessel: Wert“ bestehen.", "", 1)
        return {}
    known = {spec.key for spec in FACTS}
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in known:
            report.error(
                shown,
                key,
                "ist keine bekannte Angabe.",
                suggest(key, sorted(known), "Bekannt"),
                line,
            )
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            report.error(shown, key, "muss ein Text sein, keine Liste.", "", line)
            continue
        value = "" if value_node.tag.endswith(":null") else str(value_node.value)
        if problem := markup_problem(value):
            report.error(shown, key, problem, MARKUP_HINT, line)
            continue
        entries[key] = Entry(value.strip(), line)
    return entries


def check_operator(settings: Mapping[str, Any], sources: Any, report: Report) -> None:
    """The data file reads cleanly, its e-mail addresses are addresses; for production, no
    required entry is empty."""
    entries = read_entries(settings, report)
    shown = shown_path(operator_file(settings), settings)
    for spec in FACTS:
        entry = entries.get(spec.key)
        if spec.kind == "email" and entry and entry.value:
            try:
                validate_email(entry.value, check_deliverability=False)
            except EmailNotValidError:
                report.error(
                    shown,
                    spec.key,
                    f"„{entry.value}“ ist keine gültige E-Mail-Adresse.",
                    "Schreiben Sie sie wie „presse@norderstedt.de“.",
                    entry.line,
                )
    if not capability_settings(settings, "OPERATOR")["require_complete"]:
        return
    for spec in FACTS:
        entry = entries.get(spec.key)
        if spec.required and not (entry and entry.value):
            report.error(
                shown,
                spec.key,
                f"„{spec.label}“ ist leer; ohne diese Pflichtangabe für /{spec.page}/ "
                "wird nicht veröffentlicht.",
                f"Tragen Sie „{spec.key}: …“ in {shown} ein.",
                entry.line if entry else None,
            )


def facts_for(page: str, entries: Mapping[str, Entry]) -> list[Fact]:
    facts = []
    for spec in FACTS:
        if spec.page != page:
            continue
        entry = entries.get(spec.key)
        lines = (
            tuple(line.strip() for line in entry.value.splitlines() if line.strip())
            if entry
            else ()
        )
        if lines or spec.required:
            facts.append(Fact(spec.key, spec.label, lines, spec.kind, spec.required))
    return facts


def attach_operator_facts(generator: Any) -> None:
    """Signal ``page_generator_finalized``: give each legal page its rows of operator data."""
    entries = read_entries(generator.settings, Report())  # problems: reported by the checks
    pages = {spec.page for spec in FACTS}
    for page in [*generator.pages, *generator.hidden_pages]:
        if getattr(page, "section", None) == "seiten" and page.slug in pages:
            page.operator_facts = facts_for(page.slug, entries)
            page.operator_missing = [fact.label for fact in page.operator_facts if fact.missing]
