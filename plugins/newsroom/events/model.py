"""The events' model: status, times, place, admission, guests, the event and a year of the archive.

Plain data; read from the fields by :mod:`.fields`, prepared by :mod:`.generator`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pelican.contents import Content

from ..core.dates import BERLIN


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


@dataclass(frozen=True)
class Admission:
    """What it costs to attend: free, or the prices named (in euros)."""

    text: str  # shown on the page: „frei“ or as the editor wrote the prices
    free: bool
    prices: tuple[str, ...]  # as schema.org wants them: „12.00“, „8.00“


@dataclass(frozen=True)
class Guest:
    name: str
    role: str


class Event(Content):
    """One event. Pelican sets its metadata as attributes; the generator adds the rest."""

    mandatory_properties = ("title",)
    default_template = "event"
    default_status = "scheduled"


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
