"""The output does not depend on the machine's locale or time zone."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from conftest import build_into, lay_out_scenario


def digests(build) -> dict[str, str]:
    return {
        name: hashlib.sha256((build.output / name).read_bytes()).hexdigest()
        for name in build.files()
    }


def test_same_bytes_under_other_locale_and_time_zone(build_site):
    american = build_site(env={"LANG": "C", "LC_ALL": "C", "TZ": "America/New_York"})
    german = build_site(env={"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "TZ": "Europe/Berlin"})
    assert american.ok, american.messages
    assert german.ok, german.messages
    assert digests(american) == digests(german)
    assert len(digests(american)) > 10
    # The dates are German no matter what the machine speaks.
    assert "13. Januar 2022" in american.text("/pressemitteilungen/")


SAME_DAY = """Title: {title}
Date: 2022-01-13
Slug: {slug}
Location: Norderstedt
Summary: Eine zweite Meldung vom selben Tag, damit die Suche gleiche Sortierwerte ordnen muss.
Tags: Smart City
Contacts: mirjam-bantle

{title}: Die Stadtwerke Norderstedt berichten über den Ausbau.
"""


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="kein tmpfs unter /dev/shm")
def test_search_index_is_the_same_on_another_file_system(tmp_path):
    """ext4 and tmpfs list a folder in different orders; Pagefind numbers pages in that order.
    Two releases of the same date also tie in the search's date sort."""
    indexes = []
    with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
        for folder in (tmp_path, Path(shm)):
            content = lay_out_scenario(None, folder / "content")
            for number, slug in enumerate(("ladesaeulen", "glasfaser", "radwege", "sensoren")):
                path = content / "pressemitteilungen" / "2022" / f"2022-01-13-{slug}.md"
                title = f"Meldung {number} vom gleichen Tag"
                path.write_text(SAME_DAY.format(title=title, slug=slug), encoding="utf-8")
            build = build_into(content, folder / "output", settings="publishconf.py")
            assert build.ok, build.messages
            bundle = build.output / "pagefind"
            indexes.append(
                {
                    p.relative_to(bundle).as_posix(): p.read_bytes()
                    for p in sorted(bundle.rglob("*"))
                    if p.is_file()
                }
            )
    assert indexes[0].keys() == indexes[1].keys()
    assert [name for name in indexes[0] if indexes[0][name] != indexes[1][name]] == []
