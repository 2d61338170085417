"""German dates, independent of the machine's locale, and the build time."""

from __future__ import annotations

import datetime as dt
import os
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
    """Attach German forms of a content object's dates: ``datum`` and ``geaendert``."""
    if getattr(content, "date", None) is not None:
        content.datum = GermanDate(content.date)
    modified = getattr(content, "modified", None)
    if modified is not None:
        content.geaendert = GermanDate(modified)
