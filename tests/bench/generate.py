"""Deterministic synthetic German press releases for the benchmark (and its smoke test).

``write_site(target, count)`` copies the real content folder (contact registry, project and
legal pages, the seed and its event) and adds ``count`` press releases of about 640 words —
with dateline, lead, quotes, lists, links, topics, contacts from the registry and events they
report on — plus one event per ten releases. The same ``count`` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from newsroom.core.dates import local_time_problem

ROOT = Path(__file__).resolve().parents[2]
REAL_CONTENT = ROOT / "content"
PRESS_FOLDER = "pressemitteilungen"
EVENTS_FOLDER = "veranstaltungen"
# The newest release lies before the test suite's fixed build time (2026-11-26), so none is
# under embargo; the archive reaches back about ten years.
NEWEST = dt.datetime(2026, 11, 20, 10, 0)
SPAN_DAYS = 3650
RELEASES_PER_EVENT = 10
OPERATOR_FILE = "daten/betreiber.yaml"
EMPTY_ENTRY = re.compile(r"^(?P<key>[a-z_]+):\s*$")

CONTACTS = ("mirjam-bantle", "keno-kramer", "sonja-bahnsen")
ORGANIZERS = ("stadtwerke", "egno", "stadt")
TOPICS = (
    "Smart City",
    "Wirtschaft",
    "Digitalisierung",
    "Zukunftsdialog",
    "Mobilität",
    "Energie",
    "Klimaschutz",
    "Breitband",
    "Bürgerbeteiligung",
    "Verwaltung",
    "Bildung",
    "Stadtentwicklung",
    "Open Data",
    "Wärmewende",
    "Radverkehr",
    "Ehrenamt",
    "Gesundheit",
    "Kultur",
    "Sport",
    "Wohnen",
)
PLACES = ("Norderstedt", "Norderstedt-Garstedt", "Norderstedt-Harksheide", "Kiel", "Hamburg")
TITLE_TAILS = (
    "der Start ist im Frühjahr",
    "erste Ergebnisse liegen vor",
    "die Bürgerbeteiligung beginnt",
    "Unternehmen können mitmachen",
    "die Stadtwerke ziehen Bilanz",
    "EGNO und Stadt laden ein",
    "der Zukunftsdialog geht weiter",
)
THINGS = (
    "ein neues Sensornetz für Parkplätze",
    "die digitale Bürgersprechstunde",
    "ein Förderprogramm für kleine Unternehmen",
    "freies WLAN in der Innenstadt",
    "eine Plattform für offene Daten",
    "den Ausbau der Ladesäulen",
    "ein Pilotprojekt zur Wärmeplanung",
    "die Online-Terminvergabe im Rathaus",
    "ein Netzwerk für Gründerinnen und Gründer",
    "smarte Straßenbeleuchtung",
)
SENTENCES = (
    "Die Smart City ist die Stadt der Zukunft, in der digitale Transformation und nachhaltige "
    "Stadtentwicklung Hand in Hand gehen.",
    "Gemeinsam mit engagierten Bürgerinnen und Bürgern sowie Unternehmerinnen und Unternehmern "
    "entstehen konkrete Projektideen für die nachhaltige und digitale Stadt.",
    "Die hervorragende Breitbandinfrastruktur von wilhelm.tel ist dafür eine gute Grundlage.",
    "Für viele Unternehmen stehen die Digitalisierung ihrer Prozesse, der interne Kulturwandel "
    "und die Mobilität der Mitarbeitenden im Vordergrund.",
    "Die Verwaltung prüft derzeit, welche Dienstleistungen sich vollständig digital anbieten "
    "lassen und wo persönliche Beratung wichtig bleibt.",
    "Dabei geht es nicht um Technik um ihrer selbst willen, sondern um spürbare Verbesserungen "
    "im Alltag der Menschen in Norderstedt.",
    "Erste Ergebnisse sollen bereits im kommenden Quartal öffentlich vorgestellt werden.",
    "Die Daten werden anonymisiert erhoben und nach den Vorgaben der DSGVO verarbeitet.",
    "Interessierte können sich bis Ende des Monats für die nächste Projektphase melden.",
    "Das Vorhaben wird aus Mitteln des Bundes und des Landes Schleswig-Holstein gefördert.",
    "Norderstedt belegt im Smart City Ranking von Haselhorst Associates seit Jahren einen "
    "Platz unter den besten zwanzig Städten Deutschlands.",
    "Die Erfahrungen aus dem Pilotbetrieb fließen direkt in die Digitalisierungsstrategie ein.",
    "Auch Schulen, Vereine und Initiativen sind eingeladen, sich mit eigenen Ideen zu beteiligen.",
    "Die Kosten für das erste Jahr belaufen sich auf rund 250.000 Euro.",
    'Der Arbeitstitel "Norderstedt vernetzt" soll im Laufe des Jahres durch einen Namen ersetzt '
    "werden, den die Bürgerschaft auswählt.",
    "Wer Fragen hat, erreicht das Projektteam montags bis freitags zwischen 9 und 16 Uhr.",
)
PLAIN_SENTENCES = tuple(sentence for sentence in SENTENCES if '"' not in sentence)
SPEAKERS = (
    ("Jens Seedorff", "Werkleiter der Stadtwerke Norderstedt"),
    ("Marc-Mario Bertermann", "Geschäftsführer der EGNO"),
    ("Sonja Bahnsen", "Chief Digital Officer der Stadt Norderstedt"),
    ("Nils Sadowski", "Produktmanager der Stadtwerke Norderstedt"),
)
QUOTES = (
    "Mit NorderstedtGO! wollen wir Vernetzung und Teilhabe durch eine nachhaltige "
    "Digitalisierung fördern. Dafür brauchen wir die Ideen aller, die hier leben und arbeiten.",
    "Wir haben mit unserer starken und innovativen Wirtschaft ideale Voraussetzungen. "
    "Norderstedt zeigt sich zukunftsweisend, und das soll man im Alltag merken.",
    "Entscheidend ist, dass die Angebote einfach zu nutzen sind – für alle Generationen. "
    "Deshalb testen wir früh und gemeinsam mit den Menschen, die sie später nutzen.",
    "Es geht's nicht um Technik, sondern um eine Stadt, in der man gerne lebt. "
    "Digitale Werkzeuge sind dafür nur ein Mittel...",
)
LIST_ITEMS = (
    "Beratung für Unternehmen zur Digitalisierung ihrer Abläufe",
    "Workshops für Bürgerinnen und Bürger in der Stadtbücherei",
    "ein offenes Datenportal mit Verkehrs- und Umweltdaten",
    "Sprechstunden der Zukunftsbotschafter:innen im Rathaus",
    "ein Ideenwettbewerb für Schulen",
    "Testfelder für neue Mobilitätsangebote",
    "Messstationen für Luftqualität an zehn Standorten",
)
LINKS = (
    ("NorderstedtGO!", "https://www.norderstedt.de/go"),
    ("Norderstedter Zukunftsdialog", "http://www.norderstedter-zukunftsdialog.de"),
    ("Stadtwerke Norderstedt", "https://www.stadtwerke-norderstedt.de/"),
    ("EGNO", "https://www.egno.de/"),
)


@dataclass(frozen=True)
class GeneratedSite:
    content: Path
    releases: list[Path]
    events: list[Path]


def clear_local_time(moment: dt.datetime) -> dt.datetime:
    """``moment``, or the first whole hour after it that names one moment in Norderstedt: the
    content check refuses a time in the hour the clocks skip or show twice."""
    while local_time_problem(f"{moment:%Y-%m-%d %H:%M}", moment) is not None:
        moment = moment.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return moment


def release_title(rng: random.Random, number: int) -> str:
    thing = rng.choice(THINGS)
    return f"{thing[0].upper()}{thing[1:]}: {rng.choice(TITLE_TAILS)} ({number})"


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def lead(rng: random.Random, sentences: int) -> str:
    """A Summary: a plain field, where editors type German quotes themselves."""
    return " ".join(rng.choice(PLAIN_SENTENCES) for _ in range(sentences))


def release_body(rng: random.Random, event_slug: str | None) -> str:
    speaker, role = rng.choice(SPEAKERS)
    second, second_role = rng.choice(SPEAKERS)
    link_text, link_url = rng.choice(LINKS)
    items = rng.sample(LIST_ITEMS, 4)
    steps = rng.sample(LIST_ITEMS, 3)
    parts = [
        paragraph(rng, 4),
        paragraph(rng, 3) + f" Mehr dazu unter [{link_text}]({link_url}).",
        f'{speaker}, {role}, sagte: "{rng.choice(QUOTES)}"',
        "## Was geplant ist",
        paragraph(rng, 2),
        "\n".join(f"- {item}" for item in items),
        paragraph(rng, 4),
        f'> "{rng.choice(QUOTES)}" -- {second}, {second_role}',
        "## Die nächsten Schritte",
        "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1)),
        paragraph(rng, 4),
        paragraph(rng, 3) + " Das Projekt ist Teil der **Smart-City-Offensive NorderstedtGO!**.",
        paragraph(rng, 3),
        paragraph(rng, 3),
        paragraph(rng, 3),
        paragraph(rng, 2)
        + " Fragen beantwortet das Team unter "
        + "[digitalisierung@norderstedt.de](mailto:digitalisierung@norderstedt.de).",
    ]
    if event_slug:
        parts.append(
            "Die Veranstaltung, über die diese Pressemitteilung berichtet, steht im "
            "Veranstaltungskalender."
        )
    return "\n\n".join(parts) + "\n"


def event_text(rng: random.Random, number: int, start: dt.datetime) -> tuple[str, str]:
    slug = f"bench-veranstaltung-{number:05d}"
    organizers = ", ".join(rng.sample(ORGANIZERS, 2))
    topics = ", ".join(rng.sample(TOPICS, 2))
    end = start + dt.timedelta(hours=2)
    text = (
        f"Title: Zukunftsdialog Nummer {number}\n"
        f"Slug: {slug}\n"
        f"Start: {start:%Y-%m-%d %H:%M}\n"
        f"End: {end:%Y-%m-%d %H:%M}\n"
        f"Location: Rathaus Norderstedt, Rathausallee 50, 22846 Norderstedt\n"
        f"Organizer: {organizers}\n"
        "Status: scheduled\n"
        f"Summary: {lead(rng, 1)}\n"
        f"Tags: {topics}\n"
        "\n"
        f"{paragraph(rng, 4)}\n\n{paragraph(rng, 3)}\n"
    )
    return slug, text


def release_text(
    rng: random.Random, number: int, date: dt.datetime, event_slug: str | None
) -> tuple[str, str]:
    title = release_title(rng, number)
    slug = f"bench-pressemitteilung-{number:05d}"
    contacts = ", ".join(rng.sample(CONTACTS, rng.choice((1, 2))))
    topics = ", ".join(rng.sample(TOPICS, rng.choice((2, 3, 4))))
    lines = [
        f"Title: {title}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Slug: {slug}",
        f"Location: {rng.choice(PLACES)}",
        f"Summary: {lead(rng, 2)}",
        f"Tags: {topics}",
        f"Contacts: {contacts}",
    ]
    if event_slug:
        lines.append(f"Events: {event_slug}")
    return slug, "\n".join(lines) + "\n\n" + release_body(rng, event_slug)


def sample_value(key: str) -> str:
    """A stand-in for an operator detail the production build requires."""
    if "datum" in key:
        return "2026-11-01"
    if "mail" in key:
        return "presse@norderstedt.de"
    if "telefon" in key:
        return "040 535950"
    return "Beispielangabe für den Leistungstest"


def complete_operator_data(target: Path) -> None:
    """Fill the empty top-level entries of the operator file, so a production build runs."""
    path = target / OPERATOR_FILE
    if not path.is_file():
        return
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EMPTY_ENTRY.match(line)
        lines.append(f"{match['key']}: {sample_value(match['key'])}" if match else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_site(target: Path, count: int, seed: int = 2022) -> GeneratedSite:
    """The real content plus ``count`` synthetic press releases, written below ``target``."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REAL_CONTENT, target)
    complete_operator_data(target)
    rng = random.Random(seed)
    step = dt.timedelta(days=SPAN_DAYS) / max(count, 1)
    releases: list[Path] = []
    events: list[Path] = []
    event_slug: str | None = None
    for number in range(1, count + 1):
        date = clear_local_time(
            (NEWEST - step * (count - number)).replace(minute=0, second=0, microsecond=0)
        )
        if number % RELEASES_PER_EVENT == 1:
            event_slug, text = event_text(rng, number, date.replace(hour=10) - dt.timedelta(days=1))
            path = target / EVENTS_FOLDER / f"{date:%Y-%m-%d}-{event_slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            events.append(path)
        reports_on = event_slug if number % RELEASES_PER_EVENT in (1, 2) else None
        slug, text = release_text(rng, number, date, reports_on)
        path = target / PRESS_FOLDER / f"{date:%Y}" / f"{date:%Y-%m-%d}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        releases.append(path)
    return GeneratedSite(target, releases, events)


def edit_release(path: Path, round_number: int) -> None:
    """One editor's change to one release: a sentence added at the end."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nNachtrag {round_number}: Die Anmeldung ist ab sofort möglich.\n")
