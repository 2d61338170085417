"""German dates, independent of the machine's locale, and the build time."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time

from .settings import capability_settings

LOCALE = "de_DE"
BERLIN = ZoneInfo("Europe/Berlin")


def build_time(settings: Mapping[str, Any]) -> dt.datetime:
    """The moment this build stands for, timezone-aware.

    ``BUILD_TIME`` (tests) wins over ``SOURCE_DATE_EPOCH`` (reproducible builds), which wins over
    the clock. Embargoes and the split into upcoming and past events are decided by it.
    """
    fixed = capability_settings(settings, "BUILD")["time"]
    if isinstance(fixed, dt.datetime):
        return fixed if fixed.tzinfo else fixed.replace(tzinfo=BERLIN)
    if isinstance(fixed, str) and fixed:
        parsed = dt.datetime.fromisoformat(fixed)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


def in_berlin(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(BERLIN) if moment.tzinfo else moment.replace(tzinfo=BERLIN)


# --- Local times and the switch to and from daylight saving time ----------------------------


def offset_text(offset: dt.timedelta | None) -> str:
    """„+01:00“."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock_switch(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The switch of the clocks in Berlin next to a naive wall time whose two readings (fold 0
    and 1) differ: the wall time on the clock just before it and the one it is set to."""
    before = moment.replace(tzinfo=BERLIN, fold=0).utcoffset()
    low = moment.replace(tzinfo=dt.UTC) - dt.timedelta(hours=4)
    high = low + dt.timedelta(hours=8)
    while high - low > dt.timedelta(minutes=1):  # the first UTC minute with the new offset
        middle = low + (high - low) / 2
        if middle.astimezone(BERLIN).utcoffset() == before:
            low = middle
        else:
            high = middle
    switch = high.replace(second=0, microsecond=0)
    old = (switch + before).replace(tzinfo=None)
    return old, switch.astimezone(BERLIN).replace(tzinfo=None)


def berlin_moment(moment: dt.datetime) -> dt.datetime:
    """A moment as editors write it, aware, in Berlin time; a written offset is kept.

    A wall time the clocks skip or show twice gets the reading before the switch; the content
    check (:func:`local_time_problem`) refuses both, so no build shows such a time.
    """
    return moment.astimezone(BERLIN) if moment.tzinfo else moment.replace(tzinfo=BERLIN, fold=0)


def local_time_problem(written: str, moment: dt.datetime) -> tuple[str, str] | None:
    """Why a date with a time cannot stand for one moment in Norderstedt, and the fix.

    ``moment`` is ``written`` parsed: naive, or aware where the editor gave an offset
    (``2022-10-30 02:30 +01:00``). None when it names exactly one moment.
    """
    written = written.strip()
    if moment.tzinfo is not None:
        local = moment.astimezone(BERLIN)
        if local.replace(tzinfo=None) == moment.replace(tzinfo=None):
            return None
        wall = moment.replace(tzinfo=None)
        plain = wall.strftime("%Y-%m-%d %H:%M")
        readings = {wall.replace(tzinfo=BERLIN, fold=fold).utcoffset() for fold in (0, 1)}
        fitting = " oder ".join(f"„{plain} {offset_text(o)}“" for o in sorted(readings))
        return (
            f"„{written}“: Der Zusatz {offset_text(moment.utcoffset())} passt nicht zur Uhrzeit "
            f"in Norderstedt am {long_date(wall)}; dort gilt {offset_text(local.utcoffset())}."
            if len(readings) == 1
            else f"„{written}“: Der Zusatz {offset_text(moment.utcoffset())} passt nicht.",
            f"Schreiben Sie „{plain}“ ohne Zusatz; er ist nur in der Stunde nötig, die es bei "
            "der Umstellung auf die Winterzeit zweimal gibt."
            if len(readings) == 1
            else f"Schreiben Sie {fitting}.",
        )
    earlier = moment.replace(tzinfo=BERLIN, fold=0)
    later = moment.replace(tzinfo=BERLIN, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return None
    old, new = clock_switch(moment)
    day = long_date(new)
    if earlier.astimezone(dt.UTC).astimezone(BERLIN).replace(tzinfo=None) != moment:
        after = (moment + (new - old)).strftime("%Y-%m-%d %H:%M")
        before = old.replace(minute=0) - dt.timedelta(hours=1)
        return (
            f"„{written}“ gibt es in Norderstedt nicht: Am {day} werden die Uhren um "
            f"{clock(old)} Uhr auf {clock(new)} Uhr vorgestellt (Beginn der Sommerzeit).",
            f"Meinen Sie „{after}“? Sonst wählen Sie eine Uhrzeit vor {clock(old)} Uhr "
            f"(z. B. „{before:%Y-%m-%d %H:%M}“) oder ab {clock(new)} Uhr.",
        )
    plain = moment.strftime("%Y-%m-%d %H:%M")
    return (
        f"„{written}“ gibt es in Norderstedt zweimal: Am {day} werden die Uhren um "
        f"{clock(old)} Uhr auf {clock(new)} Uhr zurückgestellt (Ende der Sommerzeit).",
        f"Schreiben Sie, welche gemeint ist: „{plain} {offset_text(earlier.utcoffset())}“ "
        f"(die erste, noch Sommerzeit) oder „{plain} {offset_text(later.utcoffset())}“ "
        "(die zweite, schon Winterzeit).",
    )


def long_date(day: dt.date) -> str:
    """„13. Januar 2022“."""
    return format_date(day, "d. MMMM y", locale=LOCALE)


def weekday_date(day: dt.date) -> str:
    """„Mittwoch, 12. Januar 2022“."""
    return format_date(day, "EEEE, d. MMMM y", locale=LOCALE)


def short_date(day: dt.date) -> str:
    """„13.01.2022“."""
    return format_date(day, "dd.MM.y", locale=LOCALE)


def clock(moment: dt.datetime | dt.time) -> str:
    """„10:00“."""
    return format_time(moment, "HH:mm", locale=LOCALE)


def month_year(day: dt.date) -> str:
    """„Januar 2022“."""
    return format_date(day, "MMMM y", locale=LOCALE)


def iso(moment: dt.datetime) -> str:
    """ISO 8601 with the UTC offset, as in ``<time datetime>`` and JSON-LD."""
    return in_berlin(moment).isoformat()


def timestamp_de(moment: dt.datetime) -> str:
    """„13. Januar 2022, 10:00 Uhr“."""
    return format_datetime(in_berlin(moment), "d. MMMM y, HH:mm 'Uhr'", locale=LOCALE)


class GermanDate:
    """The forms of one date that templates show; computed once, here, not in templates."""

    __slots__ = ("iso", "long", "short", "weekday", "year")

    def __init__(self, moment: dt.datetime) -> None:
        local = in_berlin(moment)
        self.iso = local.isoformat()
        self.long = long_date(local)
        self.weekday = weekday_date(local)
        self.short = short_date(local)
        self.year = local.year

    def __str__(self) -> str:
        return self.long


def enrich_content_dates(content: Any) -> None:
    """Attach the German forms of a content object's date as ``german_date``."""
    if getattr(content, "date", None) is not None:
        content.german_date = GermanDate(content.date)


# --- Field formats --------------------------------------------------------------------------

# The offset (``2022-10-30 02:30 +01:00``) only tells the two readings of the hour apart that
# the switch to winter time shows twice; dates.local_time_problem says when it is needed.
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M %z")
DATE_HINT = "Schreiben Sie das Datum als JJJJ-MM-TT oder JJJJ-MM-TT HH:MM, z. B. 2022-01-13 10:00."


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
