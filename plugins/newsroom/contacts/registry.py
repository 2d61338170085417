"""Reading the contact registry (``CONTACTS_REGISTRY``) into the model.

The YAML file is composed as a node tree, so every problem names the file, its line and the
field. Phone numbers are normalised with ``phonenumbers`` (E.164 and DIN 5008), e-mail
addresses with ``email-validator``. Entries with errors stay out of the registry, their ids
are known. :func:`load_registry` reads the file once per build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import yaml
from email_validator import EmailNotValidError, validate_email

from ..core import schema
from ..core.datafiles import data_files
from ..core.report import Report, shown_path, suggest
from ..core.schema import SLUG_RE
from ..core.settings import capability_settings
from ..core.sources import MARKUP_HINT, markup_problem, web_address_problem
from .model import Organisation, Person, Phone, PostalAddress, Registry

ORGANISATIONS = "organisationen"


PEOPLE = "personen"


SECTIONS = {ORGANISATIONS: schema.ORGANISATION, PEOPLE: schema.PERSON}


YAML_NULL = "tag:yaml.org,2002:null"


PHONE_HINT = (
    "Schreiben Sie die Nummer mit Vorwahl und nur mit Ziffern, z. B. „040 / 521 04 – 2900“ "
    "oder „+49 40 521042900“."
)


@dataclass
class Entry:
    """One organisation or person as written in the file: field -> (YAML node, line)."""

    kind: str
    line: int
    fields: dict[str, tuple[yaml.Node, int]]

    def label(self) -> str:
        return f"„{self.text('id')}“" if self.text("id") else f"ohne id (Zeile {self.line})"

    def node(self, name: str) -> yaml.Node | None:
        return self.fields[name][0] if name in self.fields else None

    def line_of(self, name: str) -> int:
        return self.fields[name][1] if name in self.fields else self.line

    def text(self, name: str) -> str:
        node = self.node(name)
        if isinstance(node, yaml.ScalarNode) and node.tag != YAML_NULL:
            return node.value.strip()
        return ""


def load_registry(settings: Mapping[str, Any], report: Report) -> Registry | None:
    """The registry, read and checked once per build; every problem goes into ``report``.

    Returns None when the file cannot be read at all. Entries with errors stay out of
    ``organisations`` and ``people`` but their ids are known, so references to them are not
    reported a second time.
    """
    path = Path(settings["PATH"]) / capability_settings(settings, "CONTACTS")["registry"]
    return data_files(settings).load(path, lambda own: read_registry(settings, own), report)


def read_registry(settings: Mapping[str, Any], report: Report) -> Registry | None:
    """Read and check the registry file itself (:func:`load_registry` does it once a build)."""
    config = capability_settings(settings, "CONTACTS")
    path = Path(settings["PATH"]) / config["registry"]
    shown_as = shown_path(path, settings)
    root = compose_registry(path, shown_as, report)
    if root is None:
        return None
    registry = Registry(shown_as)
    sections = mapping_fields(root, list(SECTIONS), "auf oberster Ebene", shown_as, report)
    entries = {
        section: list(section_entries(sections, section, shown_as, report)) for section in SECTIONS
    }
    check_ids(entries, shown_as, report)
    report_markup(root, "", shown_as, report)
    for entry in entries[ORGANISATIONS]:
        registry.organisation_ids.add(entry.text("id"))
        organisation = read_organisation(entry, shown_as, report)
        if organisation is not None and organisation.id not in registry.organisations:
            registry.organisations[organisation.id] = organisation
    registry.organisation_ids.discard("")
    for entry in entries[PEOPLE]:
        registry.person_ids.add(entry.text("id"))
        person = read_person(entry, registry, config, shown_as, report)
        if person is not None and person.id not in registry.people:
            registry.people[person.id] = person
    registry.person_ids.discard("")
    return registry


def compose_registry(path: Path, shown_as: str, report: Report) -> yaml.MappingNode | None:
    """The registry's YAML as a node tree, which keeps the line of every value."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(
            shown_as,
            "",
            "Das Kontaktverzeichnis fehlt.",
            "Legen Sie die Datei an (Vorlage: „organisationen:“ und „personen:“) oder "
            "stellen Sie CONTACTS_REGISTRY in pelicanconf.py auf ihren Pfad.",
        )
        return None
    except UnicodeDecodeError:
        report.error(
            shown_as,
            "",
            "Die Datei ist nicht in UTF-8 gespeichert.",
            "Speichern Sie sie im Editor als „UTF-8“ (ohne BOM).",
        )
        return None
    except OSError as error:
        report.error(shown_as, "", f"Die Datei lässt sich nicht lesen ({error.strerror}).")
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        report.error(
            shown_as,
            "",
            "Die Datei ist kein gültiges YAML und lässt sich nicht lesen.",
            "Prüfen Sie dort die Einrückung (nur Leerzeichen, jede Ebene gleich tief) und "
            "setzen Sie Werte mit „:“ oder „#“ in Anführungszeichen.",
            mark.line + 1 if mark is not None else None,
        )
        return None
    if not isinstance(root, yaml.MappingNode):
        report.error(
            shown_as,
            "",
            "Die Datei enthält keine Abschnitte „organisationen:“ und „personen:“.",
            "Beginnen Sie die Datei mit „organisationen:“, darunter eingerückt die Einträge.",
            root.start_mark.line + 1 if root is not None else 1,
        )
        return None
    return root


def mapping_fields(
    node: yaml.MappingNode, known: list[str], where: str, shown_as: str, report: Report
) -> dict[str, tuple[yaml.Node, int]]:
    """The fields of a YAML mapping by name, each with its line; unknown and twice-named ones
    are reported."""
    fields: dict[str, tuple[yaml.Node, int]] = {}
    for key_node, value_node in node.value:
        name = str(key_node.value).strip()
        line = key_node.start_mark.line + 1
        if name not in known:
            report.error(
                shown_as,
                name,
                f"„{name}:“ ist kein bekanntes Feld {where}.",
                suggest(name, known, "Bekannte Felder", "{}:"),
                line,
            )
            continue
        if name in fields:
            report.error(
                shown_as,
                name,
                f"steht {where} zweimal (zuerst in Zeile {fields[name][1]}).",
                "Löschen Sie eine der beiden Zeilen.",
                line,
            )
            continue
        fields[name] = (value_node, line)
    return fields


def report_markup(node: yaml.Node, name: str, shown_as: str, report: Report) -> None:
    """Every value of the registry is text: one that holds markup is an error (web addresses
    have their own, stricter check)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            report_markup(value_node, str(key_node.value), shown_as, report)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            report_markup(item, name, shown_as, report)
    elif name != "web" and (problem := markup_problem(str(node.value))):
        report.error(shown_as, name, problem, MARKUP_HINT, node.start_mark.line + 1)


def section_entries(
    sections: Mapping[str, tuple[yaml.Node, int]], section: str, shown_as: str, report: Report
) -> Iterator[Entry]:
    """The entries of one section (``organisationen`` or ``personen``)."""
    kind = SECTIONS[section]
    if section not in sections:
        report.error(
            shown_as,
            section,
            f"Der Abschnitt „{section}:“ fehlt.",
            f"Ergänzen Sie „{section}:“ mit den Einträgen darunter.",
            1,
        )
        return
    node, line = sections[section]
    if not isinstance(node, yaml.SequenceNode):
        report.error(
            shown_as,
            section,
            "ist keine Liste.",
            "Beginnen Sie jeden Eintrag darunter mit „- id: …“.",
            line,
        )
        return
    known = [spec.name for spec in schema.REGISTRY_FIELDS[kind]]
    for item in node.value:
        item_line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            report.error(
                shown_as,
                section,
                f"Der Eintrag in Zeile {item_line} hat keine Felder.",
                "Schreiben Sie jeden Eintrag als „- id: …“ mit den Feldern eingerückt darunter.",
                item_line,
            )
            continue
        where = f"für eine {kind}"
        yield Entry(kind, item_line, mapping_fields(item, known, where, shown_as, report))


def check_ids(entries: dict[str, list[Entry]], shown_as: str, report: Report) -> None:
    """Every entry has an id, in the form of a slug, and no id is used twice."""
    seen: dict[str, int] = {}
    for entry in [e for section in SECTIONS for e in entries[section]]:
        value = entry.text("id")
        line = entry.line_of("id")
        if not value:
            report.error(
                shown_as,
                "id",
                f"Der Eintrag ({entry.kind}) in Zeile {entry.line} hat keine id.",
                "Ergänzen Sie „id: …“ in Kleinbuchstaben, z. B. „id: mirjam-bantle“.",
                line,
            )
        elif not SLUG_RE.match(value):
            report.error(
                shown_as,
                "id",
                f"„{value}“ ist als id nicht geeignet.",
                "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. „mirjam-bantle“.",
                line,
            )
        elif value in seen:
            report.error(
                shown_as,
                "id",
                f"Die id „{value}“ ist schon in Zeile {seen[value]} vergeben.",
                f"Jede id darf nur einmal vorkommen: geben Sie diesem Eintrag eine eigene, "
                f"z. B. „{value}-2“, oder löschen Sie den doppelten Eintrag.",
                line,
            )
        else:
            seen[value] = line


def required_text(entry: Entry, name: str, shown_as: str, report: Report) -> str:
    """A field the entry must have, as text; reports it when it is missing or empty."""
    value = scalar_text(entry, name, shown_as, report)
    if not value:
        spec = next(s for s in schema.REGISTRY_FIELDS[entry.kind] if s.name == name)
        report.error(
            shown_as,
            name,
            f"fehlt oder ist leer bei {entry.kind} {entry.label()}.",
            f"Ergänzen Sie beim Eintrag „{name}: …“, z. B. „{name}: {spec.example}“.",
            entry.line_of(name),
        )
    return value


def scalar_text(entry: Entry, name: str, shown_as: str, report: Report) -> str:
    """An optional field as text; reports a list or mapping where text belongs."""
    node = entry.node(name)
    if node is not None and not isinstance(node, yaml.ScalarNode):
        report.error(
            shown_as,
            name,
            f"muss bei {entry.kind} {entry.label()} ein einzelner Text sein.",
            f"Schreiben Sie den Wert in dieselbe Zeile: „{name}: …“.",
            entry.line_of(name),
        )
        return ""
    return entry.text(name)


def read_organisation(entry: Entry, shown_as: str, report: Report) -> Organisation | None:
    ident = entry.text("id")
    name = required_text(entry, "name", shown_as, report)
    web = scalar_text(entry, "web", shown_as, report)
    parts = urlsplit(web)
    if web and (problem := web_address_problem(web)):
        report.error(
            shown_as,
            "web",
            f"„{web}“ (bei {entry.label()}) ist keine vollständige Webadresse: {problem}.",
            "Schreiben Sie sie mit https://, z. B. „https://www.egno.de/“.",
            entry.line_of("web"),
        )
        web = ""
    short_name = scalar_text(entry, "kurzname", shown_as, report)
    address = read_address(entry, shown_as, report)
    if not (ident and SLUG_RE.match(ident) and name):
        return None
    return Organisation(
        id=ident,
        name=name,
        short_name=short_name,
        web=web,
        web_label=(parts.netloc + parts.path.rstrip("/")) if web else "",
        address=address,
    )


def read_address(entry: Entry, shown_as: str, report: Report) -> PostalAddress | None:
    node = entry.node("adresse")
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        report.error(
            shown_as,
            "adresse",
            f"muss bei {entry.label()} aus den Feldern strasse, plz und ort bestehen.",
            "Schreiben Sie „adresse:“ und darunter eingerückt „strasse: …“, „plz: …“, „ort: …“.",
            entry.line_of("adresse"),
        )
        return None
    known = [spec.name for spec in schema.REGISTRY_FIELDS[schema.ADDRESS]]
    where = f"in der Adresse von {entry.label()}"
    address = Entry(schema.ADDRESS, entry.line_of("adresse"), {})
    address.fields = mapping_fields(node, known, where, shown_as, report)
    postal_code = address.text("plz")
    city = address.text("ort")
    if not (postal_code and city):
        report.error(
            shown_as,
            "adresse",
            f"Die Adresse von {entry.label()} braucht Postleitzahl und Ort.",
            "Ergänzen Sie darunter eingerückt „plz: 22846“ und „ort: Norderstedt“.",
            address.line,
        )
        return None
    return PostalAddress(address.text("strasse"), postal_code, city)


def read_person(
    entry: Entry, registry: Registry, config: Mapping[str, Any], shown_as: str, report: Report
) -> Person | None:
    ident = entry.text("id")
    name = required_text(entry, "name", shown_as, report)
    organisation = find_organisation(entry, registry, shown_as, report)
    given_name = scalar_text(entry, "vorname", shown_as, report)
    family_name = scalar_text(entry, "nachname", shown_as, report)
    role = scalar_text(entry, "rolle", shown_as, report)
    raw_phone = scalar_text(entry, "telefon", shown_as, report)
    raw_email = scalar_text(entry, "email", shown_as, report)
    phone = parse_phone(raw_phone, config["phone_region"]) if raw_phone else None
    if raw_phone and phone is None:
        report.error(
            shown_as,
            "telefon",
            f"„{raw_phone}“ (bei {entry.label()}) ist keine gültige Telefonnummer.",
            PHONE_HINT,
            entry.line_of("telefon"),
        )
    email = normalised_email(raw_email) if raw_email else ""
    if raw_email and not email:
        report.error(
            shown_as,
            "email",
            f"„{raw_email}“ (bei {entry.label()}) ist keine gültige E-Mail-Adresse.",
            "Schreiben Sie sie als name@beispiel.de: genau ein @, keine Leerzeichen, "
            "z. B. „kramer@egno.de“.",
            entry.line_of("email"),
        )
    elif not raw_email and not raw_phone:
        report.error(
            shown_as,
            "telefon",
            f"{entry.label()} hat weder Telefon noch E-Mail.",
            "Ergänzen Sie „telefon: …“ oder „email: …“, sonst ist niemand erreichbar.",
            entry.line,
        )
    if not (ident and SLUG_RE.match(ident) and name and organisation):
        return None
    if (raw_phone and phone is None) or (raw_email and not email):
        return None
    # Without vorname/nachname the last word of the name is taken as the family name.
    given, _, family = name.rpartition(" ")
    return Person(
        id=ident,
        name=name,
        given_name=given_name or given,
        family_name=family_name or family,
        role=role,
        organisation=organisation,
        phone=phone,
        email=email,
        vcard_url=config["vcard_url"].format(id=ident),
    )


def find_organisation(
    entry: Entry, registry: Registry, shown_as: str, report: Report
) -> Organisation | None:
    ident = required_text(entry, "organisation", shown_as, report)
    if not ident:
        return None
    if ident in registry.organisations:
        return registry.organisations[ident]
    if ident not in registry.organisation_ids:  # else that organisation's own error says why
        known = list(registry.organisation_ids)
        report.error(
            shown_as,
            "organisation",
            f"Die Organisation „{ident}“ (bei {entry.label()}) steht nicht im Verzeichnis.",
            suggest(ident, sorted(known), "Bekannte Organisationen"),
            entry.line_of("organisation"),
        )
    return None


def parse_phone(value: str, region: str) -> Phone | None:
    """A phone number checked by ``phonenumbers``; None when it is not a valid number."""
    if any(character.isalpha() for character in value):
        return None  # phonenumbers would read letters as keypad digits (ABC → 222)
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return Phone(
        tel=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=din_5008(number, value, region),
    )


# The digits after the last dash of a number as written: its extension („… 521 04 – 2900“).
WRITTEN_EXTENSION = re.compile(r"[-–]\s*(\d+)\s*$")


def din_5008(number: phonenumbers.PhoneNumber, written: str, region: str) -> str:
    """The number as DIN 5008 writes it: „040 52104-2900“.

    The area code comes from ``phonenumbers``; an extension is kept where the registry marks it
    with a dash, as the press offices write their numbers („040 / 521 04 – 2900“).
    """
    national = phonenumbers.national_significant_number(number)
    code_length = phonenumbers.length_of_national_destination_code(number)
    trunk = phonenumbers.ndd_prefix_for_region(region, True) or ""
    if not code_length:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    code, subscriber = national[:code_length], national[code_length:]
    extension = WRITTEN_EXTENSION.search(written)
    if extension and len(extension[1]) < len(subscriber) and subscriber.endswith(extension[1]):
        subscriber = f"{subscriber[: -len(extension[1])]}-{extension[1]}"
    return f"{trunk}{code} {subscriber}"


def normalised_email(value: str) -> str:
    """The address as ``email-validator`` normalises it (syntax only, no DNS); "" if invalid."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return ""


def contact_ids(value: str) -> list[str]:
    """The ids of a ``Contacts:`` field, in the order written."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]
