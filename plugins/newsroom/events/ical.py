"""The events' iCalendar files: one per event and one of all, the same bytes on every build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..core.dates import clock
from .fields import in_doubled_hour, plain_paragraphs
from .model import STATUSES, Event


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
