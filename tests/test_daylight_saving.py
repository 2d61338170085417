"""Daylight saving: a local time the clocks skip (spring) or show twice (autumn) is an error
naming file, line and field, with the fix; an explicit offset picks one of the doubled hour."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from conftest import ROOT, lay_out_scenario, run_newsroom

SPRING_RELEASE = "pressemitteilungen/2022/2022-03-27-ladesaeulen.md"
SPRING_EVENT = "veranstaltungen/2022-03-27-nachtwanderung.md"
AUTUMN_RELEASE = "pressemitteilungen/2022/2022-10-30-nachtwanderung.md"
AUTUMN_EVENT = "veranstaltungen/2022-10-30-nachtwanderung.md"
EVENT = "/veranstaltungen/nachtwanderung-zeitumstellung/"
RELEASE = "/pressemitteilungen/2022/nachtwanderung-zur-zeitumstellung/"


def errors(done) -> list[str]:
    return [
        line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Fehler: ")
    ]


@pytest.fixture
def check(tmp_path):
    def run(scenario: str, command: str = "check"):
        content = lay_out_scenario(scenario, tmp_path / f"inhalt-{command}")
        arguments = [command, "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)]
        if command == "build":
            arguments += ["--output", str(tmp_path / "ausgabe")]
        return run_newsroom(*arguments)

    return run


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_time_the_spring_switch_skips_is_an_error(check, command, tmp_path):
    done = check("zeit-sommerzeit-beginn", command)
    assert done.returncode == 1
    found = errors(done)
    assert len(found) == 2, found
    release = next(line for line in found if SPRING_RELEASE in line)
    assert f"{SPRING_RELEASE}:2: Feld „Date“: „2022-03-27 02:30“ gibt es in Norderstedt nicht" in (
        release
    )
    assert "um 02:00 Uhr auf 03:00 Uhr vorgestellt (Beginn der Sommerzeit)" in release
    assert "Meinen Sie „2022-03-27 03:30“?" in release
    event = next(line for line in found if SPRING_EVENT in line)
    assert f"{SPRING_EVENT}:4: Feld „End“: „2022-03-27 02:15“ gibt es in Norderstedt nicht" in event
    assert not (tmp_path / "ausgabe").exists()


def test_a_time_the_autumn_switch_shows_twice_is_an_error(check):
    done = check("zeit-sommerzeit-ende")
    assert done.returncode == 1
    found = errors(done)
    assert len(found) == 3, found
    expected = {
        (AUTUMN_RELEASE, 2, "Date", "2022-10-30 02:30"),
        (AUTUMN_RELEASE, 3, "Modified", "2022-10-30 02:45"),
        (AUTUMN_EVENT, 3, "Start", "2022-10-30 02:30"),
    }
    for path, line, field, value in expected:
        message = next(m for m in found if f"{path}:{line}: Feld „{field}“" in m)
        assert f"„{value}“ gibt es in Norderstedt zweimal" in message
        assert "um 03:00 Uhr auf 02:00 Uhr zurückgestellt (Ende der Sommerzeit)" in message
        assert f"„{value} +02:00“ (die erste, noch Sommerzeit)" in message
        assert f"„{value} +01:00“ (die zweite, schon Winterzeit)" in message


def test_an_offset_that_does_not_fit_is_an_error(check, tmp_path):
    content = lay_out_scenario("zeit-mit-versatz", tmp_path / "inhalt")
    release = content / AUTUMN_RELEASE
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "Date: 2022-10-30 02:30 +01:00", "Date: 2022-06-01 10:00 +01:00"
        ),
        encoding="utf-8",
    )
    done = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert done.returncode == 1
    (message,) = errors(done)
    assert f"{AUTUMN_RELEASE}:2: Feld „Date“" in message
    assert "Der Zusatz +01:00 passt nicht zur Uhrzeit in Norderstedt am 1. Juni 2022" in message
    assert "dort gilt +02:00" in message
    assert "Schreiben Sie „2022-06-01 10:00“ ohne Zusatz" in message


@pytest.fixture(scope="module")
def with_offset(tmp_path_factory):
    from conftest import build_scenario

    return build_scenario("zeit-mit-versatz", tmp_path_factory.mktemp("versatz"))


def test_an_offset_picks_one_reading_of_the_doubled_hour(with_offset):
    event = next(d for d in with_offset.json_ld(EVENT) if d.get("@type") == "Event")
    start = dt.datetime.fromisoformat(event["startDate"])
    end = dt.datetime.fromisoformat(event["endDate"])
    assert event["startDate"] == "2022-10-30T02:30:00+02:00"
    assert event["endDate"] == "2022-10-30T02:15:00+01:00"
    assert end - start == dt.timedelta(minutes=45)
    facts = with_offset.html(EVENT).find(class_="event-facts").get_text(" ", strip=True)
    assert "30. Oktober 2022, 02:30 Uhr (Sommerzeit) bis 02:15 Uhr (Winterzeit)" in facts


def test_the_calendar_gets_the_right_45_minutes(with_offset):
    data = with_offset.path(EVENT.rstrip("/") + ".ics").read_bytes()
    entry = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    start, end = entry["DTSTART"].dt, entry["DTEND"].dt
    assert start == dt.datetime(2022, 10, 30, 0, 30, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(minutes=45)


def test_a_release_dated_in_the_doubled_hour_keeps_its_offset(with_offset):
    article = next(d for d in with_offset.json_ld(RELEASE) if d.get("@type") == "NewsArticle")
    assert article["datePublished"] == "2022-10-30T02:30:00+01:00"
    time = with_offset.html(RELEASE).find(class_="press-release__dateline").find("time")
    assert time["datetime"] == "2022-10-30T02:30:00+01:00"


def test_the_embargo_ends_at_the_written_moment(build_site):
    # 2022-10-30 01:29 UTC: one minute before 02:30 winter time, 59 after 02:30 summer time.
    before = build_site("zeit-mit-versatz", env={"SOURCE_DATE_EPOCH": "1667093340"})
    assert before.ok, before.messages
    assert not before.path(RELEASE).exists()
    after = build_site("zeit-mit-versatz", env={"SOURCE_DATE_EPOCH": "1667093400"})
    assert after.ok, after.messages
    assert after.path(RELEASE).is_file()
