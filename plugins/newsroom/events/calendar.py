"""Event archives: events read from their own folder, upcoming and past, calendars, open data.

Events are Markdown files in ``EVENTS_PATH`` (``content/veranstaltungen/``), read with Pelican's
own reader (so German typography applies) by :class:`EventsGenerator`. They are neither
articles nor pages and so never appear in press-release lists or feeds. Whether an event is
upcoming is decided by the build time (:func:`dates.build_time`: ``SOURCE_DATE_EPOCH`` when
set, else now), so a build of the same commit at the same time gives the same pages.

The same parsing functions serve the content check (:func:`check`) and the generator, so what
the check accepts is exactly what the generator can show.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER,
    DateTimeFormat,
    format_datetime,
    format_interval,
    parse_pattern,
)
from babel.lists import format_list
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from pelican.contents import Article, Content
from pelican.generators import Generator

from ..contacts.registry import Organisation, Registry, load_registry, organisation_json_ld
from ..core import schema
from ..core.dates import (
    BERLIN,
    LOCALE,
    berlin_moment,
    build_time,
    clock,
    in_berlin,
    local_time_problem,
    parse_date,
    weekday_date,
)
from ..core.report import Report, did_you_mean, suggest
from ..core.settings import capability_settings
from ..core.sources import PLACEHOLDER, SourceFile, markup_problem, web_address_problem
from ..core.text import plain_text

if TYPE_CHECKING:
    from ..core.sources import Sources

ONLINE_WORDS = ("online", "digital")
SCHEMA_ORG = "https://schema.org/"


@dataclass(frozen=True)
class EventStatus:
    ical: str  # STATUS in the calendar files
    schema_org: str  # eventStatus in JSON-LD
    label: str  # shown to citizens; empty while the event takes place as planned
    notice: str


STATUSES: dict[str, EventStatus] = {
    "scheduled": EventStatus("CONFIRMED", "EventScheduled", "", ""),
    "cancelled": EventStatus(
        "CANCELLED", "EventCancelled", "Abgesagt", "Diese Veranstaltung ist abgesagt."
    ),
    "postponed": EventStatus(
        "TENTATIVE",
        "EventPostponed",
        "Verschoben",
        "Diese Veranstaltung ist verschoben; der neue Termin wird hier bekannt gegeben.",
    ),
}
# What editors may write in German instead, for the „Meinten Sie …?“ of the check.
STATUS_IN_GERMAN = {
    "geplant": "scheduled",
    "findet statt": "scheduled",
    "bestätigt": "scheduled",
    "abgesagt": "cancelled",
    "fällt aus": "cancelled",
    "verschoben": "postponed",
}


class EventProblem(ValueError):
    """A field of an event that cannot be shown: which field, what is wrong, how to fix it."""

    def __init__(self, field_name: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message
        self.hint = hint


# --- Times ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventTimes:
    """When an event takes place, in Berlin time."""

    start: dt.datetime  # aware; midnight of the first day for all-day events
    end: dt.datetime | None  # aware; None for all-day events and timed ones without an end
    all_day: bool
    first_day: dt.date
    last_day: dt.date

    @property
    def over(self) -> dt.datetime:
        """From when the event counts as past: its end, else the midnight after its last day."""
        if self.end is not None:
            return self.end
        next_day = self.last_day + dt.timedelta(days=1)
        return dt.datetime.combine(next_day, dt.time(), tzinfo=BERLIN)

    def iso_start(self) -> str:
        return self.first_day.isoformat() if self.all_day else self.start.isoformat()

    def iso_end(self) -> str | None:
        """The end as in JSON-LD: the last day for all-day events, else the moment, if given."""
        if self.all_day:
            return self.last_day.isoformat()
        return self.end.isoformat() if self.end else None


def has_time(value: str) -> bool:
    return ":" in value


def event_times(start_text: str, end_text: str = "") -> EventTimes:
    """The times of an event from its ``Start:`` and ``End:``; :class:`EventProblem` if wrong."""
    start = parse_date(start_text) if start_text else None
    if start is None:
        raise EventProblem(
            "Start",
            f"„{start_text}“ ist kein gültiger Beginn.",
            "Schreiben Sie „Start: 2022-01-12 10:00“ oder für ganztägige Veranstaltungen "
            "„Start: 2022-01-12“.",
        )
    end = parse_date(end_text) if end_text else None
    if end_text and end is None:
        raise EventProblem(
            "End",
            f"„{end_text}“ ist kein gültiges Ende.",
            "Schreiben Sie „End: 2022-01-12 12:00“ oder für mehrtägige Veranstaltungen "
            "„End: 2022-01-14“.",
        )
    all_day = not has_time(start_text)
    if end_text and has_time(end_text) == all_day:
        raise EventProblem(
            "End",
            "Beginn und Ende sind verschieden angegeben: eines mit, eines ohne Uhrzeit.",
            "Geben Sie bei „Start:“ und „End:“ beide Male eine Uhrzeit an "
            "(„2022-01-12 10:00“) oder beide Male keine (ganztägig: „2022-01-12“).",
        )
    start, end = berlin_moment(start), berlin_moment(end) if end else None
    # In UTC: two Berlin times compare by the clock alone, blind to the doubled hour.
    if end is not None and end.astimezone(dt.UTC) < start.astimezone(dt.UTC):
        raise EventProblem(
            "End",
            f"Das Ende ({end_text}) liegt vor dem Beginn ({start_text}).",
            "Korrigieren Sie „End:“ oder „Start:“; das Ende muss am oder nach dem Beginn liegen.",
        )
    first_day = start.date()
    if all_day:
        last_day = end.date() if end else first_day
        return EventTimes(
            dt.datetime.combine(first_day, dt.time(), tzinfo=BERLIN),
            None,
            True,
            first_day,
            last_day,
        )
    last_day = end.date() if end else first_day
    return EventTimes(start, end, False, first_day, last_day)


def day_range(first: dt.date, last: dt.date) -> str:
    """„12.–14. Januar 2022“, „30. Januar – 2. Februar 2022“: Babel's interval for ``yMMMd``.

    CLDR has no interval for the written-out month; TR35 says to widen the matched pattern's
    month (``MMM`` → ``MMMM``), which Babel's ``format_interval`` leaves out. So the pieces of
    its ``yMMMd`` interval are widened here and applied to the two days as it would.
    """
    if first == last:
        return weekday_date(first)
    pieces = Locale.parse(LOCALE).interval_formats["yMMMd"]
    start_fields, end_fields = DateTimeFormat(first, locale=LOCALE), DateTimeFormat(last, LOCALE)
    for pattern_field in PATTERN_CHAR_ORDER:
        if pattern_field in pieces and start_fields.extract(pattern_field) != end_fields.extract(
            pattern_field
        ):
            return "".join(
                parse_pattern(re.sub(r"(?<!M)MMM(?!M)", "MMMM", piece)).apply(day, LOCALE)
                for piece, day in zip(pieces[pattern_field], (first, last), strict=True)
            )
    return format_interval(first, last, "yMMMd", locale=LOCALE)


def in_doubled_hour(moment: dt.datetime) -> bool:
    """Whether the clocks show this time twice (the switch to winter time)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def clock_reading(moment: dt.datetime) -> str:
    """„18:00 Uhr“; in the doubled hour „02:30 Uhr (Sommerzeit)“ or „(Winterzeit)“."""
    if not in_doubled_hour(moment):
        return f"{clock(moment)} Uhr"
    season = "Sommerzeit" if moment.dst() else "Winterzeit"
    return f"{clock(moment)} Uhr ({season})"


def when_text(times: EventTimes) -> str:
    """The date and time of an event in German, as the event page shows it.

    „Mittwoch, 12. Januar 2022, 10:00–12:00 Uhr“, without an end „…, ab 18:00 Uhr“,
    all-day „Mittwoch, 12. Januar 2022“,
    several days „12.–14. Januar 2022“.
    """
    if times.all_day:
        return day_range(times.first_day, times.last_day)
    day = weekday_date(times.start)
    if times.end is None:
        return f"{day}, ab {clock_reading(times.start)}"
    if any(in_doubled_hour(moment) for moment in (times.start, times.end)):
        end_day = "" if times.first_day == times.last_day else f"{weekday_date(times.end)}, "
        return f"{day}, {clock_reading(times.start)} bis {end_day}{clock_reading(times.end)}"
    if times.first_day == times.last_day:
        hours = format_interval(times.start, times.end, "Hm", tzinfo=BERLIN, locale=LOCALE)
        return f"{day}, {hours}"
    moment = "EEEE, d. MMMM y, HH:mm 'Uhr'"
    return (
        Locale.parse(LOCALE)
        .interval_formats[None]
        .replace("{0}", format_datetime(times.start, moment, tzinfo=BERLIN, locale=LOCALE))
        .replace("{1}", format_datetime(times.end, moment, tzinfo=BERLIN, locale=LOCALE))
    )


# --- Place ----------------------------------------------------------------------------------

POSTAL_CODE_AND_TOWN = re.compile(r"^(?P<code>\d{5})\s+(?P<town>\S.*)$")
LOCATION_HINT = (
    "Schreiben Sie „Location: online“ (dazu „Online-URL: https://…“) oder die Adresse als "
    "„Name, Straße Nr., PLZ Ort“, z. B. „Rathaus Norderstedt, Rathausallee 50, 22846 Norderstedt“."
)


@dataclass(frozen=True)
class Place:
    name: str
    street: str
    postal_code: str
    town: str

    @property
    def lines(self) -> list[str]:
        """The address as it is written on an envelope."""
        return [
            line for line in (self.name, self.street, f"{self.postal_code} {self.town}") if line
        ]


@dataclass(frozen=True)
class EventLocation:
    """Where an event takes place: at a place, online, or both."""

    text: str  # as the editor wrote it
    place: Place | None
    online_url: str

    @property
    def attendance(self) -> str:
        """``offline``, ``online`` or ``mixed``."""
        if self.place and self.online_url:
            return "mixed"
        return "offline" if self.place else "online"

    @property
    def short(self) -> str:
        """One line for lists and calendars."""
        if self.place is None:
            return "Online"
        text = ", ".join(self.place.lines)
        return f"{text} und online" if self.online_url else text


def is_web_address(value: str) -> bool:
    return web_address_problem(value.strip()) is None


def event_location(location_text: str, online_url: str = "") -> EventLocation:
    """The place of an event from ``Location:`` and ``Online-URL:``."""
    location_text, online_url = location_text.strip(), online_url.strip()
    if online_url and not is_web_address(online_url):
        raise EventProblem(
            "Online-URL",
            f"„{online_url}“ ist keine Internetadresse.",
            "Schreiben Sie die vollständige Adresse mit https://, z. B. "
            "„Online-URL: https://www.norderstedter-zukunftsdialog.de“.",
        )
    if location_text.lower() in ONLINE_WORDS:
        if not online_url:
            raise EventProblem(
                "Online-URL",
                "fehlt: Die Veranstaltung findet online statt, aber es fehlt die Adresse dazu.",
                "Ergänzen Sie im Kopf der Datei „Online-URL: https://…“ mit der Adresse, unter "
                "der man teilnimmt oder sich informiert.",
            )
        return EventLocation(location_text, None, online_url)
    parts = [part.strip() for part in location_text.split(",")]
    town = POSTAL_CODE_AND_TOWN.match(parts[-1])
    if len(parts) < 2 or town is None or not parts[-2]:
        raise EventProblem(
            "Location",
            f"„{location_text}“ ist weder „online“ noch eine Adresse mit Straße, "
            "Postleitzahl und Ort.",
            LOCATION_HINT,
        )
    place = Place(", ".join(parts[:-2]), parts[-2], town["code"], town["town"])
    return EventLocation(location_text, place, online_url)


# --- Admission and guests ------------------------------------------------------------------

FREE_WORDS = ("frei", "eintritt frei", "kostenlos", "kostenfrei", "gratis", "0 €", "0 euro")
PRICE = re.compile(r"(?P<amount>\d{1,5}(?:[.,]\d{1,2})?)\s*(?:€|EUR\b|Euro\b)", re.IGNORECASE)
ADMISSION_HINT = (
    "Schreiben Sie „Admission: frei“ oder den Preis in Euro, z. B. „Admission: 5 €“ oder "
    "„Admission: 12 €, ermäßigt 8 €“."
)
GUEST_WITH_ROLE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<role>[^()]+)\)$")
GUESTS_HINT = (
    "Schreiben Sie die Gäste durch Semikolons getrennt, jeden als „Name (Funktion)“, z. B. "
    "„Guests: Dr. Eva Muster (Zukunftsforscherin); Jürgen Germies (Haselhorst Associates)“."
)


@dataclass(frozen=True)
class Admission:
    """What it costs to attend: free, or the prices named (in euros)."""

    text: str  # shown on the page: „frei“ or as the editor wrote the prices
    free: bool
    prices: tuple[str, ...]  # as schema.org wants them: „12.00“, „8.00“


def event_admission(text: str) -> Admission | None:
    """``Admission:`` read: None when it is not given; :class:`EventProblem` if unreadable."""
    from babel.numbers import NumberFormatError, parse_decimal

    text = " ".join(text.split())
    if not text:
        return None
    if text.lower().rstrip(".") in FREE_WORDS:
        return Admission("frei", True, ())
    prices = []
    for match in PRICE.finditer(text):
        try:
            prices.append(f"{parse_decimal(match['amount'], locale=LOCALE):.2f}")
        except NumberFormatError:
            continue
    if not prices:
        raise EventProblem(
            "Admission", f"„{text}“ ist weder „frei“ noch ein Preis in Euro.", ADMISSION_HINT
        )
    return Admission(text, all(price == "0.00" for price in prices), tuple(prices))


@dataclass(frozen=True)
class Guest:
    name: str
    role: str


def event_guests(text: str) -> list[Guest]:
    """``Guests:``: „Name (Funktion); Name“; :class:`EventProblem` for an unreadable entry."""
    guests = []
    for entry in (part.strip() for part in text.split(";")):
        if not entry:
            continue
        match = GUEST_WITH_ROLE.match(entry)
        name, role = (match["name"].strip(), match["role"].strip()) if match else (entry, "")
        if "(" in name or ")" in name or not any(char.isalpha() for char in name):
            raise EventProblem(
                "Guests", f"„{entry}“ ist kein Gast der Form „Name (Funktion)“.", GUESTS_HINT
            )
        guests.append(Guest(name, role))
    return guests


# --- Organisers from the contact registry ---------------------------------------------------


def contact_registry(settings: Mapping[str, Any]) -> Registry | None:
    """The contact registry, for the ``Organizer:`` ids; None when it cannot be read at all.

    Its own problems are the contacts check's to report, so they are set aside here.
    """
    return load_registry(settings, Report())


def split_ids(value: str | Iterable[str] | None) -> list[str]:
    """``"stadtwerke, egno"`` (or Pelican's list of continued lines) → a list of ids."""
    if not value:
        return []
    text = value if isinstance(value, str) else ",".join(value)
    return [part.strip() for part in text.split(",") if part.strip()]


# --- The content check ----------------------------------------------------------------------


def check_event(source: SourceFile, registry: Registry | None, report: Report) -> None:
    """Times, place, organisers, status and addresses of one event source."""

    def problem(error: EventProblem) -> None:
        line = source.line_of(error.field_name) or source.line_of("Location")
        report.error(source.relative, error.field_name, error.message, error.hint, line)

    start, end = source.value("Start"), source.value("End")
    # Unreadable dates and local times that are not one moment are the shared check's
    # (checks.check_fields); the rest is ours.
    readable = [(text, parse_date(text)) for text in (start, end) if text]
    if (
        start
        and all(parsed is not None for _, parsed in readable)
        and not any(local_time_problem(text, parsed) for text, parsed in readable)
    ):
        try:
            times = event_times(start, end)
        except EventProblem as error:
            problem(error)
        else:
            if not times.all_day and times.end is None:
                report.note(
                    source.relative,
                    "End",
                    f"Die Veranstaltung hat kein Ende; sie erscheint als „ab {clock(times.start)}"
                    " Uhr“.",
                    "Steht das Ende fest, ergänzen Sie „End:“ mit Datum und Uhrzeit; sonst ist "
                    "nichts zu tun.",
                    source.line_of("Start"),
                )
    if source.value("Location") or source.value("Online-URL"):
        try:
            event_location(source.value("Location"), source.value("Online-URL"))
        except EventProblem as error:
            if error.field_name != "Location" or source.value("Location"):
                problem(error)
    for name, read in (("Admission", event_admission), ("Guests", event_guests)):
        if markup_problem(source.value(name)):
            continue  # reported once, as markup, by the check of all text fields
        try:
            read(source.value(name))
        except EventProblem as error:
            problem(error)
    registration = source.value("Registration")
    if registration and not is_web_address(registration):
        report.error(
            source.relative,
            "Registration",
            f"„{registration}“ ist keine Internetadresse.",
            "Schreiben Sie die Adresse der Anmeldung mit https://, z. B. "
            "„Registration: https://www.example.org/anmeldung“.",
            source.line_of("Registration"),
        )
    status = source.value("Status")
    if status and status.lower() not in STATUSES:
        meant = STATUS_IN_GERMAN.get(status.lower())
        report.error(
            source.relative,
            "Status",
            f"„{status}“ ist kein bekannter Status einer Veranstaltung.",
            (f"Meinten Sie „{meant}“? " if meant else did_you_mean(status, STATUSES) + " ")
            + "Erlaubt sind scheduled (findet statt), cancelled (abgesagt) und postponed "
            "(verschoben).",
            source.line_of("Status"),
        )
    if registry is None:
        return  # the registry itself is broken; the contacts check says how
    known = registry.organisation_ids
    for organiser in split_ids(source.value("Organizer")):
        if organiser not in known:
            report.error(
                source.relative,
                "Organizer",
                f"„{organiser}“ ist keine Organisation im Kontaktverzeichnis.",
                suggest(organiser, sorted(known), "Bekannte Organisationen"),
                source.line_of("Organizer"),
            )


def check(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """The events' own checks, and the ``Events:`` of press releases."""
    config = capability_settings(settings, "EVENTS")
    registry = contact_registry(settings)
    by_slug: dict[str, SourceFile] = {}
    for source in sources.get(schema.EVENT, []):
        check_event(source, registry, report)
        slug = source.value("Slug")
        if not slug:
            continue
        if slug in by_slug:
            report.error(
                source.relative,
                "Slug",
                f"„{slug}“ hat schon {by_slug[slug].relative}; zwei Veranstaltungen "
                "bekämen dieselbe Adresse.",
                "Geben Sie einer der beiden Veranstaltungen einen anderen „Slug:“ "
                "(Kleinbuchstaben, Ziffern, Bindestriche).",
                source.line_of("Slug"),
            )
        else:
            by_slug[slug] = source
    for source in sources.get(schema.PRESS_RELEASE, []):
        for event_id in split_ids(source.value("Events")):
            if event_id not in by_slug and PLACEHOLDER not in event_id:  # reported as such
                report.error(
                    source.relative,
                    "Events",
                    f"„{event_id}“ ist keine bekannte Veranstaltung.",
                    did_you_mean(event_id, by_slug)
                    or f"Nennen Sie den „Slug:“ einer Veranstaltung aus content/{config['path']}/"
                    " oder legen Sie sie dort an (make new-event).",
                    source.line_of("Events"),
                )


# --- Events as content ----------------------------------------------------------------------


class Event(Content):
    """One event. Pelican sets its metadata as attributes; the generator adds the rest."""

    mandatory_properties = ("title",)
    default_template = "event"
    default_status = "scheduled"


def metadata_text(content: Content, key: str) -> str:
    value = content.metadata.get(key, "")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def absolute_url(url: str, siteurl: str) -> str:
    """A site URL as it goes into calendars and JSON: absolute when SITEURL is set."""
    return f"{siteurl}/{url}" if siteurl else f"/{url}"


def web_label(url: str) -> str:
    """„www.norderstedter-zukunftsdialog.de“ for a link text."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def plain_paragraphs(html: str) -> str:
    """Text of an HTML fragment with a blank line between paragraphs (for DESCRIPTION)."""
    blocks = re.split(r"</(?:p|li|h[1-6]|blockquote|pre)>", html or "")
    return "\n\n".join(text for text in (plain_text(block) for block in blocks) if text)


@dataclass
class EventYear:
    """One year of the archive: the past events that began in it, newest first."""

    year: int
    url: str
    save_as: str
    events: list[Event] = field(default_factory=list)

    @property
    def label(self) -> str:
        count = len(self.events)
        return f"{count} Veranstaltung" if count == 1 else f"{count} Veranstaltungen"


def prepare_event(
    event: Event,
    config: Mapping[str, Any],
    organisations: Mapping[str, Organisation],
    now: dt.datetime,
    siteurl: str,
) -> None:
    """Attach everything templates, calendars and the export show about one event."""
    times = event_times(metadata_text(event, "start"), metadata_text(event, "end"))
    location = event_location(metadata_text(event, "location"), metadata_text(event, "online-url"))
    status_key = (event.status or "scheduled").lower()
    status = STATUSES[status_key]
    event.override_url = config["url"].format(slug=event.slug)
    event.override_save_as = config["save_as"].format(slug=event.slug)
    event.ics_url = config["ics_url"].format(slug=event.slug)
    event.ics_save_as = config["ics_save_as"].format(slug=event.slug)
    event.times = times
    event.when = when_text(times)
    event.start_iso = times.iso_start()
    event.end_iso = times.iso_end()
    event.year = times.first_day.year
    event.is_past = times.over <= now
    event.place = location.place
    event.online_url = location.online_url
    event.online_label = web_label(location.online_url) if location.online_url else ""
    event.attendance = location.attendance
    event.where = location.short
    event.admission = event_admission(metadata_text(event, "admission"))
    event.guests = event_guests(metadata_text(event, "guests"))
    event.registration = metadata_text(event, "registration")
    event.registration_label = web_label(event.registration) if event.registration else ""
    event.status = status_key
    event.status_label = status.label
    event.status_notice = status.notice
    event.organizers = [
        organisations[ident]
        for ident in split_ids(event.metadata.get("organizer"))
        if ident in organisations
    ]
    event.organizer_names = format_list(
        [
            f"{organiser.name} ({organiser.short_name})" if organiser.short_name else organiser.name
            for organiser in event.organizers
        ],
        locale=LOCALE,
    )
    event.plain_title = plain_text(event.title)
    event.plain_summary = plain_text(event.summary)
    event.absolute_url = absolute_url(event.url, siteurl)
    event.press_releases = []
    event.json_ld = event_json_ld(event, location)


def event_json_ld(event: Event, location: EventLocation) -> dict[str, Any]:
    """schema.org ``Event`` for the event page, as a dict the template renders with ``tojson``."""
    places: list[dict[str, Any]] = []
    if location.place is not None:
        place = location.place
        places.append(
            {
                "@type": "Place",
                "name": place.name or place.street,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": place.street,
                    "postalCode": place.postal_code,
                    "addressLocality": place.town,
                    "addressCountry": "DE",
                },
            }
        )
    if location.online_url:
        places.append({"@type": "VirtualLocation", "url": location.online_url})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.plain_title,
        "startDate": event.start_iso,
    }
    if event.end_iso:
        data["endDate"] = event.end_iso
    attendance = {"offline": "Offline", "online": "Online", "mixed": "Mixed"}[location.attendance]
    data.update(
        {
            "eventStatus": SCHEMA_ORG + STATUSES[event.status].schema_org,
            "eventAttendanceMode": f"{SCHEMA_ORG}{attendance}EventAttendanceMode",
            "location": places[0] if len(places) == 1 else places,
            "organizer": [organisation_json_ld(organiser) for organiser in event.organizers],
            "url": event.absolute_url,
            "description": event.plain_summary,
            "inLanguage": "de",
        }
    )
    if event.guests:
        data["performer"] = [guest_json_ld(guest) for guest in event.guests]
    admission = event.admission
    if admission is not None:
        data["isAccessibleForFree"] = admission.free
        data["offers"] = [
            {
                "@type": "Offer",
                "price": price,
                "priceCurrency": "EUR",
                "url": event.registration or event.absolute_url,
                "availability": f"{SCHEMA_ORG}InStock",
            }
            for price in (admission.prices or ("0.00",))
        ]
    return data


def guest_json_ld(guest: Guest) -> dict[str, str]:
    person = {"@type": "Person", "name": guest.name}
    if guest.role:
        person["jobTitle"] = guest.role
    return person


def event_record(event: Event, siteurl: str) -> dict[str, Any]:
    """One event in the open-data export (documented in docs/OPEN-DATA.md)."""
    place = event.place
    return {
        "id": event.slug,
        "title": event.plain_title,
        "url": event.absolute_url,
        "ics": absolute_url(event.ics_url, siteurl),
        "start": event.start_iso,
        "end": event.end_iso,
        "allDay": event.times.all_day,
        "status": event.status,
        "attendance": event.attendance,
        "place": None
        if place is None
        else {
            "name": place.name,
            "streetAddress": place.street,
            "postalCode": place.postal_code,
            "addressLocality": place.town,
        },
        "onlineUrl": event.online_url or None,
        "registration": event.registration or None,
        "admission": None
        if event.admission is None
        else {
            "text": event.admission.text,
            "free": event.admission.free,
            "prices": list(event.admission.prices),
        },
        "guests": [{"name": guest.name, "role": guest.role or None} for guest in event.guests],
        "organizers": [
            {"id": o.id, "name": o.name, "url": o.web or None} for o in event.organizers
        ],
        "summary": event.plain_summary,
        "description": plain_paragraphs(event.content),
        "tags": [str(tag) for tag in getattr(event, "tags", [])],
        "pressReleases": [
            {
                "title": plain_text(article.title),
                "url": absolute_url(article.url, siteurl),
                "date": in_berlin(article.date).date().isoformat(),
            }
            for article in event.press_releases
        ],
    }


# --- Calendar files -------------------------------------------------------------------------


def calendar_moment(moment: dt.datetime) -> dt.datetime:
    """A time for DTSTART/DTEND: Berlin time, but UTC in the hour the clocks show twice, where
    a calendar would read ``TZID=Europe/Berlin`` as the first of the two (RFC 5545, 3.3.5)."""
    return moment.astimezone(dt.UTC) if in_doubled_hour(moment) else moment


def calendar_entry(event: Event, uid_domain: str, stamp: dt.datetime) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}@{uid_domain}")
    entry.add("dtstamp", stamp.astimezone(dt.UTC))
    times = event.times
    if times.all_day:
        entry.add("dtstart", times.first_day)
        entry.add("dtend", times.last_day + dt.timedelta(days=1))  # exclusive, RFC 5545
    else:
        entry.add("dtstart", calendar_moment(times.start))
        if times.end is not None:
            entry.add("dtend", calendar_moment(times.end))
    entry.add("summary", event.plain_title)
    location = event.where if event.place else f"Online: {event.online_url}"
    entry.add("location", location)
    # Calendar apps open only absolute addresses; a development build (no SITEURL) has none.
    address = urlsplit(event.absolute_url)
    web_address = event.absolute_url if address.scheme and address.netloc else ""
    if web_address:
        entry.add("url", web_address)
    description = [event.plain_summary, plain_paragraphs(event.content)]
    if event.online_url:
        description.append(f"Online: {event.online_url}")
    if event.guests:
        names = [f"{g.name} ({g.role})" if g.role else g.name for g in event.guests]
        description.append(f"Gäste: {'; '.join(names)}")
    if event.admission is not None:
        description.append(f"Eintritt: {event.admission.text}")
    if times.end is None and not times.all_day:
        description.append(f"Beginn {clock(times.start)} Uhr, das Ende ist offen.")
    if event.registration:
        description.append(f"Anmeldung: {event.registration}")
    if web_address:
        description.append(f"Mehr: {web_address}")
    entry.add("description", "\n\n".join(part for part in description if part))
    entry.add("status", STATUSES[event.status].ical)
    return entry


def calendar_bytes(
    events: list[Event], config: Mapping[str, Any], uid_domain: str, stamp: dt.datetime, name: str
) -> bytes:
    """An iCalendar file of the events, with the VTIMEZONE of Europe/Berlin their times use."""
    calendar = Calendar()
    calendar.add("prodid", config["prodid"])
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for event in events:
        calendar.add_component(calendar_entry(event, uid_domain, stamp))
    if events:
        # Transitions only for the years the events span: the same bytes on every build.
        first = min(event.times.first_day for event in events).replace(month=1, day=1)
        last = max(event.times.last_day for event in events).replace(month=12, day=31)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        for zone in calendar.walk("VTIMEZONE"):
            zone.pop("COMMENT", None)  # the helper's English note on the years it covers
    return calendar.to_ical()


def uid_domain(config: Mapping[str, Any], siteurl: str) -> str:
    return config["uid_domain"] or urlsplit(siteurl).hostname or "localhost"


# --- The generator --------------------------------------------------------------------------


class EventsGenerator(Generator):
    """Reads the events, links them with press releases, writes their pages and files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = capability_settings(self.settings, "EVENTS")
        self.events: list[Event] = []
        self.years: list[EventYear] = []

    def generate_context(self) -> None:
        config, siteurl = self.config, self.settings.get("SITEURL", "")
        now = build_time(self.settings)
        registry = self.context.get("contact_registry") or contact_registry(self.settings)
        organisations = registry.organisations if registry is not None else {}
        files = sorted(self.get_files([config["path"]], extensions=("md",)))
        for path in files:
            event = self.readers.read_file(
                base_path=self.path, path=path, content_class=Event, context=self.context
            )
            prepare_event(event, config, organisations, now, siteurl)
            self.add_source_path(event)
            self.events.append(event)
        self.events.sort(key=lambda event: (event.times.start.astimezone(dt.UTC), event.slug))
        self.link_press_releases()
        upcoming = [event for event in self.events if not event.is_past]
        past = [event for event in reversed(self.events) if event.is_past]
        years: dict[int, EventYear] = {}
        for event in past:
            if event.year not in years:
                years[event.year] = EventYear(
                    event.year,
                    config["year_url"].format(year=event.year),
                    config["year_save_as"].format(year=event.year),
                )
            years[event.year].events.append(event)
        self.years = sorted(years.values(), key=lambda year: year.year, reverse=True)
        self.context.update(
            {
                "events": self.events,
                "upcoming_events": upcoming,
                "next_events": upcoming[: config["on_start_page"]],
                "past_events": past,
                "event_years": self.years,
                "events_url": config["index_url"],
                "events_archive_url": config["archive_url"],
                "events_calendar_url": config["calendar_url"],
                "events_data_url": config["data_url"],
            }
        )

    def link_press_releases(self) -> None:
        """Each press release gets the events its ``Events:`` names, each event the releases."""
        by_slug = {event.slug: event for event in self.events}
        listed = self.context.get("articles", [])
        for article in [*listed, *self.context.get("hidden_articles", [])]:
            if not isinstance(article, Article):
                continue
            named = [by_slug[i] for i in split_ids(article.metadata.get("events")) if i in by_slug]
            article.linked_events = named
            article.linked_events_heading = (
                "Zur Veranstaltung" if len(named) == 1 else "Zu den Veranstaltungen"
            )
        for article in listed:
            for event in getattr(article, "linked_events", []):
                event.press_releases.append(article)
        for event in self.events:
            event.press_releases.sort(key=lambda article: article.date, reverse=True)

    def generate_output(self, writer: Any) -> None:
        config, relative_urls = self.config, self.settings["RELATIVE_URLS"]
        for event in self.events:
            writer.write_file(
                event.save_as,
                self.get_template(event.template),
                self.context,
                relative_urls,
                url=event.url,
                event=event,
            )
        writer.write_file(
            config["index_save_as"],
            self.get_template("events"),
            self.context,
            relative_urls,
            url=config["index_url"],
        )
        writer.write_file(
            config["archive_save_as"],
            self.get_template("events_archive"),
            self.context,
            relative_urls,
            url=config["archive_url"],
        )
        for year in self.years:
            writer.write_file(
                year.save_as,
                self.get_template("events_year"),
                self.context,
                relative_urls,
                url=year.url,
                event_year=year,
            )
        self.write_data_files()

    def write_data_files(self) -> None:
        """The calendar files and the open-data export: same content, same bytes."""
        config, siteurl = self.config, self.settings.get("SITEURL", "")
        stamp = build_time(self.settings)
        domain = uid_domain(config, siteurl)
        sitename = plain_text(self.settings.get("SITENAME", ""))
        for event in self.events:
            self.write_bytes(
                event.ics_save_as,
                calendar_bytes([event], config, domain, stamp, event.plain_title),
            )
        self.write_bytes(
            config["calendar_save_as"],
            calendar_bytes(self.events, config, domain, stamp, f"Veranstaltungen – {sitename}"),
        )
        export = {
            "title": f"Veranstaltungen – {sitename}",
            "url": absolute_url(config["index_url"], siteurl),
            "calendar": absolute_url(config["calendar_url"], siteurl),
            "generated": stamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "events": [event_record(event, siteurl) for event in self.events],
        }
        text = json.dumps(export, ensure_ascii=False, indent=2) + "\n"
        self.write_bytes(config["data_save_as"], text.encode("utf-8"))

    def write_bytes(self, save_as: str, data: bytes) -> None:
        target = Path(self.output_path) / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def get_generators(pelican: Any) -> type[EventsGenerator]:
    """Signal ``get_generators``: the events are written by their own generator."""
    return EventsGenerator
