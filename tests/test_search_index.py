"""The search index in parts: Pagefind indexes the press releases of each year and the rest of
the site on its own, an unchanged part keeps its index from the cache, and the parts are joined
into the one index the site serves — byte for byte the index of one Pagefind run over all pages.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

PAGE = """<!DOCTYPE html>
<html lang="de"><head><title>{title}</title>
{tags}</head>
<body><main data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>
<p>{text}</p></main></body></html>
"""
WORDS = [
    *("Stadtwerke", "Norderstedt", "Glasfaser", "Ladepunkt", "Bürger*innen", "Straße"),
    *("Zukunftsbotschafter:innen", "Mobilitätsstation", "Wärmewende", "Rathaus", "Quartier"),
    *("Klimaschutz", "Sensoren", "Bodenfeuchte", "Stadtpark", "Beteiligung", "Verwaltung"),
    *("Schule", "Radweg", "Öffnungszeiten", "Ehrenamt", "Kultur", "Förderung", "Breitband"),
]


def write_page(folder: Path, name: str, title: str, words: int, **search: str) -> None:
    """A page as the templates write it: the search fields as meta tags, a marked body."""
    tags = "".join(
        f'<meta name="pagefind-{key}" content="{value}" data-pagefind-{kind}="{name}[content]">\n'
        for key, value, kind, name in (
            ("typ", search.get("typ"), "filter", "typ"),
            ("jahr", search.get("jahr"), "filter", "jahr"),
            ("datum", search.get("datum"), "meta", "datum"),
            ("sortierung", search.get("sortierung"), "sort", "datum"),
        )
        if value
    )
    chooser = random.Random(name)
    text = " ".join(chooser.choice(WORDS) + str(chooser.randrange(400)) for _ in range(words))
    path = folder / name / "index.html"
    path.parent.mkdir(parents=True)
    path.write_text(PAGE.format(title=title, tags=tags, text=text), encoding="utf-8")


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """Pages enough for several index chunks: releases of three years (one of them far in the
    past), two of the same moment, a project and a page without date, a year that is none."""
    site = tmp_path_factory.mktemp("teile") / "site"
    for number in range(60):
        year = (2019, 2023, 1975)[number % 3]
        moment = f"{year}-0{1 + number % 9}-1{number % 10}T10:00:00+01:00"
        if number in (4, 5):
            moment = "2023-03-26T03:30:00+02:00"
        write_page(
            site,
            f"pressemitteilungen/{year}/meldung-{number}",
            f"Meldung {number}",
            450,
            typ="Pressemitteilung",
            jahr=str(year),
            datum=f"Tag {number}",
            sortierung=moment,
        )
    write_page(site, "projekte/stadtlabor", "Stadtlabor", 200, typ="Projekt")
    write_page(site, "impressum", "Impressum", 50)
    write_page(site, "pressemitteilungen/ohne-jahr", "Ohne Jahr", 80, typ="Pressemitteilung",
                jahr="20x4")  # fmt: skip
    (site / "liste.html").write_text("<html lang='de'><body><p>Liste</p></body></html>")
    return site


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {
        path.relative_to(bundle).as_posix(): path.read_bytes()
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }


def test_the_parts_of_the_site_are_the_years_and_the_rest(parted_site):
    from newsroom.search.index import index_groups

    groups = {group.name: len(group.pages) for group in index_groups(parted_site, Path("-"))}
    assert groups == {"allgemein": 3, "jahr-1975": 20, "jahr-2019": 20, "jahr-2023": 20}


def test_the_joint_index_is_the_index_of_one_pagefind_run(parted_site, tmp_path):
    """Word index, filters with their counts, the date sort, the pages and their fragments:
    byte for byte what Pagefind writes for all pages at once (then stabilised), so the search
    finds, ranks, filters and sorts exactly as with one index."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import write_index, write_indexes
    from newsroom.search.stable_index import read_pagefind, stabilise_pagefind

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    joint = tmp_path / "gemeinsam"
    pages = write_indexes(parted_site, joint, tmp_path / "cache", excludes)
    single = tmp_path / "einzeln"
    assert write_index(parted_site, single, excludes) == pages == 63
    stabilise_pagefind(single, parted_site)
    assert bundle_files(joint) == bundle_files(single)
    entry = json.loads((joint / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_pagefind(joint / f"pagefind.{entry['languages']['de']['hash']}.pf_meta")
    assert len(meta[2]) > 1, "the test needs an index of several chunks"


def test_an_unchanged_part_is_not_indexed_again(parted_site, tmp_path):
    """One release of 2019 changes: only the index of 2019 is built anew (a new cache entry);
    the other parts keep theirs, and the fragments of unchanged pages stay the same files."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import index_groups, write_indexes
    from newsroom.search.stable_index import read_pagefind_raw

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    site = tmp_path / "site"
    shutil.copytree(parted_site, site)
    cache = tmp_path / "cache"
    write_indexes(site, tmp_path / "vorher", cache, excludes)
    before = {entry.name: entry.stat().st_ino for entry in cache.iterdir()}
    page = site / "pressemitteilungen/2019/meldung-0/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Meldung 0<", "Neu 0<"))
    write_indexes(site, tmp_path / "nachher", cache, excludes, previous=tmp_path / "vorher")
    after = {entry.name: entry.stat().st_ino for entry in cache.iterdir()}
    keys = {group.name: group.key(excludes) for group in index_groups(site, Path("-"))}
    assert set(after) == set(keys.values())
    assert [name for name, key in keys.items() if before.get(key) != after[key]] == ["jahr-2019"]
    old_fragments = bundle_files(tmp_path / "vorher" / "fragment")
    new_fragments = bundle_files(tmp_path / "nachher" / "fragment")
    assert len(new_fragments.keys() - old_fragments.keys()) == 1
    assert len(old_fragments.keys() - new_fragments.keys()) == 1
    kept = 0
    for name in old_fragments.keys() & new_fragments.keys():
        old, new = tmp_path / "vorher/fragment" / name, tmp_path / "nachher/fragment" / name
        if "/2019/" not in json.loads(read_pagefind_raw(new))["url"]:
            assert old.stat().st_ino == new.stat().st_ino, name
            kept += 1
    assert kept == 43
