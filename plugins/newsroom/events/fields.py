"""Reading an event's fields: times, place, admission, guests and organisers.

The same functions serve the content check (:mod:`.checks`) and the generator, so what the
check accepts is exactly what the generator can show. A field that cannot be shown raises
:class:`EventProblem` with the field, what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER,
    DateTimeFormat,
    format_datetime,
    format_interval,
    parse_pattern,
)
from pelican.contents import Content

from ..contacts.model import Registry
from ..contacts.registry import load_registry
from ..core.dates import BERLIN, LOCALE, berlin_moment, clock, parse_date, weekday_date
from ..core.report import Report
from ..core.sources import web_address_problem
from ..core.text import plain_text
from .model import Admission, EventLocation, EventTimes, Guest, Place


class EventProblem(ValueError):
    """A field of an event that cannot be shown: which field, what is wrong, how to fix it."""

    def __init__(self, field_name: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message
        self.hint = hint


ONLINE_WORDS = ("online", "digital")


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


POSTAL_CODE_AND_TOWN = re.compile(r"^(?P<code>\d{5})\s+(?P<town>\S.*)$")


LOCATION_HINT = (
    "Schreiben Sie „Location: online“ (dazu „Online-URL: https://…“) oder die Adresse als "
    "„Name, Straße Nr., PLZ Ort“, z. B. „Rathaus Norderstedt, Rathausallee 50, 22846 Norderstedt“."
)


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


def metadata_text(content: Content, key: str) -> str:
    value = content.metadata.get(key, "")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def web_label(url: str) -> str:
    """„www.norderstedter-zukunftsdialog.de“ for a link text."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def plain_paragraphs(html: str) -> str:
    """Text of an HTML fragment with a blank line between paragraphs (for DESCRIPTION)."""
    blocks = re.split(r"</(?:p|li|h[1-6]|blockquote|pre)>", html or "")
    return "\n\n".join(text for text in (plain_text(block) for block in blocks) if text)
