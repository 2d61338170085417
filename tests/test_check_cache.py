"""The content check keeps what one file's text alone decides between builds (beside the content
cache): a file is checked on its own again only when its text changed, the checks across files
run every time, and the result is always that of a check without the cache (``make check``)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, lay_out_scenario

from newsroom.core.checks import check_site
from newsroom.tools.settings import load_settings

RELEASE = "pressemitteilungen/2022/2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md"


def settings_for(content: Path, output: Path, cache: Path | None) -> dict:
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output)}
    if cache is not None:
        overrides["SPEED_CACHE_PATH"] = str(cache)
    return load_settings(str(ROOT / "pelicanconf.py"), overrides)


def problems(report) -> list[str]:
    return sorted(str(problem) for problem in report.problems)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_file_is_checked_again_and_equals_a_check_without_cache(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    cached = settings_for(content, tmp_path / "ausgabe", tmp_path / "cache")
    uncached = settings_for(content, tmp_path / "ausgabe", None)
    assert not check_site(cached).errors
    assert (tmp_path / "cache" / "dateien" / "ergebnisse.pickle").is_file()
    assert (tmp_path / "cache" / "rohes-html" / "ergebnisse.pickle").is_file()

    # A problem of the file alone, in the one file that changed.
    release = content / RELEASE
    replace_in(release, "Slug: ", "Status: veroeffentlicht\nSlug: ")
    report = check_site(cached)
    errors = [str(problem) for problem in report.errors]
    assert len(errors) == 1, errors
    assert RELEASE in errors[0] and "Status" in errors[0] and "veroeffentlicht" in errors[0]
    assert problems(report) == problems(check_site(uncached))

    # Raw HTML that runs code, in the same file.
    release.write_text(
        release.read_text(encoding="utf-8") + '\n<a href="javascript:alert(1)">x</a>\n',
        encoding="utf-8",
    )
    report = check_site(cached)
    assert any("javascript" in str(problem) for problem in report.errors)
    assert problems(report) == problems(check_site(uncached))


def test_a_problem_across_files_shows_though_the_other_files_come_from_the_cache(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    cached = settings_for(content, tmp_path / "ausgabe", tmp_path / "cache")
    assert not check_site(cached).errors
    # The release names a contact the registry does not have.
    replace_in(content / RELEASE, "Contacts: mirjam-bantle,", "Contacts: mirjam-bantel,")
    errors = [str(problem) for problem in check_site(cached).errors]
    assert any(RELEASE in error and "mirjam-bantel" in error for error in errors), errors
    replace_in(content / RELEASE, "Contacts: mirjam-bantel,", "Contacts: mirjam-bantle,")
    assert not check_site(cached).errors
    # The registry loses a contact the unchanged release names.
    registry = content / "daten" / "kontakte.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "id: keno-kramer" in text
    registry.write_text(text.replace("id: keno-kramer", "id: keno-kraemer", 1), encoding="utf-8")
    errors = [str(problem) for problem in check_site(cached).errors]
    assert any(RELEASE in error and "keno-kramer" in error for error in errors), errors
    assert problems(check_site(cached)) == problems(
        check_site(settings_for(content, tmp_path / "ausgabe", None))
    )


# --- Every check across files, after each kind of save: the same problems in the same order --


def same_as_without_cache(content: Path, tmp_path: Path) -> list[str]:
    """Check with the cache and without it; both reports must be equal, problem for problem and
    in the same order. Returns the problems as text."""
    cached = check_site(settings_for(content, tmp_path / "ausgabe", tmp_path / "cache"))
    uncached = check_site(settings_for(content, tmp_path / "ausgabe", None))
    assert cached.problems == uncached.problems
    return [str(problem) for problem in cached.problems]


def with_one_of(problems: list[str], *parts: str) -> list[str]:
    found = [problem for problem in problems if all(part in problem for part in parts)]
    assert len(found) == 1, (parts, problems)
    return found


PROJECTS = "projekte"
STRATEGY = f"{PROJECTS}/digitalisierungsstrategie.md"  # links to zukunftsdialog.md
AMBASSADORS = f"{PROJECTS}/zukunftsbotschafter.md"  # links to norderstedtgo.md


def test_links_follow_the_saved_file_and_the_files_it_names(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    assert same_as_without_cache(content, tmp_path) == []

    # A link target changed in the saved file: a file that is not there …
    replace_in(content / AMBASSADORS, "{filename}norderstedtgo.md", "{filename}norderstedt-go.md")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, AMBASSADORS, "{filename}norderstedt-go.md", "norderstedtgo.md")
    # … and back: the same text as before, the result kept for it is right again.
    replace_in(content / AMBASSADORS, "{filename}norderstedt-go.md", "{filename}norderstedtgo.md")
    assert same_as_without_cache(content, tmp_path) == []

    # A link added to the saved file, to a file that exists, and one to a file that does not.
    replace_in(
        content / AMBASSADORS,
        "werden und",
        "([Strategie]({filename}digitalisierungsstrategie.md), "
        "[Plan]({filename}/projekte/plan.md)) werden und",
    )
    problems = same_as_without_cache(content, tmp_path)
    assert len(problems) == 1
    with_one_of(problems, AMBASSADORS, "{filename}/projekte/plan.md")

    # The file an unchanged file links to is deleted.
    (content / PROJECTS / "zukunftsdialog.md").unlink()
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, STRATEGY, "{filename}zukunftsdialog.md", "die es nicht gibt")
    # A file of that name comes back: the unchanged file is fine again.
    (content / PROJECTS / "zukunftsdialog.md").write_text(
        "Title: Zukunftsdialog\nSlug: zukunftsdialog\nSummary: Wieder da.\n\nWieder da.\n",
        encoding="utf-8",
    )
    assert len(same_as_without_cache(content, tmp_path)) == 1  # the plan.md link above


def test_a_link_to_what_a_save_withholds_is_found_in_the_unchanged_file(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    release = content / RELEASE
    linking = release.with_name("2022-01-20-rueckblick.md")
    linking.write_text(
        "Title: Rückblick\nDate: 2022-01-20\nSlug: rueckblick\nLocation: Norderstedt\n"
        "Summary: Ein Rückblick auf die Konferenz.\nTags: Wirtschaft\n\n"
        f"Siehe [die Meldung]({{filename}}{release.name}).\n",
        encoding="utf-8",
    )
    assert same_as_without_cache(content, tmp_path) == []

    # The linked release gets a date in the future: an embargo the unchanged file links to.
    replace_in(release, "Date: 2022-01-13", "Date: 2099-01-13 10:00")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, linking.name, "Sperrfrist bis 13. Januar 2099, 10:00 Uhr")
    # Then it becomes a draft instead.
    replace_in(release, "Date: 2099-01-13 10:00", "Date: 2022-01-13\nStatus: draft")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, linking.name, "ein Entwurf")
    replace_in(release, "\nStatus: draft", "")
    errors = check_site(settings_for(content, tmp_path / "ausgabe", tmp_path / "cache")).errors
    assert errors == []


def test_slugs_and_addresses_across_files_after_a_save(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    assert same_as_without_cache(content, tmp_path) == []

    # A save gives a page the slug another page has.
    replace_in(content / AMBASSADORS, "Slug: zukunftsbotschafter", "Slug: norderstedtgo")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, "Slug", "„norderstedtgo“ ist schon vergeben")
    replace_in(content / AMBASSADORS, "Slug: norderstedtgo", "Slug: zukunftsbotschafter")
    assert same_as_without_cache(content, tmp_path) == []

    # A new file with the very text of the release: its own path in every problem, and the
    # slug is taken by the file that comes first.
    release = content / RELEASE
    copy = release.with_name("2022-01-12-kopie.md")
    copy.write_text(release.read_text(encoding="utf-8"), encoding="utf-8")
    replace_in(release, "Slug: ", "Status: veroeffentlicht\nSlug: ")
    replace_in(copy, "Slug: ", "Status: veroeffentlicht\nSlug: ")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, release.name, "veroeffentlicht")
    with_one_of(problems, copy.name, "veroeffentlicht")
    with_one_of(problems, release.name, "ist schon vergeben an", copy.name)


def test_events_and_contacts_across_files_after_a_save(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    assert same_as_without_cache(content, tmp_path) == []
    event = next((content / "veranstaltungen").glob("*.md"))

    # The event's slug changes: the unchanged release names an event that is gone.
    replace_in(event, "Slug: konferenz-digital-zukunftsdialog-2022", "Slug: konferenz-2022")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, RELEASE, "Events", "konferenz-digital-zukunftsdialog-2022")
    replace_in(event, "Slug: konferenz-2022", "Slug: konferenz-digital-zukunftsdialog-2022")
    assert same_as_without_cache(content, tmp_path) == []

    # The registry loses an organisation the unchanged event names, and a person the
    # unchanged release names.
    registry = content / "daten" / "kontakte.yaml"
    replace_in(registry, "id: egno", "id: egno-gmbh")
    replace_in(registry, "id: mirjam-bantle", "id: mirjam-bantle-alt")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, event.name, "Organizer", "„egno“")
    with_one_of(problems, RELEASE, "Contacts", "mirjam-bantle")
    replace_in(registry, "id: egno-gmbh", "id: egno")
    replace_in(registry, "id: mirjam-bantle-alt", "id: mirjam-bantle")
    assert same_as_without_cache(content, tmp_path) == []

    # The event's own text: a status it cannot have.
    replace_in(event, "Status: scheduled", "Status: abgesagt")
    problems = same_as_without_cache(content, tmp_path)
    with_one_of(problems, event.name, "Status", "cancelled")


def test_what_one_file_holds_is_reported_once_and_where_it_stands(tmp_path):
    """Markup, nesting, quotes, updates and photo rights of the saved file; a file that is
    restored gets the problems of its text again."""
    content = lay_out_scenario(None, tmp_path / "inhalt")
    release = content / RELEASE
    original = release.read_text(encoding="utf-8")
    assert same_as_without_cache(content, tmp_path) == []
    release.write_text(
        original.replace(
            "Tags: ",
            'Title-Note: x\nModified-Note: korrigiert\nImage-License: honorarfrei\nTags: "',
        )
        + '\n<span onclick="x()">Klick</span> und <b style="color:red">fett</b>\n\n'
        + "Absatz {: .klasse }\n",
        encoding="utf-8",
    )
    problems = same_as_without_cache(content, tmp_path)
    for expected in (
        ("Title-Note", "kein bekanntes Feld"),
        ("Modified-Note", "ohne den Zeitpunkt"),
        ("Image-License", "steht ohne Bild"),
        ("onclick",),
        ("style=",),
        ("{: .klasse }",),
    ):
        with_one_of(problems, RELEASE, *expected)
    # Too deep a nesting stops the check before anything is rendered.
    release.write_text(original + "\n" + "> " * 40 + "Zitat\n", encoding="utf-8")
    assert with_one_of(same_as_without_cache(content, tmp_path), RELEASE, "Ebenen tief")
    release.write_text(original, encoding="utf-8")
    assert same_as_without_cache(content, tmp_path) == []
