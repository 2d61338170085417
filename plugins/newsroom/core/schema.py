"""The metadata fields editors may use, per content type: the single source for the checks,
the scaffolds (`make new-…`) and the table in docs/REDAKTION.md."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    required: bool
    form: str  # the format, in German, for messages and the guide
    example: str


PRESS_RELEASE = "Pressemitteilung"
PAGE = "Seite"
EVENT = "Veranstaltung"
# The names `python -m newsroom new …` (`make new-…`) takes for each content type.
COMMAND_NAMES = {"press-release": PRESS_RELEASE, "event": EVENT, "page": PAGE}

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    PRESS_RELEASE: (
        FieldSpec("Title", True, "Text", "Unternehmen loten die Chancen der Smart City aus"),
        FieldSpec("Date", True, "JJJJ-MM-TT oder JJJJ-MM-TT HH:MM", "2022-01-13 10:00"),
        FieldSpec("Modified", False, "JJJJ-MM-TT oder JJJJ-MM-TT HH:MM", "2022-01-14 10:30"),
        FieldSpec(
            "Modified-Note", False, "eine Zeile Text (was geändert wurde)", "Uhrzeit korrigiert"
        ),
        FieldSpec("Slug", True, "Kleinbuchstaben, Ziffern, Bindestriche", "unternehmen-smart-city"),
        FieldSpec("Summary", True, "Text, 1–3 Sätze (der Vorspann)", "Was bedeutet …?"),
        FieldSpec("Location", True, "Ortsname (Dateline)", "Norderstedt"),
        FieldSpec("Tags", False, "Themen, durch Kommas getrennt", "Smart City, Wirtschaft"),
        FieldSpec("Contacts", False, "Kontakt-IDs, durch Kommas getrennt", "mirjam-bantle"),
        FieldSpec(
            "Events",
            False,
            "Veranstaltungs-Slugs, durch Kommas getrennt",
            "konferenz-digital-zukunftsdialog-2022",
        ),
        FieldSpec("Image", False, "Pfad zum Bild", "{static}/bilder/2022/konferenz.jpg"),
        FieldSpec("Image-Alt", False, "Text (Pflicht, wenn Image gesetzt)", "Blick in den Saal"),
        FieldSpec("Image-Credit", False, "Text (Pflicht, wenn Image gesetzt)", "Foto: Stadtwerke"),
        FieldSpec(
            "Image-License",
            False,
            "Adresse der Lizenz (https://…) oder Nutzungsbedingung (Pflicht, wenn Image gesetzt)",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        FieldSpec("Status", False, "published oder draft", "draft"),
    ),
    PAGE: (
        FieldSpec("Title", True, "Text", "Digitalisierungsstrategie"),
        FieldSpec("Slug", True, "Kleinbuchstaben, Ziffern, Bindestriche", "digitalstrategie"),
        FieldSpec("Summary", True, "Text, 1–3 Sätze", "Die Stadt entwickelt …"),
        FieldSpec("Project-Status", False, "Text (nur Projektseiten)", "in Entwicklung"),
        FieldSpec("Contacts", False, "Kontakt-IDs, durch Kommas getrennt", "sonja-bahnsen"),
        FieldSpec("Tags", False, "Themen, durch Kommas getrennt", "Smart City"),
        FieldSpec("Modified", False, "JJJJ-MM-TT", "2022-01-13"),
        FieldSpec("Order", False, "ganze Zahl (Reihenfolge in Listen)", "1"),
        FieldSpec("Status", False, "published, hidden oder draft", "hidden"),
    ),
    EVENT: (
        FieldSpec("Title", True, "Text", "4. Konferenz digital"),
        FieldSpec("Slug", True, "Kleinbuchstaben, Ziffern, Bindestriche", "konferenz-digital"),
        FieldSpec("Start", True, "JJJJ-MM-TT oder JJJJ-MM-TT HH:MM", "2022-01-12 10:00"),
        FieldSpec("End", False, "JJJJ-MM-TT oder JJJJ-MM-TT HH:MM", "2022-01-12 12:00"),
        FieldSpec("Location", True, "„Name, Straße Nr., PLZ Ort“ oder „online“", "online"),
        FieldSpec("Online-URL", False, "https://… (Pflicht bei online)", "https://example.org"),
        FieldSpec("Organizer", True, "Organisations-IDs, durch Kommas getrennt", "stadtwerke"),
        FieldSpec("Registration", False, "https://…", "https://example.org/anmeldung"),
        FieldSpec("Admission", False, "Eintritt: „frei“ oder Preis in Euro", "frei"),
        FieldSpec(
            "Guests",
            False,
            "Gäste: „Name (Funktion)“, durch Semikolons getrennt",
            "Dr. Eva Muster (Zukunftsforscherin); Jürgen Germies (Haselhorst Associates)",
        ),
        FieldSpec("Status", False, "scheduled, cancelled oder postponed", "scheduled"),
        FieldSpec("Summary", True, "Text, 1–3 Sätze", "Unternehmen diskutieren …"),
        FieldSpec("Tags", False, "Themen, durch Kommas getrennt", "Smart City"),
    ),
}


# The contact registry (content/daten/kontakte.yaml): the fields of each kind of entry.
ORGANISATION = "Organisation"
PERSON = "Person"
ADDRESS = "Adresse"

REGISTRY_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    ORGANISATION: (
        FieldSpec("id", True, "Kleinbuchstaben, Ziffern, Bindestriche", "stadtwerke"),
        FieldSpec("name", True, "Text", "Stadtwerke Norderstedt"),
        FieldSpec("kurzname", False, "Text", "EGNO"),
        FieldSpec("web", False, "https://…", "https://www.stadtwerke-norderstedt.de/"),
        FieldSpec("adresse", False, "strasse, plz, ort (eingerückt darunter)", "plz: 22846"),
    ),
    PERSON: (
        FieldSpec("id", True, "Kleinbuchstaben, Ziffern, Bindestriche", "mirjam-bantle"),
        FieldSpec("name", True, "Vorname Nachname", "Mirjam Bantle"),
        FieldSpec("vorname", False, "Text (sonst aus name)", "Mirjam"),
        FieldSpec("nachname", False, "Text (sonst aus name)", "Bantle"),
        FieldSpec("rolle", False, "Funktion oder Abteilung", "Nachhaltigkeitskommunikation"),
        FieldSpec("organisation", True, "id einer Organisation", "stadtwerke"),
        FieldSpec("telefon", False, "Nummer mit Vorwahl", "040 / 521 04 – 2900"),
        FieldSpec("email", False, "E-Mail-Adresse", "mbantle@stadtwerke-norderstedt.de"),
    ),
    ADDRESS: (
        FieldSpec("strasse", False, "Straße und Hausnummer", "Rathausallee 50"),
        FieldSpec("plz", True, "fünfstellige Postleitzahl", "22846"),
        FieldSpec("ort", True, "Ort", "Norderstedt"),
    ),
}


def field_names(kind: str) -> list[str]:
    return [spec.name for spec in FIELDS[kind]]


def required_fields(kind: str) -> list[str]:
    return [spec.name for spec in FIELDS[kind] if spec.required]


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
