"""Event archives: events read from their own folder, upcoming and past, calendars, open data.

Events are Markdown files in ``EVENTS_PATH`` (``content/veranstaltungen/``), read with Pelican's
own reader (so German typography applies) by :class:`EventsGenerator`. They are neither
articles nor pages and so never appear in press-release lists or feeds. Whether an event is
upcoming is decided by the build time (:func:`dates.build_time`: ``SOURCE_DATE_EPOCH`` when
set, else now), so a build of the same commit at the same time gives the same pages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from babel.lists import format_list
from pelican.contents import Article
from pelican.generators import Generator

from ..contacts.model import Organisation
from ..core import json_ld
from ..core.dates import LOCALE, build_time
from ..core.output import output_files
from ..core.settings import capability_settings
from ..core.text import plain_text
from ..core.urls import absolute_url
from .fields import (
    contact_registry,
    event_admission,
    event_guests,
    event_location,
    event_times,
    metadata_text,
    split_ids,
    web_label,
    when_text,
)
from .ical import CalendarFiles, uid_domain
from .model import STATUSES, Event, EventYear
from .records import event_record


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
    event.absolute_url = absolute_url(siteurl, event.url)
    event.press_releases = []
    event.json_ld = json_ld.event(event, location, STATUSES[event.status].schema_org)


class EventsGenerator(Generator):
    """Reads the events, links them with press releases, writes their pages and files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The reader's output is kept in Pelican's content cache (when it is on), as for the
        # press releases: a warm build or the live preview renders only changed events.
        kwargs.setdefault("readers_cache_name", "EventsGenerator-Readers")
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
            event = self.get_cached_data(path, None)
            if event is None:
                event = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Event, context=self.context
                )
                self.cache_data(path, event)
            prepare_event(event, config, organisations, now, siteurl)
            self.add_source_path(event)
            self.events.append(event)
        self.readers.save_cache()
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
                "events_archive_url": config["archive_url"],
                "events_data_url": config["data_url"],
            }
        )

    # Pelican's interface of a generator that keeps what it read (``CachingGenerator``); the
    # live preview's store replaces both (``speed/kept.py``), a build reads every event.
    KEEPS_CONTENT_OBJECTS = True

    def get_cached_data(self, path: str, default: Any = None) -> Any:
        return default

    def cache_data(self, path: str, data: Any) -> None:
        pass

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
        calendars = CalendarFiles(self.settings, config, domain, stamp)
        for event in self.events:
            self.write_bytes(event.ics_save_as, calendars.calendar([event], event.plain_title))
        self.write_bytes(
            config["calendar_save_as"],
            calendars.calendar(self.events, f"Veranstaltungen – {sitename}"),
        )
        calendars.save()
        export = {
            "title": f"Veranstaltungen – {sitename}",
            "url": absolute_url(siteurl, config["index_url"]),
            "calendar": absolute_url(siteurl, config["calendar_url"]),
            "generated": stamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "events": [event_record(event, siteurl) for event in self.events],
        }
        text = json.dumps(export, ensure_ascii=False, indent=2) + "\n"
        self.write_bytes(config["data_save_as"], text.encode("utf-8"))

    def write_bytes(self, save_as: str, data: bytes) -> None:
        output_files(self.settings).write(save_as, data, "events")


def get_generators(pelican: Any) -> type[EventsGenerator]:
    """Signal ``get_generators``: the events are written by their own generator."""
    return EventsGenerator
