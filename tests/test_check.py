"""The content check: every bad input an editor can make, reported in German with file, line and
field — by ``make check`` (``python -m newsroom check``) and, the same check, by every build."""

from __future__ import annotations

import itertools
import subprocess

import pytest
from conftest import ROOT, lay_out_scenario, run_newsroom

RELEASE = "pressemitteilungen/2022/2022-02-01-testmeldung.md"


@pytest.fixture
def run(tmp_path):
    """``run("check"|"build", scenario)`` → the finished process, on a copy of the basis."""
    counter = itertools.count()

    def run_command(command: str, scenario: str | None) -> subprocess.CompletedProcess:
        number = next(counter)
        content = lay_out_scenario(scenario, tmp_path / f"inhalt-{number}")
        arguments = [command, "--settings", str(ROOT / "pelicanconf.py")]
        arguments += ["--content", str(content)]
        if command == "build":
            arguments += ["--output", str(tmp_path / f"ausgabe-{number}")]
        return run_newsroom(*arguments)

    return run_command


def problem_lines(done: subprocess.CompletedProcess, severity: str = "Fehler") -> list[str]:
    return [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.startswith(f"{severity}: ")
    ]


# scenario, the file, where („Feld „X“:“ or „im Text:“, with the line), what the message says
BAD_INPUTS = [
    ("redaktion-pflichtfeld", RELEASE, ":1: Feld „Location“", "fehlt oder ist leer"),
    (
        "redaktion-datum-31-februar",
        RELEASE,
        ":2: Feld „Date“",
        "den 31. Februar 2022 gibt es nicht",
    ),
    ("redaktion-datum-monat-13", RELEASE, ":2: Feld „Date“", "meinten Sie „2022-01-13“?"),
    ("redaktion-slug-ungueltig", RELEASE, ":3: Feld „Slug“", "als Adresse nicht geeignet"),
    ("redaktion-vorspann-zu-lang", RELEASE, ":5: Feld „Summary“", "höchstens 500"),
    ("redaktion-unbekanntes-feld", RELEASE, ":6: Feld „Contact“", "Meinten Sie „Contacts:“?"),
    ("redaktion-feld-doppelt", RELEASE, ":6: Feld „Title“", "steht zweimal im Kopf"),
    ("redaktion-status-unbekannt", RELEASE, ":6: Feld „Status“", "„Entwurf“ ist kein gültiger"),
    ("redaktion-platzhalter", RELEASE, ":5: Feld „Summary“", "enthält noch „Bitte ausfüllen"),
    (
        "redaktion-link-ohne-ziel",
        RELEASE,
        ":7: im Text",
        "Meinten Sie „{filename}/pressemitteilungen/2022/"
        "2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md“?",
    ),
    ("redaktion-bild-fehlt", RELEASE, ":9: im Text", "zeigt auf eine Datei, die es nicht gibt"),
    (
        "redaktion-bild-tippfehler",
        RELEASE,
        ":6: Feld „Image“",
        "„bilder/2022/konferenz-sal.jpg“ gibt es nicht. "
        "Meinten Sie „{static}/bilder/2022/konferenz-saal.jpg“?",
    ),
    (
        "redaktion-bild-tippfehler",
        RELEASE,
        ":12: im Text",
        "„{static}/bilder/2021/konferenz_saal.jpg“ zeigt auf eine Datei, die es nicht gibt. "
        "Meinten Sie „{static}/bilder/2022/konferenz-saal.jpg“?",
    ),
    (
        "redaktion-leerzeile-fehlt",
        RELEASE,
        ":6: Feld „Norderstedt“",
        "wahrscheinlich fehlt die Leerzeile zwischen dem Kopf und dem Text. "
        "Fügen Sie vor Zeile 6 eine Leerzeile ein",
    ),
    ("redaktion-bild-ohne-alt", RELEASE, ":9: im Text", "hat keinen Alternativtext"),
    ("redaktion-bild-fremder-server", RELEASE, ":9: im Text", "liegt auf einem fremden Server"),
    (
        "redaktion-link-auf-sperrfrist",
        RELEASE,
        ":7: im Text",
        "unter Sperrfrist bis 1. Dezember 2026, 10:00 Uhr",
    ),
    (
        "redaktion-slug-doppelt",
        RELEASE,
        ":3: Feld „Slug“",
        "ist schon vergeben an inhalt-0/pressemitteilungen/2022/2022-01-13-",
    ),
    ("redaktion-adresse-belegt", "seiten/suchhilfe.md", ":2: Feld „Slug“", "Adresse /suche/"),
    ("redaktion-kein-utf8", RELEASE, ":1:", "nicht in UTF-8 gespeichert"),
    ("redaktion-leer", RELEASE, "", "Die Datei ist leer"),
    ("redaktion-ohne-kopf", RELEASE, ":1:", "beginnt nicht mit einem Metadaten-Block"),
    ("redaktion-yaml-kaputt", "daten/kontakte.yaml", ":5:", "kein gültiges YAML"),
]


@pytest.mark.parametrize(("scenario", "file", "where", "says"), BAD_INPUTS)
def test_check_reports_bad_input(run, scenario, file, where, says):
    done = run("check", scenario)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    matching = [line for line in problem_lines(done) if file in line and says in line]
    assert matching, output
    assert f"{file}{where}" in matching[0]
    assert "Die Website" not in output  # the check writes nothing


@pytest.mark.parametrize(("scenario", "file", "where", "says"), BAD_INPUTS)
def test_every_build_runs_the_same_check(run, scenario, file, where, says, tmp_path):
    done = run("build", scenario)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert any(file in line and says in line for line in problem_lines(done)), done.stderr
    assert "Die Website wurde nicht gebaut" in done.stderr
    assert not (tmp_path / "ausgabe-0").exists()


WARNINGS = [
    (
        "redaktion-themen-schreibweise",
        ":6: Feld „Tags“",
        "„Smart-City“ ist anders geschrieben als „Smart City“",
    ),
    (
        "redaktion-anfuehrungszeichen",
        ":1: Feld „Title“",
        "Schreiben Sie: Start für das Projekt „Smarte Laterne“",
    ),
]


@pytest.mark.parametrize(("scenario", "where", "says"), WARNINGS)
def test_warnings_are_reported_apart_and_do_not_fail(run, scenario, where, says):
    done = run("check", scenario)
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    warnings = problem_lines(done, "Warnung")
    assert any(f"{RELEASE}{where}" in line and says in line for line in warnings), done.stdout
    assert problem_lines(done) == []
    assert "Inhaltsprüfung: 0 Fehler, 1 Warnung." in done.stdout


def test_all_problems_of_the_site_are_reported_at_once(run):
    done = run("check", "redaktion-viele-fehler")
    assert done.returncode == 1
    errors = problem_lines(done)
    assert any(f"{RELEASE}:2: Feld „Date“" in line for line in errors)
    assert any("2022-02-02-zweite.md:6: Feld „Contact“" in line for line in errors)
    assert any("projekte/ohne-titel.md:1: Feld „Title“" in line for line in errors)
    assert "Inhaltsprüfung: 3 Fehler" in done.stderr


def test_errors_come_before_warnings_under_their_own_headings(run, tmp_path):
    content = lay_out_scenario("redaktion-viele-fehler", tmp_path / "gemischt")
    warned = lay_out_scenario("redaktion-themen-schreibweise", tmp_path / "warnung")
    (content / "pressemitteilungen/2022/2022-02-03-dritte.md").write_bytes(
        (warned / RELEASE).read_bytes().replace(b"testmeldung-redaktion", b"dritte-meldung")
    )
    done = run_newsroom("check", "--content", str(content))
    lines = done.stderr.splitlines()
    assert lines[0] == "3 Fehler (sie verhindern die Veröffentlichung):"
    warning_heading = lines.index("1 Warnung (bitte prüfen):")
    assert all(line.startswith("Fehler: ") for line in lines[1:4])
    assert lines[warning_heading + 1].startswith("Warnung: ")
    assert lines[-1] == "Inhaltsprüfung: 3 Fehler, 1 Warnung."


def test_real_content_is_clean():
    done = run_newsroom("check", "--settings", "pelicanconf.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("Inhaltsprüfung: 0 Fehler, 0 Warnungen.")


def test_check_renders_nothing(tmp_path):
    """The check never touches templates or output: with an empty theme it still passes."""
    theme = tmp_path / "leeres-theme"
    theme.mkdir()
    settings = tmp_path / "ohne_theme.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(theme)!r}\n"
        f"OUTPUT_PATH = {str(tmp_path / 'ausgabe')!r}\n",
        encoding="utf-8",
    )
    done = run_newsroom("check", "--settings", str(settings))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "ausgabe").exists()


# --- The command itself: settings and folders ------------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_missing_settings_file(command, tmp_path):
    done = run_newsroom(command, "--settings", "gibt-es-nicht.py", cwd=tmp_path)
    assert done.returncode == 2
    assert "gibt-es-nicht.py" in done.stderr
    assert "Einstellungsdatei gibt es nicht" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_settings_with_a_syntax_error(command, tmp_path):
    settings = tmp_path / "kaputt.py"
    settings.write_text('SITENAME = "Newsroom"\nPATH = ("content"\n', encoding="utf-8")
    done = run_newsroom(command, "--settings", str(settings))
    assert done.returncode == 2
    assert f"{settings}:2: Einstellungen nicht lesbar" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_missing_content_folder(command, tmp_path):
    missing = tmp_path / "kein-inhalt"
    done = run_newsroom(command, "--content", str(missing), "--settings", "pelicanconf.py")
    assert done.returncode == 2
    assert f"{missing}: Feld „PATH“: Den Inhaltsordner gibt es nicht" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_check_reads_press_releases_of_every_year(run, tmp_path):
    """A press release in a year folder of its own is found (not only the seed's 2022)."""
    content = lay_out_scenario("redaktion-datum-31-februar", tmp_path / "jahr")
    moved = content / "pressemitteilungen/2031/2031-02-01-testmeldung.md"
    moved.parent.mkdir(parents=True)
    (content / RELEASE).rename(moved)
    done = run_newsroom("check", "--content", str(content))
    assert done.returncode == 1
    assert "pressemitteilungen/2031/2031-02-01-testmeldung.md:2: Feld „Date“" in done.stderr


def test_messages_are_single_lines(run):
    done = run("check", "redaktion-viele-fehler")
    body = [line for line in done.stderr.splitlines() if line.strip()]
    assert all(
        line.startswith(("Fehler: ", "Warnung: ", "Inhaltsprüfung: ")) or line.endswith(":")
        for line in body
    )
