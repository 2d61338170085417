"""Scaffolds: ``python -m newsroom new press-release|event|page`` (``make new-…``)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from conftest import lay_out_scenario, run_newsroom

from newsroom.core import schema
from newsroom.core.text import slugify_de

TITLE = "Neue Ladesäulen für Norderstedt & Umgebung"
SLUG = "neue-ladesaeulen-fuer-norderstedt-und-umgebung"


@pytest.fixture
def content(tmp_path):
    return lay_out_scenario(None, tmp_path / "inhalt")


def new(content, kind, title, *more):
    return run_newsroom("new", kind, "--title", title, "--content", str(content), *more)


def head_and_comment(text: str) -> tuple[dict[str, str], str]:
    """The metadata block (name → value) and the comment of optional fields below the text."""
    head_text, _, rest = text.partition("\n\n")
    head = dict(line.split(": ", 1) for line in head_text.splitlines())
    comment = rest[rest.index("<!--") : rest.index("-->")]
    return head, comment


def test_press_release_is_named_by_date_and_slug(content):
    done = new(content, "press-release", TITLE, "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    path = content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md"
    assert path.is_file()
    assert f"pressemitteilungen/2026/2026-12-01-{SLUG}.md" in done.stdout
    assert slugify_de(TITLE) == SLUG


def test_press_release_has_every_field_filled_or_commented(content):
    new(content, "press-release", TITLE, "--date", "2026-12-01")
    text = (content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md").read_text("utf-8")
    head, comment = head_and_comment(text)
    assert head["Title"] == TITLE
    assert head["Date"] == "2026-12-01"
    assert head["Slug"] == SLUG
    assert head["Status"] == "draft"
    for name in schema.required_fields(schema.PRESS_RELEASE):
        assert head.get(name), name
    for name in schema.field_names(schema.PRESS_RELEASE):
        assert name in head or re.search(rf"^{name}: \S", comment, re.MULTILINE), name


@pytest.mark.parametrize(
    ("kind", "more", "path"),
    [
        ("event", ["--date", "2026-12-05 10:00"], "veranstaltungen/2026-12-05-{slug}.md"),
        ("page", [], "projekte/{slug}.md"),
        ("page", ["--section", "seiten"], "seiten/{slug}.md"),
    ],
)
def test_events_and_pages_have_every_field(content, kind, more, path):
    done = new(content, kind, "Tag der offenen Tür", *more)
    assert done.returncode == 0, done.stderr
    target = content / path.format(slug="tag-der-offenen-tuer")
    head, comment = head_and_comment(target.read_text("utf-8"))
    kind_name = schema.EVENT if kind == "event" else schema.PAGE
    for name in schema.field_names(kind_name):
        assert name in head or re.search(rf"^{name}: \S", comment, re.MULTILINE), name
    if kind == "event":
        assert head["Start"] == "2026-12-05 10:00"


def test_without_a_date_it_is_today_in_norderstedt(content):
    before = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    done = new(content, "press-release", "Heute erschienen")
    after = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert done.returncode == 0, done.stderr
    written = {
        day
        for day in (before, after)
        if (content / f"pressemitteilungen/{day:%Y}/{day:%Y-%m-%d}-heute-erschienen.md").is_file()
    }
    assert len(written) == 1
    day = written.pop()
    text = (content / f"pressemitteilungen/{day:%Y}/{day:%Y-%m-%d}-heute-erschienen.md").read_text(
        "utf-8"
    )
    assert f"\nDate: {day:%Y-%m-%d}\n" in text


def test_a_scaffolded_draft_passes_the_check_with_reminders(content):
    new(content, "press-release", TITLE, "--date", "2026-12-01")
    done = run_newsroom("check", "--content", str(content))
    assert done.returncode == 0, done.stdout + done.stderr
    reminders = [line for line in done.stdout.splitlines() if line.startswith("Warnung: ")]
    assert any("Feld „Summary“: enthält noch „Bitte ausfüllen" in line for line in reminders)
    assert any("im Text: Der Text enthält noch „Bitte ausfüllen" in line for line in reminders)


def test_placeholders_are_never_published(content):
    """A scaffold made public (draft line removed) without filling it in fails the check."""
    new(content, "press-release", TITLE, "--date", "2026-12-01")
    path = content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md"
    path.write_text(path.read_text("utf-8").replace("Status: draft\n", ""), "utf-8")
    done = run_newsroom("check", "--content", str(content))
    assert done.returncode == 1
    assert f"2026-12-01-{SLUG}.md:4: Feld „Summary“: enthält noch" in done.stderr
    assert "Warnung: " in done.stderr and "Der Kommentar der Vorlage" in done.stderr


def test_refuses_to_overwrite(content):
    first = new(content, "press-release", TITLE, "--date", "2026-12-01")
    assert first.returncode == 0
    path = content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md"
    path.write_text(path.read_text("utf-8") + "\nSchon geschrieben.\n", "utf-8")
    again = new(content, "press-release", TITLE, "--date", "2026-12-01")
    assert again.returncode == 1
    assert "wird nicht überschrieben" in again.stderr
    assert path.read_text("utf-8").endswith("Schon geschrieben.\n")


def test_refuses_a_slug_that_is_taken(content):
    title = "Unternehmen loten Chancen der Smart City aus"
    done = new(content, "press-release", title, "--date", "2026-12-02")
    assert done.returncode == 1
    assert "Feld „Slug“" in done.stderr
    assert "2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md" in done.stderr
    assert not (content / "pressemitteilungen/2026").exists()


@pytest.mark.parametrize(
    ("title", "more", "says"),
    [
        ("", [], "Feld „TITLE“: Der Titel fehlt"),
        ("„…“", [], "Feld „TITLE“"),
        ("Ein Titel", ["--date", "31.02.2026"], "Feld „DATE“: „31.02.2026“"),
        ("Ein Titel", ["--date", "2026-13-01"], "Feld „DATE“"),
    ],
)
def test_bad_scaffold_input(content, title, more, says):
    done = new(content, "press-release", title, *more)
    assert done.returncode != 0
    assert says in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (content / "pressemitteilungen/2026").exists()


def test_unknown_page_folder(content):
    done = new(content, "page", "Ein Titel", "--section", "irgendwo")
    assert done.returncode != 0
    assert "„irgendwo“ ist kein Ordner für Seiten" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def with_comment_line_in_head(path, name: str) -> str:
    """Copy the comment's example line of ``name`` into the head, as an editor would."""
    text = path.read_text("utf-8")
    _, comment = head_and_comment(text)
    line = next(entry for entry in comment.splitlines() if entry.startswith(f"{name}: "))
    path.write_text(text.replace("Status: draft\n", f"Status: draft\n{line}\n", 1), "utf-8")
    return line


def test_events_example_names_an_event_of_the_site(content):
    new(content, "press-release", TITLE, "--date", "2026-12-01")
    path = content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md"
    line = with_comment_line_in_head(path, "Events")
    assert line == "Events: konferenz-digital-zukunftsdialog-2022"
    done = run_newsroom("check", "--content", str(content))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Feld „Events“" not in done.stdout


def test_without_events_the_example_is_a_placeholder_the_check_explains(content):
    for event in (content / "veranstaltungen").glob("*.md"):
        event.unlink()
    for release in (content / "pressemitteilungen").rglob("*.md"):
        release.write_text(
            release.read_text("utf-8").replace(
                "Events: konferenz-digital-zukunftsdialog-2022\n", ""
            ),
            "utf-8",
        )
    new(content, "press-release", TITLE, "--date", "2026-12-01")
    path = content / f"pressemitteilungen/2026/2026-12-01-{SLUG}.md"
    line = with_comment_line_in_head(path, "Events")
    assert line.startswith("Events: Bitte ausfüllen: Slug einer Veranstaltung")
    done = run_newsroom("check", "--content", str(content))
    output = done.stdout + done.stderr
    assert "Feld „Events“: enthält noch „Bitte ausfüllen …“" in output
    assert "keine bekannte Veranstaltung" not in output
