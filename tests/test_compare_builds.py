"""`make compare-builds`: the comparison of two output folders and its verdicts.

The double production build itself is too slow for every test run; `make compare-builds
REF=HEAD` exercises it.
"""

from __future__ import annotations

from pathlib import Path

from tests.tools import compare_builds
from tests.tools.compare_builds import SiteBuild, compare_folders, judge


def folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_identical_folders_have_no_difference(tmp_path):
    files = {"index.html": b"<p>gleich</p>", "css/site.1a2b3c4d5e.css": b"body{}"}
    left = folder(tmp_path / "links", files)
    right = folder(tmp_path / "rechts", files)
    difference = compare_folders(left, right)
    assert difference.identical
    assert difference.file_count == 2


def test_every_kind_of_difference_is_named(tmp_path):
    left = folder(
        tmp_path / "links",
        {"index.html": b"<p>alt</p>", "gleich.txt": b"x", "nur/links.txt": b"l"},
    )
    right = folder(
        tmp_path / "rechts",
        {"index.html": b"<p>neu</p>", "gleich.txt": b"x", "nur/rechts.txt": b"r"},
    )
    difference = compare_folders(left, right)
    assert not difference.identical
    assert difference.differing == ["index.html"]
    assert difference.only_left == ["nur/links.txt"]
    assert difference.only_right == ["nur/rechts.txt"]
    verdict = judge("basis", SiteBuild(0, "", left), SiteBuild(0, "", right))
    assert not verdict.identical
    assert "1 verschieden, 1 nur in REF, 1 nur im Arbeitsstand" in verdict.verdict
    assert "verschieden: index.html" in verdict.details


def test_failed_builds_are_compared_by_their_messages(tmp_path):
    missing = tmp_path / "fehlt"
    message = "Fehler: <TEMP>/x/content/a.md:1: Feld „Location“: fehlt oder ist leer."
    same = judge("szenario", SiteBuild(1, message, missing), SiteBuild(1, message, missing))
    assert same.identical
    assert "beide scheitern mit derselben Meldung" in same.verdict
    other = judge(
        "szenario", SiteBuild(1, message, missing), SiteBuild(1, message + " Anders.", missing)
    )
    assert not other.identical
    one_side = judge("szenario", SiteBuild(0, "", missing), SiteBuild(1, message, missing))
    assert not one_side.identical
    assert "scheitert nur in Arbeitsstand" in one_side.verdict
    absent = judge("szenario", None, SiteBuild(0, "", missing))
    assert not absent.identical
    assert "nur im Arbeitsstand" in absent.verdict


def test_a_difference_gone_in_the_second_attempt_is_a_warning(tmp_path, monkeypatch):
    """A build that does not reproduce itself is named, but is no difference between sides."""

    def fake_build(side, site, attempt=1):
        # The REF side's first attempt of "flackernd" writes other bytes; everything else agrees.
        odd = side.name == "REF" and site == "flackernd" and attempt == 1
        output = folder(
            side.work / f"versuch-{attempt}" / site, {"index.html": b"anders" if odd else b"x"}
        )
        return SiteBuild(0, "", output)

    monkeypatch.setattr(compare_builds, "build_site", fake_build)
    monkeypatch.setattr(compare_builds, "scenarios_of", lambda root: {"flackernd", "stabil"})
    sides = (
        compare_builds.Side("REF", tmp_path, tmp_path / "ref"),
        compare_builds.Side("Arbeitsstand", tmp_path, tmp_path / "arbeitsstand"),
    )
    lines: list[str] = []
    results = compare_builds.build_and_judge(sides, 2, None, False, lines.append)
    by_site = {result.site: result for result in results}
    assert all(result.identical for result in results)
    assert by_site["flackernd"].unstable is not None
    assert "1 verschieden" in by_site["flackernd"].unstable.verdict
    assert by_site["stabil"].unstable is None
    assert any("zweites Mal" in line for line in lines)
    without_retry = compare_builds.build_and_judge(
        sides, 2, ["flackernd"], False, lines.append, retry=False
    )
    assert not without_retry[0].identical
