"""Event archives: upcoming and past events, the yearly archive, calendar files, JSON-LD, the
open-data export, the links between events and press releases, and the events' content checks.

The scenario ``veranstaltungen-termine`` adds events in winter (CET) and summer (CEST), one
cancelled, one postponed over several days in a place and online, one in 2025, and a press
release naming two of them. Bad input lives in ``tests/content/veranstaltungen-*``: each build
must fail as a whole, naming the file, the field and the fix.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import Build, lay_out_scenario, run_newsroom
from icalendar import Calendar

from newsroom.events.fields import EventProblem, day_range, event_location, event_times, when_text

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parent.parent
SEED_EVENT = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"
SEED_ICS = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022.ics"
SEED_TITLE = "4. Konferenz digital des Norderstedter Zukunftsdialogs"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
SUMMER = "/veranstaltungen/buergerwerkstatt-smart-city-2027/"
WINTER = "/veranstaltungen/online-sprechstunde-digitalstrategie-2027/"
CANCELLED = "/veranstaltungen/netzwerkabend-wirtschaft-2027/"
SEVERAL_DAYS = "/veranstaltungen/zukunftstage-2027/"
PAST_2025 = "/veranstaltungen/digitaltag-2025/"
ANNOUNCEMENT = "/pressemitteilungen/2026/buergerwerkstatt-angekuendigt/"
PRODUCTION_SITE = "https://presse.norderstedtgo.de"


def epoch(moment: dt.datetime) -> str:
    return str(int(moment.timestamp()))


def main_links(page) -> list[str]:
    return [a["href"] for a in page.find("main").find_all("a")]


def teaser_links(page) -> list[str]:
    return [a["href"] for a in page.find("main").select(".event-teaser__link")]


def main_text(page) -> str:
    return page.find("main").get_text(" ", strip=True)


def calendar_events(data: bytes) -> dict[str, object]:
    """The VEVENTs of an .ics file by UID."""
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def termine(tmp_path_factory) -> Build:
    """The scenario with many events, built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("veranstaltungen-termine")
    content = lay_out_scenario("veranstaltungen-termine", folder / "inhalt")
    output = folder / "ausgabe"
    done = run_newsroom("build", "--content", str(content), "--output", str(output))
    assert done.returncode == 0, done.stderr
    return Build(done.returncode, done.stdout, done.stderr, output, content)


# --- The seed's conference, before and after it took place ----------------------------------


def test_seed_event_page_in_german(site):
    page = site.html(SEED_EVENT)
    assert page.html["lang"] == "de"
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == [SEED_TITLE]
    text = main_text(page)
    assert "Mittwoch, 12. Januar 2022" in text
    assert "Stadtwerke Norderstedt und Entwicklungsgesellschaft Norderstedt (EGNO)" in text
    assert "Diese Veranstaltung hat bereits stattgefunden." in text
    assert "http://www.norderstedter-zukunftsdialog.de" in main_links(page)
    assert "/veranstaltungen/konferenz-digital-zukunftsdialog-2022.ics" in main_links(page)
    assert page.find("time", attrs={"datetime": "2022-01-12"}) is not None


def test_seed_event_in_the_2022_archive_after_it(site):
    assert SEED_EVENT in teaser_links(site.html("/veranstaltungen/archiv/2022/"))
    assert SEED_EVENT not in teaser_links(site.html("/veranstaltungen/"))
    assert "/veranstaltungen/archiv/2022/" in main_links(site.html("/veranstaltungen/archiv/"))
    assert "2022 (1 Veranstaltung)" in main_text(site.html("/veranstaltungen/archiv/"))


def test_nothing_upcoming_shows_the_empty_state(site):
    text = main_text(site.html("/veranstaltungen/"))
    assert "Zurzeit sind keine Veranstaltungen angekündigt." in text
    assert "/veranstaltungen/archiv/" in main_links(site.html("/veranstaltungen/"))
    start = site.html("/")
    assert "Zurzeit sind keine Veranstaltungen angekündigt." in main_text(start)
    assert start.find("main").select(".event-teaser") == []


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2022, 1, 10, 12, tzinfo=dt.UTC),
        # all day long on the day itself it is still „upcoming“, not yet in the archive
        dt.datetime(2022, 1, 12, 22, 30, tzinfo=dt.UTC),
    ],
    ids=["zwei-tage-vorher", "am-tag-selbst"],
)
def test_seed_event_is_upcoming_before_it(build_site, moment):
    before = build_site(env={"SOURCE_DATE_EPOCH": epoch(moment)})
    assert before.ok, before.messages
    assert teaser_links(before.html("/veranstaltungen/")) == [SEED_EVENT]
    assert SEED_EVENT in teaser_links(before.html("/"))
    assert not before.path("/veranstaltungen/archiv/2022/").exists()
    assert "Noch keine vergangenen Veranstaltungen." in main_text(
        before.html("/veranstaltungen/archiv/")
    )
    assert "bereits stattgefunden" not in main_text(before.html(SEED_EVENT))


def test_seed_event_leaves_the_upcoming_list_the_day_after(build_site):
    after = build_site(
        env={"SOURCE_DATE_EPOCH": epoch(dt.datetime(2022, 1, 13, 0, 0, tzinfo=BERLIN))}
    )
    assert after.ok, after.messages
    assert teaser_links(after.html("/veranstaltungen/")) == []
    assert SEED_EVENT in teaser_links(after.html("/veranstaltungen/archiv/2022/"))


def test_press_release_and_event_link_each_other(site):
    release = site.html(RELEASE)
    section = release.find("h3", string="Zur Veranstaltung").find_parent("section")
    assert [a["href"] for a in section.select(".event-teaser__link")] == [SEED_EVENT]
    assert "Mittwoch, 12. Januar 2022" in section.get_text(" ", strip=True)
    event = site.html(SEED_EVENT)
    heading = event.find("h2", string="Pressemitteilungen zu dieser Veranstaltung")
    assert RELEASE in [a["href"] for a in heading.find_parent("section").find_all("a")]


def test_seed_event_json_ld_has_every_field(site):
    (data,) = [d for d in site.json_ld(SEED_EVENT) if d.get("@type") == "Event"]
    assert data["@context"] == "https://schema.org"
    assert data["name"] == SEED_TITLE
    assert data["startDate"] == "2022-01-12"
    assert data["endDate"] == "2022-01-12"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "http://www.norderstedter-zukunftsdialog.de",
    }
    assert [o["name"] for o in data["organizer"]] == [
        "Stadtwerke Norderstedt",
        "Entwicklungsgesellschaft Norderstedt",
    ]
    assert all(o["@type"] == "Organization" and o["url"] for o in data["organizer"])
    assert data["url"] == SEED_EVENT
    assert data["description"].startswith("Unternehmer:innen tauschen sich erstmals")


def test_seed_calendar_files_all_day(site):
    for url in (SEED_ICS, "/veranstaltungen.ics"):
        raw = site.path(url).read_bytes()
        events = calendar_events(raw)
        entry = events["konferenz-digital-zukunftsdialog-2022@presse.norderstedtgo.de"]
        assert entry.decoded("DTSTART") == dt.date(2022, 1, 12)
        assert entry.decoded("DTEND") == dt.date(2022, 1, 13)  # exclusive: one whole day
        assert b"DTSTART;VALUE=DATE:20220112\r\n" in raw
        assert str(entry["SUMMARY"]) == SEED_TITLE
        assert str(entry["STATUS"]) == "CONFIRMED"
        assert str(entry["LOCATION"]) == "Online: http://www.norderstedter-zukunftsdialog.de"
        assert "<" not in str(entry["DESCRIPTION"])
        assert entry.decoded("DTSTAMP") == dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
        calendar = Calendar.from_ical(raw)
        assert str(calendar["PRODID"]) == "-//NorderstedtGO!//Newsroom Veranstaltungen//DE"
        assert str(calendar["VERSION"]) == "2.0"


def test_production_urls_are_absolute(production_site):
    (data,) = [d for d in production_site.json_ld(SEED_EVENT) if d.get("@type") == "Event"]
    assert data["url"] == PRODUCTION_SITE + SEED_EVENT
    entry = calendar_events(production_site.path(SEED_ICS).read_bytes())
    (event,) = entry.values()
    assert str(event["URL"]) == PRODUCTION_SITE + SEED_EVENT
    export = json.loads(production_site.text("/veranstaltungen.json"))
    assert export["events"][0]["url"] == PRODUCTION_SITE + SEED_EVENT
    assert export["events"][0]["pressReleases"][0]["url"] == PRODUCTION_SITE + RELEASE


def test_events_are_not_press_releases(production_site):
    for url in ("/pressemitteilungen/", "/pressemitteilungen/2022/", "/themen/smart-city/"):
        assert not [
            href for href in main_links(production_site.html(url)) if "/veranstaltungen/" in href
        ], url
    feed = feedparser.parse(production_site.path("/feeds/alle.atom.xml").read_bytes())
    assert feed.entries
    assert all("/veranstaltungen/" not in entry.link for entry in feed.entries)
    assert all(SEED_TITLE not in entry.title for entry in feed.entries)


# --- Many events: order, archive, times in winter and summer --------------------------------


def test_upcoming_soonest_first(termine):
    assert teaser_links(termine.html("/veranstaltungen/")) == [
        WINTER,
        CANCELLED,
        SEVERAL_DAYS,
        SUMMER,
    ]


def test_start_page_shows_the_next_three(termine):
    assert teaser_links(termine.html("/")) == [WINTER, CANCELLED, SEVERAL_DAYS]
    assert "/veranstaltungen/" in main_links(termine.html("/"))


def test_archive_by_year_newest_first(termine):
    archive = termine.html("/veranstaltungen/archiv/")
    years = [a["href"] for a in archive.find("main").select(".event-years__link")]
    assert years == ["/veranstaltungen/archiv/2025/", "/veranstaltungen/archiv/2022/"]
    assert teaser_links(termine.html("/veranstaltungen/archiv/2025/")) == [PAST_2025]
    assert teaser_links(termine.html("/veranstaltungen/archiv/2022/")) == [SEED_EVENT]
    assert not termine.path("/veranstaltungen/archiv/2027/").exists()


@pytest.mark.parametrize(
    ("url", "when"),
    [
        (SUMMER, "Dienstag, 15. Juni 2027, 18:00–20:30 Uhr"),
        (WINTER, "Mittwoch, 20. Januar 2027, 10:00–12:00 Uhr"),
        (CANCELLED, "Freitag, 5. Februar 2027, ab 19:00 Uhr"),
        (SEVERAL_DAYS, "10.–12. März 2027"),
        (PAST_2025, "Donnerstag, 18. September 2025"),
    ],
)
def test_date_and_time_in_german(termine, url, when):
    facts = termine.html(url).find("main").find(class_="event-facts")
    assert when in facts.get_text(" ", strip=True)


def test_event_page_shows_place_registration_and_typography(termine):
    page = termine.html(SUMMER)
    facts = page.find("main").find(class_="event-facts").get_text(" ", strip=True)
    assert "Rathaus Norderstedt Rathausallee 50 22846 Norderstedt" in facts
    assert "Stadt Norderstedt" in facts
    assert "https://www.norderstedt.de/go/anmeldung" in main_links(page)
    body = main_text(page)
    assert "geht’s um konkrete Projekte für die „Smart City Norderstedt“." in body
    assert ANNOUNCEMENT in main_links(page)


def test_status_is_shown(termine):
    assert "Diese Veranstaltung ist abgesagt." in main_text(termine.html(CANCELLED))
    assert "Diese Veranstaltung ist verschoben" in main_text(termine.html(SEVERAL_DAYS))
    statuses = [
        p.get_text(strip=True)
        for p in termine.html("/veranstaltungen/").select(".event-teaser__status")
    ]
    assert statuses == ["Abgesagt", "Verschoben"]


def test_press_release_names_two_events(termine):
    release = termine.html(ANNOUNCEMENT)
    section = release.find("h3", string="Zu den Veranstaltungen").find_parent("section")
    assert [a["href"] for a in section.select(".event-teaser__link")] == [SUMMER, WINTER]


def test_calendar_times_in_berlin_winter_and_summer(termine):
    expected = {
        "buergerwerkstatt-smart-city-2027": (
            dt.datetime(2027, 6, 15, 18, 0, tzinfo=BERLIN),
            dt.datetime(2027, 6, 15, 20, 30, tzinfo=BERLIN),
            dt.timedelta(hours=2),
        ),
        "online-sprechstunde-digitalstrategie-2027": (
            dt.datetime(2027, 1, 20, 10, 0, tzinfo=BERLIN),
            dt.datetime(2027, 1, 20, 12, 0, tzinfo=BERLIN),
            dt.timedelta(hours=1),
        ),
    }
    everything = termine.path("/veranstaltungen.ics").read_bytes()
    for slug, (start, end, offset) in expected.items():
        single = termine.path(f"/veranstaltungen/{slug}.ics").read_bytes()
        for raw in (single, everything):
            entry = calendar_events(raw)[f"{slug}@presse.norderstedtgo.de"]
            assert entry.decoded("DTSTART") == start
            assert entry.decoded("DTEND") == end
            assert entry.decoded("DTSTART").utcoffset() == offset
            assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
            stamp = start.strftime("%Y%m%dT%H%M%S").encode()
            assert b"DTSTART;TZID=Europe/Berlin:" + stamp in raw
            timezones = Calendar.from_ical(raw).walk("VTIMEZONE")
            assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
            assert str(entry["STATUS"]) == "CONFIRMED"


def test_calendar_status_location_and_all_day_span(termine):
    events = calendar_events(termine.path("/veranstaltungen.ics").read_bytes())
    assert len(events) == 6
    cancelled = events["netzwerkabend-wirtschaft-2027@presse.norderstedtgo.de"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "DTEND" not in cancelled
    postponed = events["zukunftstage-2027@presse.norderstedtgo.de"]
    assert str(postponed["STATUS"]) == "TENTATIVE"
    assert postponed.decoded("DTSTART") == dt.date(2027, 3, 10)
    assert postponed.decoded("DTEND") == dt.date(2027, 3, 13)
    summer = events["buergerwerkstatt-smart-city-2027@presse.norderstedtgo.de"]
    assert str(summer["LOCATION"]) == "Rathaus Norderstedt, Rathausallee 50, 22846 Norderstedt"
    assert "Anmeldung: https://www.norderstedt.de/go/anmeldung" in str(summer["DESCRIPTION"])
    assert "URL" not in summer  # a development build has no absolute address to give


def test_json_ld_in_a_place_and_several_days(termine):
    (summer,) = [d for d in termine.json_ld(SUMMER) if d.get("@type") == "Event"]
    assert summer["startDate"] == "2027-06-15T18:00:00+02:00"
    assert summer["endDate"] == "2027-06-15T20:30:00+02:00"
    assert summer["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert summer["location"] == {
        "@type": "Place",
        "name": "Rathaus Norderstedt",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Rathausallee 50",
            "postalCode": "22846",
            "addressLocality": "Norderstedt",
            "addressCountry": "DE",
        },
    }
    (winter,) = [d for d in termine.json_ld(WINTER) if d.get("@type") == "Event"]
    assert winter["startDate"] == "2027-01-20T10:00:00+01:00"
    (mixed,) = [d for d in termine.json_ld(SEVERAL_DAYS) if d.get("@type") == "Event"]
    assert mixed["eventStatus"] == "https://schema.org/EventPostponed"
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]
    assert (mixed["startDate"], mixed["endDate"]) == ("2027-03-10", "2027-03-12")
    (cancelled,) = [d for d in termine.json_ld(CANCELLED) if d.get("@type") == "Event"]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_open_data_export(termine):
    export = json.loads(termine.text("/veranstaltungen.json"))
    assert export["generated"] == "2026-11-26T12:00:00Z"
    ids = [event["id"] for event in export["events"]]
    assert ids == [
        "konferenz-digital-zukunftsdialog-2022",
        "digitaltag-2025",
        "online-sprechstunde-digitalstrategie-2027",
        "netzwerkabend-wirtschaft-2027",
        "zukunftstage-2027",
        "buergerwerkstatt-smart-city-2027",
    ]
    summer = export["events"][-1]
    assert summer == summer | {
        "title": "Bürgerwerkstatt Smart City",
        "url": SUMMER,
        "ics": "/veranstaltungen/buergerwerkstatt-smart-city-2027.ics",
        "start": "2027-06-15T18:00:00+02:00",
        "end": "2027-06-15T20:30:00+02:00",
        "allDay": False,
        "status": "scheduled",
        "attendance": "offline",
        "onlineUrl": None,
        "registration": "https://www.norderstedt.de/go/anmeldung",
        "organizers": [
            {"id": "stadt", "name": "Stadt Norderstedt", "url": "https://www.norderstedt.de/"}
        ],
    }
    assert summer["place"]["postalCode"] == "22846"
    assert "„Smart City Norderstedt“" in summer["description"]
    assert [r["url"] for r in summer["pressReleases"]] == [ANNOUNCEMENT]


def test_every_export_key_is_documented(termine):
    guide = (ROOT / "docs" / "OPEN-DATA.md").read_text(encoding="utf-8")
    export = json.loads(termine.text("/veranstaltungen.json"))
    keys = set(export)
    for event in export["events"]:
        keys |= set(event)
        keys |= set(event["place"] or {})
        for item in event["organizers"] + event["pressReleases"]:
            keys |= set(item)
    assert len(keys) >= 25
    for key in sorted(keys):
        assert f"`{key}`" in guide, key


def test_calendar_and_export_are_byte_identical_across_builds(termine, tmp_path):
    again = tmp_path / "ausgabe"
    done = run_newsroom("build", "--content", str(termine.content), "--output", str(again))
    assert done.returncode == 0, done.stderr
    files = [
        name
        for name in termine.files()
        if name.startswith("veranstaltungen") and name.endswith((".ics", ".json"))
    ]
    assert len(files) == 8  # six events, the whole calendar, the export
    for name in files:
        assert (again / name).read_bytes() == (termine.output / name).read_bytes(), name


# --- The German date text, for forms the scenarios do not cover -----------------------------


def test_date_text_forms():
    thin = "\u2009"  # CLDR sets the dash between two dates with thin spaces
    assert when_text(event_times("2022-01-12 10:00", "2022-01-12 12:00")) == (
        "Mittwoch, 12. Januar 2022, 10:00–12:00 Uhr"
    )
    assert when_text(event_times("2022-01-12")) == "Mittwoch, 12. Januar 2022"
    assert when_text(event_times("2022-01-12", "2022-01-14")) == "12.–14. Januar 2022"
    assert day_range(dt.date(2022, 1, 30), dt.date(2022, 2, 2)) == (
        f"30. Januar{thin}–{thin}2. Februar 2022"
    )
    assert day_range(dt.date(2022, 12, 30), dt.date(2023, 1, 2)) == (
        f"30. Dezember 2022{thin}–{thin}2. Januar 2023"
    )
    assert when_text(event_times("2022-01-12 18:00", "2022-01-14 12:00")) == (
        f"Mittwoch, 12. Januar 2022, 18:00 Uhr{thin}–{thin}Freitag, 14. Januar 2022, 12:00 Uhr"
    )


def test_location_forms():
    assert event_location("online", "https://example.org").attendance == "online"
    assert event_location("Digital", "https://example.org").attendance == "online"
    place = event_location("Rathausallee 50, 22846 Norderstedt").place
    assert (place.name, place.street, place.postal_code, place.town) == (
        "",
        "Rathausallee 50",
        "22846",
        "Norderstedt",
    )
    with pytest.raises(EventProblem) as problem:
        event_location("Rathaus Norderstedt")
    assert problem.value.field_name == "Location"


# --- Bad input: the build fails with file, field and fix ------------------------------------

BAD_INPUT = [
    (
        "veranstaltungen-start-ungueltig",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md:3",
        "Start",
        "JJJJ-MM-TT HH:MM",
    ),
    (
        "veranstaltungen-ende-vor-beginn",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md:4",
        "End",
        "das Ende muss am oder nach dem Beginn liegen",
    ),
    (
        "veranstaltungen-ohne-ort",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md",
        "Location",
        "Location: online",
    ),
    (
        "veranstaltungen-online-ohne-url",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md:4",
        "Online-URL",
        "Online-URL: https://",
    ),
    (
        "veranstaltungen-adresse-unvollstaendig",
        "veranstaltungen/2027-05-04-stadtspaziergang.md:5",
        "Location",
        "Name, Straße Nr., PLZ Ort",
    ),
    (
        "veranstaltungen-unbekannter-veranstalter",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md:6",
        "Organizer",
        "Meinten Sie „stadtwerke“?",
    ),
    (
        "veranstaltungen-doppelter-slug",
        "veranstaltungen/2022-01-19-konferenz-nachlese.md:2",
        "Slug",
        "anderen „Slug:“",
    ),
    (
        "veranstaltungen-unbekannter-status",
        "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md:7",
        "Status",
        "Meinten Sie „cancelled“?",
    ),
    (
        "veranstaltungen-unbekannte-veranstaltung",
        "pressemitteilungen/2022/2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md:8",
        "Events",
        "Meinten Sie „konferenz-digital-zukunftsdialog-2022“?",
    ),
]


@pytest.mark.parametrize(
    ("scenario", "where", "field", "hint"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT]
)
def test_bad_input_fails_the_build(build_site, scenario, where, field, hint):
    result = build_site(scenario)
    assert not result.ok
    assert "Traceback" not in result.messages
    lines = [line for line in result.messages.splitlines() if line.startswith("Fehler:")]
    matching = [line for line in lines if where in line and f"Feld „{field}“" in line]
    assert matching, result.messages
    assert hint in matching[0], matching[0]
    assert not result.output.exists()  # nothing published


def test_all_event_errors_of_one_build_together(build_site):
    result = build_site("veranstaltungen-zwei-fehler")
    assert not result.ok
    assert "Traceback" not in result.messages
    assert "Feld „End“" in result.messages
    assert "Feld „Status“" in result.messages
