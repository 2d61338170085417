"""Events: settings, the events' check, the addresses of archive and calendar.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability, deferred
from ..core.settings import capability_settings, fixed_addresses

SETTINGS: dict[str, dict[str, Any]] = {
    "EVENTS": {
        # The folder of the events below PATH; they are neither articles nor pages.
        "PATH": "veranstaltungen",
        "URL": "veranstaltungen/{slug}/",
        "SAVE_AS": "veranstaltungen/{slug}/index.html",
        "ICS_URL": "veranstaltungen/{slug}.ics",
        "ICS_SAVE_AS": "veranstaltungen/{slug}.ics",
        "INDEX_URL": "veranstaltungen/",
        "INDEX_SAVE_AS": "veranstaltungen/index.html",
        "ARCHIVE_URL": "veranstaltungen/archiv/",
        "ARCHIVE_SAVE_AS": "veranstaltungen/archiv/index.html",
        "YEAR_URL": "veranstaltungen/archiv/{year}/",
        "YEAR_SAVE_AS": "veranstaltungen/archiv/{year}/index.html",
        "CALENDAR_URL": "veranstaltungen.ics",
        "CALENDAR_SAVE_AS": "veranstaltungen.ics",
        "DATA_URL": "veranstaltungen.json",
        "DATA_SAVE_AS": "veranstaltungen.json",
        # How many upcoming events the start page shows.
        "ON_START_PAGE": 3,
        # Calendar UIDs are SLUG@UID_DOMAIN; set it once so they survive a change of SITEURL.
        # None: the host of SITEURL, else "localhost".
        "UID_DOMAIN": None,
        "PRODID": "-//NorderstedtGO!//Newsroom Veranstaltungen//DE",
    },
}


def site_urls(settings: Mapping[str, Any]) -> dict[str, str]:
    """The sections templates link: the list of events and the calendar of all."""
    events = capability_settings(settings, "EVENTS")
    return {"events": events["index_url"], "events_calendar": events["calendar_url"]}


CAPABILITY = Capability(
    name="events",
    settings=SETTINGS,
    checks=(deferred(f"{__package__}.checks", "check"),),
    reserved_addresses=fixed_addresses("EVENTS", "die Veranstaltungen"),
    site_urls=site_urls,
    requires=("contacts",),  # organisers and press contacts come from its registry
)
