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
