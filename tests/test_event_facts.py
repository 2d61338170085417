"""Event facts press offices write: no end („ab 18:00 Uhr“), admission, guests; and calendar
files without English and without relative addresses."""

from __future__ import annotations

import json

import icalendar
import pytest
from conftest import ROOT, build_scenario, lay_out_scenario, run_newsroom

EVENING = "/veranstaltungen/zukunftsabend-2040/"
TOUR = "/veranstaltungen/smart-city-tour-2022/"
EVENING_FILE = "veranstaltungen/2022-03-10-zukunftsabend.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_scenario("veranstaltungen-fakten", tmp_path_factory.mktemp("fakten"))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fakten-produktion")
    return build_scenario("veranstaltungen-fakten", folder, settings="publishconf.py")


def facts(build, url: str) -> dict[str, str]:
    items = build.html(url).select(".event-facts__item")
    return {
        item.find("dt").get_text(strip=True): item.find("dd").get_text(" ", strip=True)
        for item in items
    }


def event_json_ld(build, url: str) -> dict:
    return next(d for d in build.json_ld(url) if d.get("@type") == "Event")


def calendar_entry(build, url: str) -> icalendar.Event:
    data = build.path(url.rstrip("/") + ".ics").read_bytes()
    return next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))


# --- Without an end ------------------------------------------------------------------------


def test_an_event_without_an_end_starts_ab(built):
    assert facts(built, EVENING)["Wann"] == "Donnerstag, 10. März 2022, ab 18:00 Uhr"
    data = event_json_ld(built, EVENING)
    assert data["startDate"] == "2022-03-10T18:00:00+01:00"
    assert "endDate" not in data


def test_its_calendar_entry_invents_no_duration(built):
    entry = calendar_entry(built, EVENING)
    assert "DTEND" not in entry and "DURATION" not in entry
    assert "Beginn 18:00 Uhr, das Ende ist offen." in str(entry["DESCRIPTION"])


def test_the_check_mentions_it_as_a_hint(tmp_path):
    content = lay_out_scenario("veranstaltungen-fakten", tmp_path / "inhalt")
    done = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Hinweis: ")]
    assert len(notes) == 1, done.stdout
    assert f"{EVENING_FILE}:3: Feld „End“: Die Veranstaltung hat kein Ende" in notes[0]
    assert "„ab 18:00 Uhr“" in notes[0]
    assert "Inhaltsprüfung: 0 Fehler, 0 Warnungen, 1 Hinweis." in done.stdout


# --- Admission and guests ------------------------------------------------------------------


def test_free_admission_on_the_page_and_in_json_ld(built):
    assert facts(built, EVENING)["Eintritt"] == "frei"
    data = event_json_ld(built, EVENING)
    assert data["isAccessibleForFree"] is True
    assert [(o["price"], o["priceCurrency"]) for o in data["offers"]] == [("0.00", "EUR")]


def test_prices_on_the_page_and_in_json_ld(built):
    assert facts(built, TOUR)["Eintritt"] == "12 €, ermäßigt 8,50 €"
    data = event_json_ld(built, TOUR)
    assert data["isAccessibleForFree"] is False
    assert [o["price"] for o in data["offers"]] == ["12.00", "8.50"]
    assert {o["@type"] for o in data["offers"]} == {"Offer"}
    assert "Eintritt: 12 €, ermäßigt 8,50 €" in str(calendar_entry(built, TOUR)["DESCRIPTION"])


def test_an_event_without_admission_says_nothing_about_it(built):
    seed = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"
    assert "Eintritt" not in facts(built, seed)
    data = event_json_ld(built, seed)
    assert "isAccessibleForFree" not in data and "offers" not in data and "performer" not in data


def test_guests_on_the_page_and_as_performers(built):
    guests = [li.get_text() for li in built.html(EVENING).select(".event-facts__guests li")]
    assert guests == [
        "Dr. Eva Muster (Zukunftsforscherin)",
        "Jürgen Germies (Managing Partner, Haselhorst Associates GmbH)",
        "Juliane Möcklinghoff",
    ]
    assert event_json_ld(built, EVENING)["performer"] == [
        {"@type": "Person", "name": "Dr. Eva Muster", "jobTitle": "Zukunftsforscherin"},
        {
            "@type": "Person",
            "name": "Jürgen Germies",
            "jobTitle": "Managing Partner, Haselhorst Associates GmbH",
        },
        {"@type": "Person", "name": "Juliane Möcklinghoff"},
    ]
    assert "Gäste: Dr. Eva Muster (Zukunftsforscherin); Jürgen Germies" in str(
        calendar_entry(built, EVENING)["DESCRIPTION"]
    ).replace("\n", "")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Admission: nach Absprache", "„nach Absprache“ ist weder „frei“ noch ein Preis in Euro."),
        ("Admission: <b>frei</b>", "enthält HTML; der Wert wird nur als Text gezeigt."),
        ("Guests: Dr. Eva Muster (Zukunftsforscherin", "ist kein Gast der Form „Name (Funktion)“"),
        ("Guests: (Moderation)", "ist kein Gast der Form „Name (Funktion)“"),
    ],
)
def test_unreadable_admission_or_guests_are_errors(tmp_path, line, says):
    content = lay_out_scenario("veranstaltungen-fakten", tmp_path / "inhalt")
    path = content / EVENING_FILE
    field = line.split(":")[0]
    lines = [
        line if existing.startswith(f"{field}:") else existing
        for existing in path.read_text(encoding="utf-8").splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert done.returncode == 1
    errors = [m for m in done.stderr.splitlines() if m.startswith("Fehler: ")]
    number = lines.index(line) + 1
    assert len(errors) == 1, done.stderr
    assert f"{EVENING_FILE}:{number}: Feld „{field}“" in errors[0]
    assert says in errors[0]


def test_markup_in_guests_or_admission_is_refused(tmp_path, build_site):
    content = lay_out_scenario("veranstaltungen-fakten", tmp_path / "inhalt")
    path = content / EVENING_FILE
    text = path.read_text(encoding="utf-8").replace(
        "Juliane Möcklinghoff", '<em class="x">Gast</em>'
    )
    path.write_text(text.replace("Admission: Eintritt frei", "Admission: 5 € <u>"), "utf-8")
    build = build_site(content=content)
    assert not build.ok
    errors = [m for m in build.stderr.splitlines() if m.startswith("Fehler: ")]
    assert [e.split("Feld „")[1].split("“")[0] for e in errors] == ["Admission", "Guests"]
    assert all("enthält HTML" in e and EVENING_FILE.split("/")[-1] in e for e in errors)


def test_guest_names_with_ampersand_and_quotes_stay_text(tmp_path, build_site):
    odd = 'Müller & Söhne "Co" a < b'
    content = lay_out_scenario("veranstaltungen-fakten", tmp_path / "inhalt")
    path = content / EVENING_FILE
    text = path.read_text(encoding="utf-8").replace("Juliane Möcklinghoff", odd)
    path.write_text(text, "utf-8")
    build = build_site(content=content)
    assert build.ok, build.messages
    page = build.html(EVENING)
    guests = [li.get_text() for li in page.select(".event-facts__guests li")]
    assert guests[-1] == odd
    assert event_json_ld(build, EVENING)["performer"][-1]["name"] == odd


# --- Calendar files ------------------------------------------------------------------------


def test_calendar_files_have_no_english_comment(built, published):
    for build in (built, published):
        for name in ("/veranstaltungen.ics", EVENING.rstrip("/") + ".ics"):
            data = build.path(name).read_bytes()
            assert b"COMMENT" not in data
            assert b"This timezone" not in data
            zones = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
            assert [str(zone["TZID"]) for zone in zones] == ["Europe/Berlin"]


def test_development_calendars_give_no_relative_address(built):
    entry = calendar_entry(built, EVENING)
    assert "URL" not in entry
    assert "Mehr: /" not in str(entry["DESCRIPTION"])


def test_production_calendars_give_the_absolute_address(published):
    entry = calendar_entry(published, EVENING)
    assert str(entry["URL"]) == "https://presse.norderstedtgo.de" + EVENING
    assert "Mehr: https://presse.norderstedtgo.de" in str(entry["DESCRIPTION"]).replace("\n", "")


def test_open_data_export_has_admission_and_guests(built):
    export = json.loads(built.text("/veranstaltungen.json"))
    events = {event["id"]: event for event in export["events"]}
    evening, tour = events["zukunftsabend-2040"], events["smart-city-tour-2022"]
    assert evening["admission"] == {"text": "frei", "free": True, "prices": []}
    assert evening["guests"][0] == {"name": "Dr. Eva Muster", "role": "Zukunftsforscherin"}
    assert evening["guests"][-1] == {"name": "Juliane Möcklinghoff", "role": None}
    assert evening["end"] is None
    assert tour["admission"]["prices"] == ["12.00", "8.50"]
    assert events["konferenz-digital-zukunftsdialog-2022"]["admission"] is None
    guide = (ROOT / "docs" / "OPEN-DATA.md").read_text(encoding="utf-8")
    for key in ("admission", "guests", "free", "prices", "role"):
        assert f"`{key}`" in guide, key
