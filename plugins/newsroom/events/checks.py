"""The events' part of the content check: each event, and the ``Events:`` of press releases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..contacts.model import Registry
from ..core import schema
from ..core.dates import clock, local_time_problem, parse_date
from ..core.report import Report, did_you_mean, suggest
from ..core.resultcache import ResultCache, kept_problems
from ..core.settings import capability_settings
from ..core.sources import PLACEHOLDER, SourceFile, markup_problem
from .fields import (
    EventProblem,
    contact_registry,
    event_admission,
    event_guests,
    event_location,
    event_times,
    is_web_address,
    split_ids,
)
from .model import STATUSES

if TYPE_CHECKING:
    from ..core.sources import Sources


# What editors may write in German instead, for the „Meinten Sie …?“ of the check.
STATUS_IN_GERMAN = {
    "geplant": "scheduled",
    "findet statt": "scheduled",
    "bestätigt": "scheduled",
    "abgesagt": "cancelled",
    "fällt aus": "cancelled",
    "verschoben": "postponed",
}


def check_event_alone(source: SourceFile, report: Report) -> None:
    """What one event's own text decides: times, place, status and addresses."""

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


def check_organisers(source: SourceFile, registry: Registry, report: Report) -> None:
    """Every ``Organizer:`` is an organisation of the contact registry."""
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
    # What an event's text alone decides is looked at again only when that text changed; the
    # organisers (the registry may have changed) and the slugs are a pass over all events.
    cache = ResultCache.for_build(settings, "veranstaltungen")
    for source in sources.get(schema.EVENT, []):
        report.problems.extend(kept_problems(cache, source, check_event_alone, source.relative))
        if registry is not None:  # else it is broken; the contacts check says how
            check_organisers(source, registry, report)
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
    cache.save()
