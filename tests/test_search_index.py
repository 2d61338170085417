"""The search index in parts: Pagefind indexes the press releases of each year and the rest of
the site on its own, an unchanged part keeps its index from the cache, and the parts are joined
into the one index the site serves — byte for byte the index of one Pagefind run over all pages.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_into, build_scenario, lay_out_scenario, serve

from newsroom.search.stable_index import read_pagefind_raw

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


def cache_entries(cache: Path) -> dict[str, int]:
    """The parts' indexes in the cache: name → inode (not the kept joint index)."""
    from newsroom.search.index import JOINT

    return {
        entry.name: entry.stat().st_ino
        for entry in cache.iterdir()
        if entry.is_dir() and entry.name != JOINT
    }


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {
        path.relative_to(bundle).as_posix(): path.read_bytes()
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }


def test_the_parts_of_the_site_are_the_years_and_the_rest(parted_site):
    """Each year's releases and the rest, each cut into PART_BUCKETS parts by the page's path
    (the part a page is in does not depend on what it says)."""
    from newsroom.search.index import PART_BUCKETS, group_part, index_groups

    parts = {group.name: group.pages for group in index_groups(parted_site, Path("-"))}
    by_group: dict[str, int] = {}
    for name, pages in parts.items():
        group, bucket = name.rsplit("-", 1)
        assert 0 <= int(bucket) < PART_BUCKETS
        assert all(group_part(group, page) == name for page, _digest in pages)
        by_group[group] = by_group.get(group, 0) + len(pages)
    assert by_group == {"allgemein": 3, "jahr-1975": 20, "jahr-2019": 20, "jahr-2023": 20}
    # twenty releases of a year spread over its parts
    assert all(sum(name.startswith(f"{year}-") for name in parts) >= 3
               for year in ("jahr-1975", "jahr-2019", "jahr-2023"))  # fmt: skip


def test_the_joint_index_is_the_index_of_one_pagefind_run(parted_site, tmp_path):
    """Word index, filters with their counts, the date sort, the pages and their fragments:
    byte for byte what Pagefind writes for all pages at once (then stabilised), so the search
    finds, ranks, filters and sorts exactly as with one index."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import part_name, write_index, write_indexes
    from newsroom.search.stable_index import read_pagefind, read_part, stabilise_pagefind

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    joint = tmp_path / "gemeinsam"
    pages = write_indexes(parted_site, joint, tmp_path / "cache", excludes)
    single = tmp_path / "einzeln"
    assert write_index(parted_site, single, excludes) == pages == 63
    stabilise_pagefind(single, parted_site, part_name)
    assert bundle_files(joint) == bundle_files(single)
    entry = json.loads((joint / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_pagefind(joint / f"pagefind.{entry['languages']['de']['hash']}.pf_meta")
    assert len(meta[2]) > 1, "the test needs an index of several chunks"
    # Parts with meta fields of their own (no date on the project and the imprint): the join
    # renumbers their fields, which the bytes above then checked.
    cache = tmp_path / "cache"
    fields = {
        tuple(read_part(cache / name).languages["de"]["meta"][5]) for name in cache_entries(cache)
    }
    assert len(fields) > 1, "the test needs parts with different meta fields"


def test_chunks_written_by_threads_keep_their_order(parted_site, tmp_path, monkeypatch):
    """The joint index's chunks are compressed and written by threads; one waiting chunk at a
    time, or none written before all are cut, gives the same index."""
    from newsroom.search import stable_index
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    found = []
    for waiting in (1, 1000):
        monkeypatch.setattr(stable_index, "CHUNKS_WAITING", waiting)
        bundle = tmp_path / f"wartend-{waiting}"
        write_indexes(parted_site, bundle, tmp_path / f"cache-{waiting}", excludes)
        found.append(bundle_files(bundle))
    assert found[0] == found[1]
    assert sum(name.startswith("index/") for name in found[0]) > 2


def test_an_unchanged_part_is_not_indexed_again(parted_site, tmp_path):
    """One release of 2019 changes: only the index of its part of 2019 is built anew (a new
    cache entry); the other parts keep theirs, and the fragments of unchanged pages stay the
    same files."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import group_part, index_groups, write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    site = tmp_path / "site"
    shutil.copytree(parted_site, site)
    cache = tmp_path / "cache"
    write_indexes(site, tmp_path / "vorher", cache, excludes)
    before = cache_entries(cache)
    page = site / "pressemitteilungen/2019/meldung-0/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Meldung 0<", "Neu 0<"))
    write_indexes(site, tmp_path / "nachher", cache, excludes, previous=tmp_path / "vorher")
    after = cache_entries(cache)
    keys = {group.name: group.key(excludes) for group in index_groups(site, Path("-"))}
    assert set(after) == set(keys.values())
    changed = [name for name, key in keys.items() if before.get(key) != after[key]]
    assert changed == [group_part("jahr-2019", "pressemitteilungen/2019/meldung-0/index.html")]
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


def joined_files(bundle: Path) -> dict[str, bytes]:
    """What the join writes: word index, filters, meta and entry (not fragments, not code)."""
    return {
        name: data
        for name, data in bundle_files(bundle).items()
        if name.startswith(("index/", "filter/", "pagefind.", "pagefind-entry"))
        and name.endswith((".pf_index", ".pf_filter", ".pf_meta", ".json"))
    }


def test_unchanged_parts_reuse_the_last_joint_index(parted_site, tmp_path, monkeypatch):
    """No page changed: the parts are not joined again (the join would fail here); the index
    is the same bytes, its files those of the output it replaces, the fragments the parts'."""
    import newsroom.search.index as search_index
    from newsroom.search.capability import SETTINGS

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    cache = tmp_path / "cache"
    first, second = tmp_path / "eins", tmp_path / "zwei"
    assert search_index.write_indexes(parted_site, first, cache, excludes) == 63
    assert (cache / search_index.JOINT / search_index.JOINT_KEY).is_file()

    def no_join(*_args, **_kwargs):
        raise AssertionError("the parts were joined again")

    monkeypatch.setattr(search_index, "merge_indexes", no_join)
    assert search_index.write_indexes(parted_site, second, cache, excludes, first) == 63
    assert bundle_files(second) == bundle_files(first)
    joined = joined_files(second)
    assert len(joined) > 5 and any(name.startswith("index/") for name in joined)
    for name in joined:
        assert (first / name).stat().st_ino == (second / name).stat().st_ino, name
    fragments = sorted((second / "fragment").iterdir())
    assert len(fragments) == 63
    cold = tmp_path / "kalt"
    monkeypatch.undo()
    search_index.write_indexes(parted_site, cold, tmp_path / "cache-kalt", excludes)
    assert bundle_files(second) == bundle_files(cold)


@pytest.mark.parametrize("damage", ["missing", "extra", "link"])
def test_a_damaged_kept_joint_index_is_joined_anew(parted_site, tmp_path, damage, monkeypatch):
    """A kept joint index whose files are not those it lists (one deleted by hand, one added,
    one replaced by a link) is not used: the parts are joined again, to a cold build's bytes."""
    import newsroom.search.index as search_index
    from newsroom.search.capability import SETTINGS

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    cache = tmp_path / "cache"
    first = tmp_path / "eins"
    search_index.write_indexes(parted_site, first, cache, excludes)
    joint = cache / search_index.JOINT
    chunk = sorted((joint / "index").iterdir())[0]
    if damage == "missing":
        chunk.unlink()
    elif damage == "extra":
        (joint / "index" / "fremd.pf_index").write_bytes(b"x")
    else:
        outside = tmp_path / "draussen.pf_index"
        outside.write_bytes(chunk.read_bytes())
        chunk.unlink()
        chunk.symlink_to(outside)
    joins = []
    original = search_index.merge_indexes

    def counted(*args, **kwargs):
        joins.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(search_index, "merge_indexes", counted)
    second = tmp_path / "zwei"
    assert search_index.write_indexes(parted_site, second, cache, excludes, first) == 63
    assert joins == [1]
    assert bundle_files(second) == bundle_files(first)


def test_a_changed_part_makes_a_new_joint_index(parted_site, tmp_path):
    """One release changes: the parts are joined anew, to the bytes a build without any cache
    writes; the kept joint index is then that of the new parts."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import JOINT, JOINT_KEY, write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    site = tmp_path / "site"
    shutil.copytree(parted_site, site)
    cache = tmp_path / "cache"
    write_indexes(site, tmp_path / "vorher", cache, excludes)
    key_before = (cache / JOINT / JOINT_KEY).read_text(encoding="utf-8")
    page = site / "pressemitteilungen/2023/meldung-7/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Meldung 7<", "Wärmewende 7<"))
    after = tmp_path / "nachher"
    assert write_indexes(site, after, cache, excludes, previous=tmp_path / "vorher") == 63
    assert (cache / JOINT / JOINT_KEY).read_text(encoding="utf-8") != key_before
    cold = tmp_path / "kalt"
    write_indexes(site, cold, tmp_path / "cache-kalt", excludes)
    assert bundle_files(after) == bundle_files(cold)
    assert joined_files(after) != joined_files(tmp_path / "vorher")
    again = tmp_path / "wieder"
    write_indexes(site, again, cache, excludes, previous=after)
    assert bundle_files(again) == bundle_files(cold)


@pytest.mark.parametrize(
    ("filters", "part"),
    [
        ({"typ": "Pressemitteilung", "jahr": "2024"}, "jahr-2024"),
        ({"typ": "Pressemitteilung", "jahr": "1975"}, "jahr-1975"),
        ({"typ": "Pressemitteilung", "jahr": "1"}, "jahr-0001"),
        ({"typ": "Pressemitteilung", "jahr": ""}, "allgemein"),
        ({"typ": "Pressemitteilung"}, "allgemein"),
        ({"typ": "Pressemitteilung", "jahr": "20x4"}, "allgemein"),
        ({"typ": "Pressemitteilung", "jahr": "12345"}, "allgemein"),
        ({"typ": "Pressemitteilung", "jahr": "../2024"}, "allgemein"),
        ({"typ": "Veranstaltung", "jahr": "2022"}, "allgemein"),
        ({"typ": "Projekt"}, "allgemein"),
        ({}, "allgemein"),
    ],
)
def test_every_page_lands_in_a_part(filters, part):
    from newsroom.search.index import PART_BUCKETS, part_group, part_name

    assert part_group(filters) == part
    group, bucket = part_name(filters, "pressemitteilungen/2024/a/index.html").rsplit("-", 1)
    assert group == part and 0 <= int(bucket) < PART_BUCKETS


HEAD = '<html lang="de"><head><meta data-pagefind-filter="jahr[content]" content="2019">'
HEAD += '<meta data-pagefind-filter="typ[content]" content="Pressemitteilung"></head>'


@pytest.mark.parametrize(
    ("page", "indexed"),
    [
        (HEAD + "<body><main data-pagefind-body><p>Text</p></main></body></html>", True),
        (HEAD + '<body><p>data-pagefind-body</p><div class="a" data-pagefind-body="">', True),
        (HEAD + "<body><p>data-pagefind-body <b>erwähnt</b></p></body></html>", False),
        (HEAD + "<body><main data-pagefind-bodyx></main></body></html>", False),
        (HEAD + "<body><main\ndata-pagefind-body/></body></html>", True),
        (HEAD.replace("</head>", "<x data-pagefind-body></head>") + "<body></body>", False),
        (HEAD.replace("</head>", "<x data-pagefind-body></head>"), True),  # nothing after it
        (HEAD.replace("</head>", "") + "<main data-pagefind-body>", True),  # no head's end
        (HEAD + "<body><p>Text</p></body></html>", False),
    ],
)
def test_a_page_is_indexed_by_the_mark_in_its_body(tmp_path, page, indexed):
    """The pages index_groups hands to Pagefind: those whose body (or, without one, the whole
    file) has a tag with ``data-pagefind-body``; their part by the head's filters."""
    from newsroom.search.index import page_group

    path = tmp_path / "seite.html"
    path.write_text(page, encoding="utf-8")
    digest = hashlib.sha256(page.encode()).hexdigest()
    assert page_group(path) == (("jahr-2019", digest) if indexed else None)


# --- A built site: releases of several years, pages, an event ---------------------------------

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from publishconf import *  # noqa: F403
THEME = {theme!r}
"""
CHANGED = "pressemitteilungen/2019/2019-05-06-sensoren-im-stadtpark.md"


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder``: its SHA-256 and its inode."""
    return {
        str(path.relative_to(folder)): (hashlib.sha256(path.read_bytes()).hexdigest(),
                                        path.stat().st_ino)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }  # fmt: skip


@pytest.fixture(scope="module")
def years_site(tmp_path_factory):
    """The scenario „suche-jahre“ with the production settings: releases of 1975, 2019, 2022,
    2023 (two on the days the clocks change) and 2024 (New Year's Eve), the basis's pages,
    projects and event, and a page without a date."""
    folder = tmp_path_factory.mktemp("suche-jahre")
    content = lay_out_scenario("suche-jahre", folder / "inhalt")
    settings = folder / "einstellungen.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), theme=str(ROOT / "theme")), encoding="utf-8"
    )
    build = build_into(content, folder / "ausgabe", settings=str(settings))
    assert build.ok, build.stderr
    return build, settings


def test_a_warm_build_indexes_only_the_changed_year_and_equals_a_cold_one(years_site, tmp_path):
    build, settings = years_site
    content = tmp_path / "inhalt"
    shutil.copytree(build.content, content)
    output = tmp_path / "ausgabe"
    assert build_into(content, output, settings=str(settings)).ok
    cache = tmp_path / ".ausgabe-cache" / "suchindex"
    entries_before = cache_entries(cache)
    before = tree(output)
    release = content / CHANGED
    release.write_text(
        release.read_text(encoding="utf-8").replace("zwölf Sensoren", "vierzehn Sensoren"),
        encoding="utf-8",
    )
    warm = build_into(content, output, settings=str(settings))
    assert warm.ok, warm.stderr
    after = tree(output)
    cold = build_into(content, tmp_path / "kalt" / "ausgabe", settings=str(settings))
    assert cold.ok, cold.stderr
    assert {name: digest for name, (digest, _) in after.items()} == {
        name: digest for name, (digest, _) in tree(cold.output).items()
    }
    # Pagefind ran again for the part of the changed release alone.
    from newsroom.search.index import index_groups
    from newsroom.search.stable_index import fragment_page

    parts = index_groups(output, output / "pagefind")
    assert {part.name.rsplit("-", 1)[0] for part in parts} == {
        "allgemein", "jahr-1975", "jahr-2019", "jahr-2022", "jahr-2023", "jahr-2024"
    }  # fmt: skip
    changed_page = "pressemitteilungen/2019/sensoren-im-stadtpark/index.html"
    (changed,) = [part for part in parts if changed_page in dict(part.pages)]
    entries_after = cache_entries(cache)
    assert len(entries_before) == len(entries_after) == len(parts)
    assert len(entries_after.keys() - entries_before.keys()) == 1
    assert all(
        entries_before[name] == entries_after[name]
        for name in entries_after.keys() & entries_before.keys()
    )
    # The fragment of every page outside that part is the previous output's file; the part's
    # are new.
    fragments = [name for name in after if name.startswith("pagefind/fragment/")]
    assert fragments
    for name in fragments:
        page = fragment_page(output / "pagefind", Path(name).stem)
        kept = name in before and before[name][1] == after[name][1]
        assert kept == (page not in dict(changed.pages)), (name, page)


@pytest.fixture(scope="module")
def served_years(tmp_path_factory):
    """The scenario built with the development settings, served locally."""
    build = build_scenario("suche-jahre", tmp_path_factory.mktemp("suche-jahre-browser"))
    with serve(build.output) as url:
        yield url


SEARCH = """async ([query, options]) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({});
  const found = await pagefind.search(query, options);
  const urls = [];
  for (const result of found.results) urls.push((await result.data()).url);
  return {urls, filters: found.filters, all: await pagefind.filters()};
}"""
YEARS_RELEASES = {
    "/pressemitteilungen/2024/jahresrueckblick/": "2024",
    "/pressemitteilungen/2023/buergerbeteiligung-online/": "2023",
    "/pressemitteilungen/2023/ladepunkte-am-rathaus/": "2023",
    "/pressemitteilungen/2019/glasfaser-fuer-schulen/": "2019",
    "/pressemitteilungen/2019/sensoren-im-stadtpark/": "2019",
    "/pressemitteilungen/1975/gruendung-der-stadtwerke/": "1975",
}


@pytest.mark.browser
def test_search_finds_every_year_filters_and_sorts_them(browser, served_years):
    """„Stadtlabor“ stands in each release of the scenario and on the page without a date; the
    seed release of 2022 has „Stadt“ but not „Stadtlabor“ and is no hit."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{served_years}/suche/?q=Stadtlabor")
        links = page.locator("#suche-treffer a.search-result__link")
        links.first.wait_for(timeout=15_000)
        # All seven, waited for without evaluating a string in the page (its CSP forbids eval).
        links.nth(6).wait_for(timeout=15_000)
        shown = page.locator("#suche-treffer a.search-result__link").evaluate_all(
            "links => links.map(link => new URL(link.href).pathname)"
        )
        assert sorted(shown) == sorted([*YEARS_RELEASES, "/stadtlabor/"])
        assert "7 Treffer für „Stadtlabor“" in page.locator("#suche-status").inner_text()

        newest_first = page.evaluate(SEARCH, ["Stadtlabor", {"sort": {"datum": "desc"}}])
        assert newest_first["urls"] == list(YEARS_RELEASES)  # the page without date has no sort
        oldest_first = page.evaluate(SEARCH, ["Stadtlabor", {"sort": {"datum": "asc"}}])
        assert oldest_first["urls"] == list(reversed(YEARS_RELEASES))
        assert newest_first["filters"]["jahr"] == {
            "1975": 1, "2019": 2, "2022": 0, "2023": 2, "2024": 1
        }  # fmt: skip

        everything = newest_first["all"]
        assert everything["jahr"] == {"1975": 1, "2019": 2, "2022": 2, "2023": 2, "2024": 1}
        assert everything["typ"]["Pressemitteilung"] == 7
        assert everything["typ"]["Veranstaltung"] == 1
        in_2023 = page.evaluate(SEARCH, [None, {"filters": {"jahr": "2023"}}])
        assert sorted(in_2023["urls"]) == sorted(
            u for u, y in YEARS_RELEASES.items() if y == "2023"
        )
        events = page.evaluate(SEARCH, [None, {"filters": {"typ": "Veranstaltung"}}])
        assert events["urls"] == ["/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"]
    finally:
        context.close()


def test_two_builds_at_once_share_the_cache_safely(parted_site, tmp_path):
    """The live preview may finish an older state while a newer one indexes: one waits."""
    from concurrent.futures import ThreadPoolExecutor

    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    changed = tmp_path / "geaendert"
    shutil.copytree(parted_site, changed)
    page = changed / "pressemitteilungen/2023/meldung-1/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Meldung 1<", "Neu 1<"))
    cache = tmp_path / "cache"
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(write_indexes, site, tmp_path / name, cache, excludes)
            for site, name in ((parted_site, "eins"), (changed, "zwei"))
        ]
        assert [job.result() for job in jobs] == [63, 63]
    for site, name in ((parted_site, "eins"), (changed, "zwei")):
        alone = tmp_path / f"{name}-allein"
        assert write_indexes(site, alone, tmp_path / f"cache-{name}", excludes) == 63
        assert bundle_files(tmp_path / name) == bundle_files(alone)


# --- The parts in the cache, and the encoder of the joint index -------------------------------


def test_a_cached_part_holds_its_words_in_its_own_format(parted_site, tmp_path):
    """A part in the cache keeps Pagefind's fragments and code, and its words, filters and meta
    in the fast format of its own (no Pagefind index files, which only the joint index has)."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import index_groups, write_indexes
    from newsroom.search.stable_index import PART_FILE, read_part

    cache = tmp_path / "cache"
    write_indexes(parted_site, tmp_path / "index", cache, SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"])
    entries = sorted(cache_entries(cache))
    assert len(entries) == len(index_groups(parted_site, Path("-"))) > 4
    for name in entries:
        folder = cache / name
        files = {path.relative_to(folder).as_posix() for path in folder.rglob("*")}
        assert PART_FILE in files
        assert not {"index", "filter", "pagefind-entry.json"} & files
        assert not [name for name in files if name.endswith(".pf_meta")]
        assert any(name.startswith("fragment/") for name in files)
        part = read_part(folder)
        assert part is not None and list(part.languages) == ["de"]
        pages = part.languages["de"]["meta"][1]
        assert [name for name, _words in pages] == sorted(name for name, _words in pages)


def damage_part(folder: Path, damage: str) -> None:
    from newsroom.search.stable_index import PART_FILE

    words = next(path for path in folder.glob("teil.*.marshal") if path.name != PART_FILE)
    if damage == "truncated":
        words.write_bytes(words.read_bytes()[:-100])
    elif damage == "changed":
        data = bytearray(words.read_bytes())
        data[len(data) // 2] ^= 0x01
        words.write_bytes(bytes(data))
    elif damage == "header":
        data = (folder / PART_FILE).read_bytes()
        (folder / PART_FILE).write_bytes(data[:-3])
    elif damage == "older-format":
        first, rest = (folder / PART_FILE).read_bytes().split(b"\n", 1)
        name, _format, *versions = first.split(b" ")
        (folder / PART_FILE).write_bytes(b" ".join([name, b"0", *versions]) + b"\n" + rest)
    elif damage == "pagefind-index":  # a part as the cache held it before: Pagefind's files
        for path in folder.glob("*.marshal"):
            path.unlink()
        (folder / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    else:
        (folder / PART_FILE).unlink()


@pytest.mark.parametrize(
    "damage", ["truncated", "changed", "header", "older-format", "pagefind-index", "missing"]
)
def test_a_damaged_or_older_part_is_indexed_anew(parted_site, tmp_path, damage):
    """A cached part that is cut short, has a changed byte, is of an older format or has no
    part file is not used: Pagefind indexes that part again, the others stay, and the index is
    the bytes of a build without cache."""
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import group_part, index_groups, write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    site = tmp_path / "site"
    shutil.copytree(parted_site, site)
    cache = tmp_path / "cache"
    write_indexes(site, tmp_path / "vorher", cache, excludes)
    keys = {group.name: group.key(excludes) for group in index_groups(site, Path("-"))}
    damaged = next(name for name in sorted(keys) if name.startswith("jahr-2023-"))
    damage_part(cache / keys[damaged], damage)
    # A changed page elsewhere: the parts are joined again, reading the damaged part.
    page = site / "pressemitteilungen/2019/meldung-0/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Meldung 0<", "Neu 0<"))
    before = cache_entries(cache)
    after_dir = tmp_path / "nachher"
    assert write_indexes(site, after_dir, cache, excludes, previous=tmp_path / "vorher") == 63
    after = cache_entries(cache)
    keys = {group.name: group.key(excludes) for group in index_groups(site, Path("-"))}
    rebuilt = sorted(name for name, key in keys.items() if before.get(key) != after[key])
    changed = group_part("jahr-2019", "pressemitteilungen/2019/meldung-0/index.html")
    assert rebuilt == [changed, damaged]
    cold = tmp_path / "kalt"
    write_indexes(site, cold, tmp_path / "cache-kalt", excludes)
    assert bundle_files(after_dir) == bundle_files(cold)


def locations(chooser: random.Random) -> list[list[int]]:
    """A page's locations and meta locations (fields as negative numbers), with numbers of
    every length of head CBOR gives them."""
    edges = [0, 23, 24, 255, 256, 65_535, 65_536, 2**32 - 1, 2**32, -1, -24, -25, -257]
    return [
        [chooser.choice([*edges, chooser.randrange(900)]) for _ in range(chooser.randrange(4))],
        [-chooser.randrange(1, 4), chooser.randrange(40)] if chooser.random() < 0.5 else [],
    ]


@pytest.mark.parametrize("sizes", [(1,), (0, 3), (23, 1, 0), (24, 300), (255, 2, 65_536)])
def test_a_joint_page_list_is_the_bytes_of_the_whole_list(sizes):
    """The parts' page lists spliced into one (their first pages re-counted, the others as the
    bytes each part keeps, joined from the bytes of their numbers) are what cbor2 writes for
    the joint list, also where the length of a list's or a number's head changes (24, 256,
    65,536 items; numbers up to 2**32, negative ones)."""
    import cbor2

    from newsroom.search.stable_index import RunWriter, encode_joint_pages, joint_pages

    chooser = random.Random(sum(sizes))
    runs, joint, offset = [], [], 0
    for size in sizes:
        numbers = sorted(chooser.sample(range(size * 3), size))
        pages = [[number, *locations(chooser)] for number in numbers]
        joint += [[offset + number, *rest] for number, *rest in pages]
        # As Pagefind keeps them: numbered the other way round (its page n is page
        # 3 * size - 1 - n here), in its order, each number as a difference to the one before.
        new_number = list(range(size * 3))[::-1]
        pagefind_pages = [[new_number[number], *rest] for number, *rest in pages[::-1]]
        previous = 0
        for page in pagefind_pages:
            page[0], previous = page[0] - previous, page[0]
        runs.append((offset, RunWriter(new_number).run(pagefind_pages)[0]))
        offset += size * 3
    previous = 0
    for page in joint:
        page[0], previous = page[0] - previous, page[0]
    spliced = cbor2.dumps([joint_pages(runs)], default=encode_joint_pages)
    assert spliced == cbor2.dumps([joint])
    assert cbor2.loads(spliced) == [joint]


def test_pages_left_unchanged_are_not_read_again(parted_site, tmp_path, monkeypatch):
    """The parts of the site are found by what the last build learnt of each page file
    (by its identity: device, inode, size, time); only the page made anew is read."""
    import newsroom.search.index as search_index
    from newsroom.search.capability import SETTINGS

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    site, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(parted_site, site)
    search_index.write_indexes(site, tmp_path / "eins", cache, excludes)
    read = []
    original = search_index.page_group

    def counted(path):
        read.append(path.relative_to(site).as_posix())
        return original(path)

    monkeypatch.setattr(search_index, "page_group", counted)
    page = site / "pressemitteilungen/2019/meldung-0/index.html"
    anew = page.with_name("neu.tmp")
    anew.write_text(page.read_text(encoding="utf-8").replace("Meldung 0<", "Neu 0<"))
    anew.replace(page)  # as the build writes: a new file, never the old one changed
    assert search_index.write_indexes(site, tmp_path / "zwei", cache, excludes) == 63
    assert read == ["pressemitteilungen/2019/meldung-0/index.html"]
    monkeypatch.undo()
    search_index.write_indexes(site, tmp_path / "kalt", tmp_path / "cache-kalt", excludes)
    assert bundle_files(tmp_path / "zwei") == bundle_files(tmp_path / "kalt")


@pytest.mark.parametrize(
    "damage",
    [
        *("not-json", "a-list", "another-scope"),
        *("short-digest", "unknown-part", "part-with-path", "digest-number"),
    ],
)
def test_a_damaged_record_of_the_pages_is_not_used(parted_site, tmp_path, damage, monkeypatch):
    """What the last build learnt of its pages, damaged or planted with values no build
    writes: the record is dropped as a whole, every page is read, the index is that of a
    build without cache."""
    import newsroom.search.index as search_index
    from newsroom.search.capability import SETTINGS
    from newsroom.search.index import PAGES_SEEN, write_indexes

    excludes = SETTINGS["SEARCH"]["EXCLUDE_SELECTORS"]
    cache = tmp_path / "cache"
    write_indexes(parted_site, tmp_path / "eins", cache, excludes)
    stored = json.loads((cache / PAGES_SEEN).read_text(encoding="utf-8"))
    seen = stored["files"]
    identity = next(key for key, found in seen.items() if found and found[0] == "jahr-2019")
    part, digest = seen[identity]
    planted = {
        "short-digest": [part, digest[:12]],
        "unknown-part": ["jahr-20199", digest],
        "part-with-path": ["../allgemein", digest],
        "digest-number": [part, 12345],
    }
    if damage == "not-json":
        (cache / PAGES_SEEN).write_bytes(b"\xff{")
    elif damage == "a-list":
        stored["files"] = list(seen.items())
        (cache / PAGES_SEEN).write_text(json.dumps(stored), encoding="utf-8")
    elif damage == "another-scope":
        stored["scope"] = "andere"
        (cache / PAGES_SEEN).write_text(json.dumps(stored), encoding="utf-8")
    else:
        seen[identity] = planted[damage]
        (cache / PAGES_SEEN).write_text(json.dumps(stored), encoding="utf-8")
    read = []
    original = search_index.page_group
    monkeypatch.setattr(
        search_index, "page_group", lambda path: read.append(path) or original(path)
    )
    assert write_indexes(parted_site, tmp_path / "zwei", cache, excludes) == 63
    assert len(read) == len(list(parted_site.rglob("*.html"))) == 64
    write_indexes(parted_site, tmp_path / "kalt", tmp_path / "cache-kalt", excludes)
    assert bundle_files(tmp_path / "zwei") == bundle_files(tmp_path / "kalt")


def test_hostile_page_paths_land_in_a_part_of_their_group(tmp_path):
    """File names an editor's slug or a stolen account could produce — markup, quotes,
    „../“-like names, bytes that are no UTF-8, a link — give a part of the page's group; a
    link is not followed and not indexed."""
    import os
    import re

    from newsroom.search.index import GROUP, PART_BUCKETS, index_groups

    site = tmp_path / "site"
    names = ['a"b<i>c', "..%2f..%2fetc", "..x", "Bürger*innen", "keine-utf-8"]
    for name in names:
        write_page(site, f"pressemitteilungen/2019/{name}", "Titel", 20,
                   typ="Pressemitteilung", jahr="2019")  # fmt: skip
    folder = site / "pressemitteilungen" / "2019"
    names[-1] = os.fsdecode(b"\xff\xfe")
    (folder / "keine-utf-8").rename(folder / names[-1])
    outside = tmp_path / "draussen"
    write_page(outside, "geheim", "Geheim", 20, typ="Pressemitteilung", jahr="2019")
    (site / "pressemitteilungen" / "link.html").symlink_to(outside / "geheim" / "index.html")
    parts = index_groups(site, site / "pagefind")
    pages = {page: part.name for part in parts for page, _digest in part.pages}
    assert sorted(pages) == sorted(f"pressemitteilungen/2019/{name}/index.html" for name in names)
    for name in pages.values():
        group, bucket = name.rsplit("-", 1)
        assert group == "jahr-2019" and GROUP.fullmatch(group)
        assert re.fullmatch(r"[0-9]+", bucket) and int(bucket) < PART_BUCKETS
