"""The events' iCalendar files: one per event and one of all, the same bytes on every build.

Serialising a calendar is most of what the icalendar library costs, and a warm build writes
the same calendars again. So each file is kept in a result cache below the content cache
(``kalender/``, emptied with the content cache's key: settings, the plugin's code), keyed by
everything its bytes are made of: the fields of each entry as they are handed to the library
(times with their zone, texts, addresses, the DTSTAMP from the build time), the calendar's own
fields, the library's version and the VTIMEZONE of the years the events span. That block is
made once per span in a build (never kept), so new time-zone rules give new keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from importlib import metadata as package_metadata
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from ..core.dates import clock
from ..core.resultcache import ResultCache
from .fields import in_doubled_hour, plain_paragraphs
from .model import STATUSES, Event


def calendar_moment(moment: dt.datetime) -> dt.datetime:
    """A time for DTSTART/DTEND: Berlin time, but UTC in the hour the clocks show twice, where
    a calendar would read ``TZID=Europe/Berlin`` as the first of the two (RFC 5545, 3.3.5)."""
    return moment.astimezone(dt.UTC) if in_doubled_hour(moment) else moment


def entry_fields(event: Event, uid_domain: str, stamp: dt.datetime) -> list[tuple[str, Any]]:
    """The properties of one event's VEVENT, in order, as the library gets them: plain
    values (texts, dates, times with their zone), so that they also name the entry's bytes."""
    fields: list[tuple[str, Any]] = [
        ("uid", f"{event.slug}@{uid_domain}"),
        ("dtstamp", stamp.astimezone(dt.UTC)),
    ]
    times = event.times
    if times.all_day:
        fields.append(("dtstart", times.first_day))
        fields.append(("dtend", times.last_day + dt.timedelta(days=1)))  # exclusive, RFC 5545
    else:
        fields.append(("dtstart", calendar_moment(times.start)))
        if times.end is not None:
            fields.append(("dtend", calendar_moment(times.end)))
    fields.append(("summary", event.plain_title))
    location = event.where if event.place else f"Online: {event.online_url}"
    fields.append(("location", location))
    # Calendar apps open only absolute addresses; a development build (no SITEURL) has none.
    address = urlsplit(event.absolute_url)
    web_address = event.absolute_url if address.scheme and address.netloc else ""
    if web_address:
        fields.append(("url", web_address))
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
    fields.append(("description", "\n\n".join(part for part in description if part)))
    fields.append(("status", STATUSES[event.status].ical))
    return fields


def calendar_entry(event: Event, uid_domain: str, stamp: dt.datetime) -> CalendarEvent:
    entry = CalendarEvent()
    for name, value in entry_fields(event, uid_domain, stamp):
        entry.add(name, value)
    return entry


def calendar_span(events: Sequence[Event]) -> tuple[dt.date, dt.date]:
    """The whole years the events span: the years the VTIMEZONE gives transitions for."""
    first = min(event.times.first_day for event in events).replace(month=1, day=1)
    last = max(event.times.last_day for event in events).replace(month=12, day=31)
    return first, last


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
        first, last = calendar_span(events)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        for zone in calendar.walk("VTIMEZONE"):
            zone.pop("COMMENT", None)  # the helper's English note on the years it covers
    return calendar.to_ical()


def uid_domain(config: Mapping[str, Any], siteurl: str) -> str:
    return config["uid_domain"] or urlsplit(siteurl).hostname or "localhost"


def zone_block(first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE of Europe/Berlin the library adds for these years, as bytes."""
    zone = Timezone.from_tzid("Europe/Berlin", first_date=first, last_date=last)
    zone.pop("COMMENT", None)
    return zone.to_ical()


def library_version() -> str:
    try:
        return package_metadata.version("icalendar")
    except package_metadata.PackageNotFoundError:
        return "-"


def kept_calendar(value: Any) -> bool:
    """An entry of the cache as :meth:`CalendarFiles.calendar` keeps it: (SHA-256, bytes) that
    match. Anything else (damaged, of another format) is made anew, never published."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and isinstance(value[1], bytes)
        and hashlib.sha256(value[1]).digest() == value[0]
    )


class CalendarFiles:
    """The calendar files of one build: each from the cache while what it is made of is the
    same (the module's docstring), else made by :func:`calendar_bytes`; then ``save()``."""

    CACHE_NAME = "kalender"

    def __init__(
        self,
        settings: Mapping[str, Any],
        config: Mapping[str, Any],
        uid_domain: str,
        stamp: dt.datetime,
    ) -> None:
        self.config = config
        self.uid_domain = uid_domain
        self.stamp = stamp
        self.cache = ResultCache.for_build(settings, self.CACHE_NAME, in_memory=True)
        self.zones: dict[tuple[dt.date, dt.date], bytes] = {}
        self.fields: dict[int, tuple[Event, bytes]] = {}
        self.version = library_version()

    def key(self, events: Sequence[Event], name: str) -> str:
        digest = hashlib.sha256(
            repr(("icalendar", self.version, self.config["prodid"], name)).encode()
        )
        if events:
            span = calendar_span(events)
            if span not in self.zones:
                self.zones[span] = zone_block(*span)
            digest.update(repr(span).encode() + b"\0" + self.zones[span])
        for event in events:
            digest.update(b"\0" + self.fields_text(event))
        return digest.hexdigest()

    def fields_text(self, event: Event) -> bytes:
        """The entry's fields as text, once per event (it stands in two calendars); the
        event is kept with it, so its id is not another's. The repr of a date or time names
        its zone (and fold): the same text, the same bytes."""
        known = self.fields.get(id(event))
        if known is None:
            fields = entry_fields(event, self.uid_domain, self.stamp)
            known = self.fields[id(event)] = (event, repr(fields).encode("utf-8", "surrogatepass"))
        return known[1]

    def calendar(self, events: Sequence[Event], name: str) -> bytes:
        def make() -> tuple[bytes, bytes]:
            data = calendar_bytes(list(events), self.config, self.uid_domain, self.stamp, name)
            return hashlib.sha256(data).digest(), data

        return self.cache.keyed(self.key(events, name), make, valid=kept_calendar)[1]

    def save(self) -> None:
        self.cache.save()
