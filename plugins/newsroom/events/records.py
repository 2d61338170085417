"""The open-data export ``veranstaltungen.json``: one record per event (docs/OPEN-DATA.md)."""

from __future__ import annotations

from typing import Any

from ..core.dates import in_berlin
from ..core.text import plain_text
from ..core.urls import absolute_url
from .fields import plain_paragraphs
from .model import Event


def event_record(event: Event, siteurl: str) -> dict[str, Any]:
    """One event in the open-data export (documented in docs/OPEN-DATA.md)."""
    place = event.place
    return {
        "id": event.slug,
        "title": event.plain_title,
        "url": event.absolute_url,
        "ics": absolute_url(siteurl, event.ics_url),
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
                "url": absolute_url(siteurl, article.url),
                "date": in_berlin(article.date).date().isoformat(),
            }
            for article in event.press_releases
        ],
    }
