"""The warm production build: after each kind of change it gives byte for byte the site a cold
build of the same sources gives (whole trees compared), and the pages that did not change are
the very files of the previous output (hard links), not new ones."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import brotli
import pytest

from tests.conftest import ROOT, build_into, lay_out_scenario

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from publishconf import *  # noqa: F403
THEME = {theme!r}
{extra}
"""
RELEASE = "pressemitteilungen/2022/2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md"
EVENT = "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md"
EMBARGOED = "pressemitteilungen/2026/schnellladepark-am-rathaus/index.html"
SECOND = "pressemitteilungen/2021/2021-03-01-zweite-mitteilung.md"
SECOND_PAGE = "pressemitteilungen/2021/zweite-mitteilung/index.html"
RELEASE_PAGE = "pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/index.html"


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder``: its SHA-256 and its inode."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_ino,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Site:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.content = lay_out_scenario("redaktion-sperrfrist", folder / "inhalt")
        # A second release of the same year, which one test deletes again.
        text = (self.content / RELEASE).read_text(encoding="utf-8")
        text = text.replace("Date: 2022-01-13", "Date: 2021-03-01")
        text = text.replace(
            "Slug: unternehmen-loten-chancen-der-smart-city-aus", "Slug: zweite-mitteilung"
        )
        text = text.replace(
            "Title: Norderstedter Unternehmen", "Title: Zweite Mitteilung: Unternehmen"
        )
        (self.content / SECOND).parent.mkdir()
        (self.content / SECOND).write_text(text, encoding="utf-8")
        self.theme = folder / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = folder / "einstellungen.py"
        self.set_build_time("2026-11-26T12:00:00+00:00")
        self.output = folder / "ausgabe"
        self.builds = 0

    def set_build_time(self, moment: str | None, extra: str = "") -> None:
        """``moment``: the settings' BUILD_TIME; None: none (SOURCE_DATE_EPOCH decides)."""
        lines = [f"BUILD_TIME = {moment!r}"] if moment else []
        self.settings.write_text(
            SETTINGS.format(
                root=str(ROOT), theme=str(self.theme), extra="\n".join([*lines, extra])
            ),
            encoding="utf-8",
        )

    def build(self, output: Path, env: dict[str, str] | None = None):
        done = build_into(self.content, output, settings=str(self.settings), env=env)
        assert done.ok, done.stderr
        return done

    def warm_equals_cold(
        self, tmp_path: Path, env: dict[str, str] | None = None
    ) -> tuple[dict, dict]:
        """Build warm (over the last output, with its cache) and cold (fresh folder, no cache);
        both trees must be equal. Returns the trees before and after the warm build."""
        before = tree(self.output)
        self.build(self.output, env)
        cold = tmp_path / "kalt" / "ausgabe"
        self.build(cold, env)
        after = tree(self.output)
        assert {name: digest for name, (digest, _) in after.items()} == {
            name: digest for name, (digest, _) in tree(cold).items()
        }
        return before, after


def assert_unchanged_pages_reused(before: dict, after: dict) -> int:
    """Each page with the same bytes as before is the previous output's file itself."""
    same = [
        name
        for name, (digest, _) in after.items()
        if name.endswith(".html") and name in before and before[name][0] == digest
    ]
    assert same, "no page came out unchanged"
    assert [name for name in same if after[name][1] != before[name][1]] == []
    return len(same)


def assert_unchanged_files_reused(before: dict, after: dict, suffix: str) -> list[str]:
    """Files of the capabilities (vCards, calendars) go through the core's writer: those with
    the same bytes as before are the previous output's files; returns the changed ones."""
    names = [name for name in after if name.endswith(suffix) and name in before]
    same = [name for name in names if before[name][0] == after[name][0]]
    assert same, f"no {suffix} file came out unchanged"
    assert [name for name in same if after[name][1] != before[name][1]] == []
    return sorted(set(names) - set(same))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("inkrementell"))
    site.build(site.output)
    return site


def test_a_changed_release_text(site, tmp_path):
    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    before, after = site.warm_equals_cold(tmp_path)
    page = "pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/index.html"
    assert after[page][0] != before[page][0]
    assert "Geändert:" in (site.output / page).read_text(encoding="utf-8")
    assert assert_unchanged_pages_reused(before, after) > 10


def test_a_changed_contact(site, tmp_path):
    replace_in(
        site.content / "daten/kontakte.yaml",
        "rolle: Nachhaltigkeitskommunikation",
        "rolle: Kommunikation für Nachhaltigkeit",
    )
    before, after = site.warm_equals_cold(tmp_path)
    assert "Kommunikation für Nachhaltigkeit" in (
        site.output / "pressekontakte/index.html"
    ).read_text(encoding="utf-8")
    assert_unchanged_pages_reused(before, after)
    # Shown on every release that names the contact, in its contact block.
    for page in (RELEASE_PAGE, SECOND_PAGE):
        assert "Kommunikation für Nachhaltigkeit" in (site.output / page).read_text("utf-8")
        assert after[page][0] != before[page][0]
    changed = assert_unchanged_files_reused(before, after, ".vcf")
    assert len(changed) == 1
    assert "Kommunikation für Nachhaltigkeit" in (site.output / changed[0]).read_text("utf-8")
    assert assert_unchanged_files_reused(before, after, ".ics") == []


def test_a_changed_event(site, tmp_path):
    replace_in(
        site.content / EVENT, "Title: 4. Konferenz digital", "Title: Vierte Konferenz digital"
    )
    before, after = site.warm_equals_cold(tmp_path)
    assert "Vierte Konferenz digital" in (
        site.output / "veranstaltungen/konferenz-digital-zukunftsdialog-2022/index.html"
    ).read_text(encoding="utf-8")
    assert_unchanged_pages_reused(before, after)


def test_a_changed_template(site, tmp_path):
    replace_in(
        site.theme / "templates/article.html",
        "{% block content %}",
        '{% block content %}<p class="hinweis">Vorlage geändert</p>',
    )
    before, after = site.warm_equals_cold(tmp_path)
    page = "pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/index.html"
    assert "Vorlage geändert" in (site.output / page).read_text(encoding="utf-8")
    assert "Vorlage geändert" not in (site.output / "impressum/index.html").read_text(
        encoding="utf-8"
    )
    assert_unchanged_pages_reused(before, after)


def test_a_changed_title(site, tmp_path):
    """A title stands on the lists, the year and topic pages, and on the pages of the other
    releases: in their related releases and as their neighbour."""
    replace_in(
        site.content / RELEASE, "Title: Norderstedter Unternehmen", "Title: Umbenannt: Unternehmen"
    )
    before, after = site.warm_equals_cold(tmp_path)
    for page in (
        RELEASE_PAGE,
        SECOND_PAGE,  # related releases, next release
        "pressemitteilungen/index.html",
        "pressemitteilungen/2022/index.html",
        "themen/smart-city/index.html",
    ):
        assert "Umbenannt: Unternehmen" in (site.output / page).read_text("utf-8"), page
        assert after[page][0] != before[page][0], page
    assert_unchanged_pages_reused(before, after)


def test_a_changed_setting(site, tmp_path):
    site.set_build_time(
        "2026-11-26T12:00:00+00:00", extra='SITESUBTITLE = "Ein geänderter Untertitel"'
    )
    before, after = site.warm_equals_cold(tmp_path)
    for page in (RELEASE_PAGE, SECOND_PAGE, "impressum/index.html"):
        assert "Ein geänderter Untertitel" in (site.output / page).read_text("utf-8"), page
        assert after[page][0] != before[page][0], page
    site.set_build_time("2026-11-26T12:00:00+00:00")
    site.warm_equals_cold(tmp_path / "zurueck")


def test_a_deleted_release(site, tmp_path):
    (site.content / SECOND).unlink()
    before, after = site.warm_equals_cold(tmp_path)
    assert SECOND_PAGE in before
    assert SECOND_PAGE not in after
    assert "pressemitteilungen/2021/index.html" not in after  # its year is gone with it
    assert "Zweite Mitteilung" not in (site.output / "pressemitteilungen/index.html").read_text(
        encoding="utf-8"
    )
    assert_unchanged_pages_reused(before, after)


def test_an_embargo_that_lifts(site, tmp_path):
    assert not (site.output / EMBARGOED).exists()
    site.set_build_time("2026-12-02T12:00:00+01:00")
    before, after = site.warm_equals_cold(tmp_path)
    assert EMBARGOED in after
    assert_unchanged_pages_reused(before, after)


def test_the_build_time_from_source_date_epoch(site, tmp_path):
    """Without BUILD_TIME the build time is SOURCE_DATE_EPOCH's: after the embargo the release
    is out and linked from the one before it; set back, it is withheld again and the link goes."""
    site.set_build_time(None)
    later = "1796299200"  # 2026-12-03 12:00 UTC
    site.warm_equals_cold(tmp_path, env={"SOURCE_DATE_EPOCH": later})
    assert (site.output / EMBARGOED).exists()
    assert "Schnellladepark" in (site.output / RELEASE_PAGE).read_text("utf-8")
    earlier = "1796040000"  # 2026-11-30 12:00 UTC
    before, after = site.warm_equals_cold(tmp_path / "frueher", env={"SOURCE_DATE_EPOCH": earlier})
    assert EMBARGOED not in after
    assert after[RELEASE_PAGE][0] != before[RELEASE_PAGE][0]
    assert "Schnellladepark" not in (site.output / RELEASE_PAGE).read_text("utf-8")


def test_a_staging_file_rewritten_later_leaves_the_old_output_alone(tmp_path):
    """Linked files are never changed in place: the old output keeps its bytes."""
    from newsroom.core.incremental import replace_file, write_or_link

    old = tmp_path / "alt.html"
    old.write_bytes(b"<p>alt</p>")
    new = tmp_path / "neu.html"
    write_or_link(new, b"<p>alt</p>", old)
    assert new.stat().st_ino == old.stat().st_ino
    replace_file(new, b"<p>neu</p>")
    assert old.read_bytes() == b"<p>alt</p>"
    assert new.read_bytes() == b"<p>neu</p>"
    write_or_link(new, b"<p>anders</p>", old)
    assert new.stat().st_ino != old.stat().st_ino
    assert old.read_bytes() == b"<p>alt</p>"
    assert os.stat(old).st_nlink == 1


def wait_until(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"after {limit:g} s still not: {what}"
        time.sleep(0.05)


def test_the_replaced_output_is_deleted_and_a_killed_deletion_cleared(site, tmp_path):
    """The output a build replaces is renamed aside and deleted by a process of its own; what
    a killed deletion left is deleted by the next build, never put back and never deployed."""
    from tests.conftest import run_newsroom

    # What a deletion killed midway leaves: an old output under the name of a replaced one,
    # with a page the current site does not have.
    leftover = site.output.with_name(f".{site.output.name}-ersetzt-4711-1")
    shutil.copytree(site.output, leftover, copy_function=os.link)
    (leftover / "veraltet").mkdir()
    (leftover / "veraltet" / "index.html").write_text("veraltet", encoding="utf-8")
    before, after = site.warm_equals_cold(tmp_path)
    assert "veraltet/index.html" not in after
    assert_unchanged_pages_reused(before, after)
    replaced = f".{site.output.name}-ersetzt-*"
    wait_until(lambda: not list(site.folder.glob(replaced)), "replaced outputs deleted")
    assert not leftover.exists()
    target = tmp_path / "www"
    done = run_newsroom(
        "deploy", "--output", str(site.output), "--target", str(target), "--rsync", "kein-rsync"
    )
    assert done.returncode == 0, done.stderr
    assert (target / "index.html").is_file() and not (target / "veraltet").exists()


def test_recover_never_restores_a_replaced_output(tmp_path):
    """Even with the output missing, a replaced output is deleted, not put back in its place
    (it is older than what was published after it)."""
    from newsroom.tools.build import recover

    output = tmp_path / "ausgabe"
    replaced = tmp_path / ".ausgabe-ersetzt-4711-1"
    (replaced / "unterordner").mkdir(parents=True)
    (replaced / "index.html").write_text("veraltet", encoding="utf-8")
    recover(output)
    assert not output.exists()
    wait_until(lambda: not replaced.exists(), "the replaced output deleted")


def test_a_compiled_template_is_reused_only_while_source_and_filters_are_the_same(tmp_path):
    """The compiled templates kept in the content cache: a second environment loads the code
    instead of compiling; a changed source, or a filter that now takes the context, compiles
    anew (the old code would call it without the context)."""
    from jinja2 import Environment, FileSystemLoader, pass_context

    from newsroom.core.templates import stored_templates

    templates = tmp_path / "vorlagen"
    templates.mkdir()
    (templates / "seite.html").write_text("{{ titel|zeige }}", encoding="utf-8")
    cache = tmp_path / "cache"

    def environment(show, compiles: bool = True) -> Environment:
        env = Environment(
            loader=FileSystemLoader(templates), bytecode_cache=stored_templates(cache)
        )
        env.filters["zeige"] = show
        if not compiles:
            env.compile = lambda *args, **kwargs: pytest.fail("compiled again")
        return env

    def plain(value: str) -> str:
        return f"[{value}]"

    @pass_context
    def with_context(context, value: str) -> str:
        return f"<{context['titel']}:{value}>"

    assert environment(plain).get_template("seite.html").render(titel="A") == "[A]"
    assert len(list(cache.glob("*.jinja"))) == 1
    reused = environment(plain, compiles=False).get_template("seite.html")
    assert reused.render(titel="B") == "[B]"
    (templates / "seite.html").write_text("{{ titel|zeige }}!", encoding="utf-8")
    assert environment(plain).get_template("seite.html").render(titel="A") == "[A]!"
    assert environment(with_context).get_template("seite.html").render(titel="A") == "<A:A>!"
    assert len(list(cache.glob("*.jinja"))) == 2
    (next(cache.glob("*.jinja"))).write_bytes(b"kaputt")
    for show, shown in ((plain, "[C]!"), (with_context, "<C:C>!")):
        assert environment(show).get_template("seite.html").render(titel="C") == shown


def test_the_build_keeps_its_compiled_templates(site, tmp_path):
    """Each template the build renders is compiled once into the content cache; a warm build
    compiles none (and still equals a cold one, see the tests above)."""
    site.build(site.output)  # with the sources and settings as the tests before left them
    compiled = site.output.with_name(f".{site.output.name}-cache") / "vorlagen"
    names = sorted(path.name for path in compiled.glob("*.jinja"))
    assert len(names) >= 10, names
    stamps = {path.name: path.stat().st_mtime_ns for path in compiled.glob("*.jinja")}
    site.build(site.output)
    assert {path.name: path.stat().st_mtime_ns for path in compiled.glob("*.jinja")} == stamps


MARK = "<!-- aus dem Seiten-Cache -->"


def mark_cached_page(site: Site, page: str) -> None:
    """Put a mark into the page cache's entry of ``page`` or feed (a new file, the output keeps
    its own): a file taken from the cache shows it, a file made again does not."""
    folders = [
        folder
        for folder in (site.output.parent / f".{site.output.name}-cache" / "seiten").iterdir()
        if (site.output / page).stat().st_ino in {e.stat().st_ino for e in folder.iterdir()}
    ]
    assert len(folders) == 1, f"no cache entry for {page}"
    (entry,) = list(folders[0].iterdir())
    text = entry.read_text(encoding="utf-8")
    end = text.rindex("</")  # before the closing tag of the page or feed
    text = text[:end] + MARK + text[end:]
    marked = entry.with_name("markiert")
    marked.write_text(text, encoding="utf-8")
    os.replace(marked, entry)


def test_release_pages_with_unchanged_inputs_are_not_rendered_again(tmp_path):
    """The page cache: a release page whose sources, neighbours, related releases, contacts,
    events and templates are the same is the cache's file, not rendered; each kind of change
    that alters what it shows renders it again. A feed whose entries' sources are the same is
    the cache's file too."""
    site = Site(tmp_path / "seiten")
    site.build(site.output)
    pages = (RELEASE_PAGE, SECOND_PAGE)

    def build_marked() -> dict[str, str]:
        for page in pages:
            mark_cached_page(site, page)
        site.build(site.output)
        return {page: (site.output / page).read_text(encoding="utf-8") for page in pages}

    feed = "feeds/themen/smart-city.atom.xml"
    mark_cached_page(site, feed)
    shown = build_marked()  # nothing changed: both pages and the feed from the cache
    assert all(MARK in text for text in shown.values())
    assert MARK in (site.output / feed).read_text(encoding="utf-8")

    # A neighbour's and related release's title: both pages and the topic's feed show it.
    mark_cached_page(site, feed)
    replace_in(
        site.content / RELEASE, "Title: Norderstedter Unternehmen", "Title: Neu: Unternehmen"
    )
    shown = build_marked()
    for page, text in shown.items():
        assert MARK not in text and "Neu: Unternehmen" in text, page
    text = (site.output / feed).read_text(encoding="utf-8")
    assert MARK not in text and "Neu: Unternehmen" in text

    # Only the other release's text: the second page shows nothing of it and stays cached.
    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    shown = build_marked()
    assert MARK not in shown[RELEASE_PAGE] and "Geändert:" in shown[RELEASE_PAGE]
    assert MARK not in shown[SECOND_PAGE]  # its neighbour's source changed: rendered again

    # A contact's phone number, shown in the contact block of both.
    replace_in(site.content / "daten/kontakte.yaml", "535 406 - 24", "535 406 - 77")
    shown = build_marked()
    for page, text in shown.items():
        assert MARK not in text and "040 535406-77" in text, page

    # A linked event's title.
    replace_in(site.content / EVENT, "Title: 4. Konferenz digital", "Title: Fünfte Konferenz")
    shown = build_marked()
    assert MARK not in shown[RELEASE_PAGE] and "Fünfte Konferenz" in shown[RELEASE_PAGE]

    # A template of the theme.
    replace_in(site.theme / "templates/base.html", "<body>", '<body class="geaendert">')
    shown = build_marked()
    for page, text in shown.items():
        assert MARK not in text and 'class="geaendert"' in text, page

    # The warm build after all this is the cold build, byte for byte.
    site.warm_equals_cold(tmp_path)


def test_list_pages_with_unchanged_inputs_are_not_rendered_again(tmp_path):
    """The page cache for lists (topics, years, the archive): each file of a list whose
    releases on it, call and templates are the same is the cache's file, not rendered; a
    change of a release it lists, a new release in it, a template or a setting renders it
    again, and a list that shows none of a changed release's text stays cached."""
    site = Site(tmp_path / "listen")
    site.build(site.output)
    topic, year, other_year = (
        "themen/smart-city/index.html",
        "pressemitteilungen/2022/index.html",
        "pressemitteilungen/2021/index.html",
    )
    lists = (topic, year, other_year)

    def build_marked() -> dict[str, str]:
        for page in lists:
            mark_cached_page(site, page)
        site.build(site.output)
        return {page: (site.output / page).read_text(encoding="utf-8") for page in lists}

    shown = build_marked()  # nothing changed: every list from the cache
    assert all(MARK in text for text in shown.values())

    # A listed release's text: its topic and its year again, the other year not.
    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    shown = build_marked()
    assert MARK not in shown[topic] and MARK not in shown[year]
    assert MARK in shown[other_year]

    # A listed release's title.
    replace_in(
        site.content / RELEASE, "Title: Norderstedter Unternehmen", "Title: Neu: Unternehmen"
    )
    shown = build_marked()
    for page in (topic, year):
        assert MARK not in shown[page] and "Neu: Unternehmen" in shown[page], page

    # A new release in the other year.
    text = (site.content / SECOND).read_text(encoding="utf-8")
    text = text.replace("Date: 2021-03-01", "Date: 2021-04-01")
    text = text.replace("Slug: zweite-mitteilung", "Slug: dritte-mitteilung")
    text = text.replace("Title: Zweite Mitteilung:", "Title: Dritte Mitteilung:")
    third = site.content / "pressemitteilungen/2021/2021-04-01-dritte-mitteilung.md"
    third.write_text(text, encoding="utf-8")
    shown = build_marked()
    for page in (topic, other_year):
        assert MARK not in shown[page] and "Dritte Mitteilung" in shown[page], page

    # A template of the theme (any template of it renders every list again).
    replace_in(site.theme / "templates/tag.html", "<h1 ", '<h1 data-geaendert="ja" ')
    shown = build_marked()
    assert MARK not in shown[topic] and 'data-geaendert="ja"' in shown[topic]

    # A setting.
    site.set_build_time(
        "2026-11-26T12:00:00+00:00", extra='SITESUBTITLE = "Ein geänderter Untertitel"'
    )
    shown = build_marked()
    for page, text in shown.items():
        assert MARK not in text and "Ein geänderter Untertitel" in text, page

    # The warm build after all this is the cold build, byte for byte.
    third.unlink()
    site.warm_equals_cold(tmp_path)


def test_compressed_copies_of_unchanged_files_are_found_without_reading_them(tmp_path):
    """The compression cache knows the SHA-256 of each file it compressed by the file's
    identity (device, inode, size, time): a page linked unchanged into the next output is
    looked up by it, not read again; a page made anew is read and looked up by its bytes."""
    from newsroom.core.incremental import file_identity
    from newsroom.delivery.assets import DIGESTS

    site = Site(tmp_path / "komprimiert")
    site.build(site.output)
    cache = site.output.parent / f".{site.output.name}-cache" / "komprimiert"
    page = site.output / RELEASE_PAGE
    real = hashlib.sha256(page.read_bytes()).hexdigest()
    (brotli_entry,) = cache.glob(f"{real}.q*.br")
    planted = "0" * 64
    marked = page.read_bytes().replace(b"</body>", MARK.encode() + b"</body>")
    (cache / f"{planted}.gz").write_bytes(gzip.compress(marked))
    (cache / brotli_entry.name.replace(real, planted)).write_bytes(brotli.compress(marked))
    stored = json.loads((cache / DIGESTS).read_bytes())
    known = stored["files"]
    identity = file_identity(page)
    assert known[identity][1] == real
    known[identity][1] = planted
    (cache / DIGESTS).write_text(json.dumps(stored), encoding="utf-8")

    site.build(site.output)  # nothing changed: the page is the same file, not read again
    assert file_identity(site.output / RELEASE_PAGE) == identity
    assert MARK.encode() in gzip.decompress((site.output / f"{RELEASE_PAGE}.gz").read_bytes())
    shown = brotli.decompress((site.output / f"{RELEASE_PAGE}.br").read_bytes())
    assert MARK.encode() in shown

    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    site.build(site.output)  # the page is made anew: read, and its copies are its own
    page = site.output / RELEASE_PAGE
    assert gzip.decompress((site.output / f"{RELEASE_PAGE}.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((site.output / f"{RELEASE_PAGE}.br").read_bytes()) == page.read_bytes()

    # A record with a value no build writes (a negative size would mean „too small to
    # compress“) is not used: the page is read and compressed.
    stored = json.loads((cache / DIGESTS).read_bytes())
    stored["files"][file_identity(page)][0] = -1
    (cache / DIGESTS).write_text(json.dumps(stored), encoding="utf-8")
    site.build(site.output)
    page = site.output / RELEASE_PAGE
    assert gzip.decompress((site.output / f"{RELEASE_PAGE}.gz").read_bytes()) == page.read_bytes()

    site.warm_equals_cold(tmp_path)


def test_related_releases_are_taken_from_the_cache_while_their_inputs_are_the_same(tmp_path):
    """The related releases of the last build (content cache, ``verwandte.marshal``) are used
    again while no release's topics, events, date or slug changed: a planted empty list stays
    through a changed text and goes with a changed topic."""
    import marshal

    site = Site(tmp_path / "verwandte")
    site.build(site.output)
    assert 'class="related__item"' in (site.output / RELEASE_PAGE).read_text(encoding="utf-8")
    stored = site.output.parent / f".{site.output.name}-cache" / "verwandte.marshal"
    digest, numbers = marshal.loads(stored.read_bytes())
    stored.write_bytes(marshal.dumps((digest, [() for _ in numbers])))

    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    site.build(site.output)  # a text changed, nothing related is made of: the planted list
    assert 'class="related__item"' not in (site.output / RELEASE_PAGE).read_text("utf-8")

    replace_in(site.content / RELEASE, "Tags: Smart City,", "Tags: Smart City, Klimaschutz,")
    site.build(site.output)  # a topic changed: worked out again
    assert 'class="related__item"' in (site.output / RELEASE_PAGE).read_text(encoding="utf-8")

    site.warm_equals_cold(tmp_path)


def sitemap_addresses(output: Path) -> set[str]:
    from newsroom.seo.sitemap import NAMESPACE

    root = ET.fromstring((output / "sitemap.xml").read_bytes())
    return {loc.text for loc in root.iter(f"{{{NAMESPACE}}}loc")}


def test_the_sitemap_reads_only_the_heads_of_pages_made_anew(tmp_path):
    """The sitemap keeps each page's head facts by the page file's identity: a page linked
    unchanged into the next output is not read again (a planted address shows), a page made
    anew is; a record with a value no build writes is not used at all."""
    from newsroom.core.incremental import file_identity
    from newsroom.seo.sitemap import HEADS

    site = Site(tmp_path / "sitemap")
    site.build(site.output)
    record = site.output.parent / f".{site.output.name}-cache" / HEADS
    stored = json.loads(record.read_bytes())
    identity = file_identity(site.output / RELEASE_PAGE)
    canonical = stored["files"][identity][0]
    assert canonical in sitemap_addresses(site.output)
    planted = canonical.replace("/unternehmen-loten-", "/gepflanzt-loten-")
    stored["files"][identity][0] = planted
    record.write_text(json.dumps(stored), encoding="utf-8")

    site.build(site.output)  # nothing changed: the page is the same file, not read again
    assert file_identity(site.output / RELEASE_PAGE) == identity
    assert planted in sitemap_addresses(site.output)
    assert canonical not in sitemap_addresses(site.output)

    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    site.build(site.output)  # the page is made anew: its head is read
    assert canonical in sitemap_addresses(site.output)
    assert planted not in sitemap_addresses(site.output)

    stored = json.loads(record.read_bytes())
    for value in stored["files"].values():
        value[2] = "nein"  # not a flag: the record is dropped, every head read again
    record.write_text(json.dumps(stored), encoding="utf-8")
    site.warm_equals_cold(tmp_path)


def test_files_renaming_left_unchanged_are_not_read_again(tmp_path, monkeypatch):
    """Pointing feeds and data at the hashed names of the theme's files: a file the last
    build found nothing to change in, and which is the same file now, is not read again; a
    file made anew is. New names, or a damaged record, and every file is read again."""
    from newsroom.delivery import assets

    output = tmp_path / "ausgabe"
    (output / "feeds").mkdir(parents=True)
    plain = "https://presse.example/theme/css/newsroom.css"
    (output / "feeds/alle.atom.xml").write_text(f'<feed><link href="{plain}"/></feed>')
    (output / "feeds/ohne.atom.xml").write_text("<feed><title>Ohne</title></feed>")
    settings = {
        "SPEED_CACHE": True,
        "SPEED_CACHE_PATH": str(tmp_path / "cache"),
        "OUTPUT_PATH": str(output),
    }
    site = assets.Site(output, "https://presse.example")
    renamed = {"theme/css/newsroom.css": "theme/css/newsroom.0123abcd.css"}
    read = []
    original = assets.read_text
    monkeypatch.setattr(assets, "read_text", lambda path: read.append(path.name) or original(path))

    def rename(names=renamed):
        read.clear()
        assets.rewrite_references(output, site, names, settings, pages=False)
        return sorted(read)

    assert rename() == ["alle.atom.xml", "ohne.atom.xml"]
    assert "newsroom.0123abcd.css" in (output / "feeds/alle.atom.xml").read_text()
    assert rename() == ["alle.atom.xml"]  # rewritten last time: a new file
    assert rename() == []
    other = {"theme/css/newsroom.css": "theme/css/newsroom.4567cdef.css"}
    assert rename(other) == ["alle.atom.xml", "ohne.atom.xml"]
    record = tmp_path / "cache" / assets.UNCHANGED
    stored = json.loads(record.read_bytes())
    stored["files"] = dict.fromkeys(stored["files"], "ja")
    record.write_text(json.dumps(stored), encoding="utf-8")
    assert rename(other) == ["alle.atom.xml", "ohne.atom.xml"]


def test_the_output_walk_lists_what_rglob_lists_in_its_order_without_links(tmp_path):
    """The post-build steps' walk of the output: every regular file, in the order of
    ``sorted(rglob("*"))`` also where a name sorts differently from a path („a-b“, „a/b“,
    „a.b“, capitals, dot files); symbolic links are neither listed nor followed."""
    from newsroom.core.incremental import regular_files

    root = tmp_path / "ausgabe"
    for name in (
        *("a/b/index.html", "a-b/index.html", "a.b", "a/c.html", "B/x.xml", "b/x.xml"),
        *(".versteckt/datei.txt", "z/.htaccess", "a/b/c/d/e/tief.html", "leer.html"),
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    (root / "leerer-ordner").mkdir()
    outside = tmp_path / "draussen"
    (outside / "geheim").mkdir(parents=True)
    (outside / "geheim" / "passwort.txt").write_text("geheim", encoding="utf-8")
    (root / "link-ordner").symlink_to(outside / "geheim", target_is_directory=True)
    (root / "a" / "link.html").symlink_to(outside / "geheim" / "passwort.txt")
    expected = sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())
    found = regular_files(root)
    assert found == expected
    assert len(found) == 10
    assert not [path for path in found if "link" in path.name or "passwort" in str(path)]


EVENT_ICS = "veranstaltungen/konferenz-digital-zukunftsdialog-2022.ics"
ALL_ICS = "veranstaltungen.ics"
ICS_MARK = b"X-AUS-DEM-CACHE:1\r\n"


def cache_folder_of(site: Site, name: str) -> Path:
    return site.output.parent / f".{site.output.name}-cache" / name


def mark_kept_calendars(site: Site) -> dict:
    """Put a mark into every calendar the cache keeps (with its SHA-256, as the cache writes
    it): a file taken from the cache shows it, a file made again does not."""
    import pickle

    store = cache_folder_of(site, "kalender") / "ergebnisse.pickle"
    entries = pickle.loads(store.read_bytes())
    marked = {}
    for key, (_, data) in entries.items():
        data = data.replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT\r\n" + ICS_MARK)
        marked[key] = (hashlib.sha256(data).digest(), data)
    store.write_bytes(pickle.dumps(marked))
    return marked


def test_calendar_files_are_taken_from_the_cache_while_their_inputs_are_the_same(tmp_path):
    """Each .ics file is kept under the key of what it is made of: a planted mark stays
    through a change of a release's text and goes with a change of the event's time, a move
    into the hour the clocks show twice, from the first of those hours to the second (another
    offset, the same wall clock) and another build time (DTSTAMP). A damaged entry or one of
    another format is made anew, never published."""
    import pickle

    site = Site(tmp_path / "kalender")
    site.build(site.output)

    def shown() -> dict[str, bytes]:
        return {name: (site.output / name).read_bytes() for name in (EVENT_ICS, ALL_ICS)}

    mark_kept_calendars(site)
    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    site.build(site.output)  # no calendar is made of a release's text
    assert all(ICS_MARK in data for data in shown().values())

    replace_in(site.content / EVENT, "Start: 2022-01-12", "Start: 2022-01-12 18:00")
    site.build(site.output)
    calendars = shown()
    assert not any(ICS_MARK in data for data in calendars.values())
    assert b"DTSTART;TZID=Europe/Berlin:20220112T180000" in calendars[EVENT_ICS]

    for old, new, start in (
        ("2022-01-12 18:00", "2022-10-30 02:30 +02:00", b"DTSTART:20221030T003000Z"),
        ("2022-10-30 02:30 +02:00", "2022-10-30 02:30 +01:00", b"DTSTART:20221030T013000Z"),
    ):
        mark_kept_calendars(site)
        replace_in(site.content / EVENT, f"Start: {old}", f"Start: {new}")
        site.build(site.output)
        calendars = shown()
        assert ICS_MARK not in calendars[EVENT_ICS] and start in calendars[EVENT_ICS], new
        assert ICS_MARK not in calendars[ALL_ICS] and start in calendars[ALL_ICS], new

    mark_kept_calendars(site)
    site.set_build_time("2026-11-27T12:00:00+00:00")
    site.build(site.output)
    calendars = shown()
    assert ICS_MARK not in calendars[EVENT_ICS]
    assert b"DTSTAMP:20261127T120000Z" in calendars[EVENT_ICS]

    # Damaged (bytes that do not match their SHA-256) or another format (bare bytes, text):
    # each entry is made anew, and the cache keeps the new one.
    store = cache_folder_of(site, "kalender") / "ergebnisse.pickle"
    marked = mark_kept_calendars(site)
    hostile = ((b"\0" * 32, b"BEGIN:VCALENDAR\r\n"), b"BEGIN:VCALENDAR\r\n", "BEGIN:VCALENDAR")
    entries = {key: hostile[number % 3] for number, key in enumerate(marked)}
    store.write_bytes(pickle.dumps(entries))
    site.build(site.output)
    assert not any(ICS_MARK in data for data in shown().values())
    kept = pickle.loads(store.read_bytes())
    assert kept.keys() == marked.keys()
    assert all(hashlib.sha256(data).digest() == digest for digest, data in kept.values())
    store.write_bytes(b"kein pickle")
    site.warm_equals_cold(tmp_path)


KIT = "pressemitteilungen/2026/schnellladepark-am-rathaus/pressemappe.zip"
OTHER_KIT = "pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/pressemappe.zip"
KIT_MARK = "AUS-DEM-CACHE.txt"


def mark_kept_kits(site: Site) -> None:
    """Add a file to every ZIP the press-kit cache keeps (written as the cache writes it)."""
    import io
    import zipfile

    from newsroom.presskit.cache import kept_zip, zip_entry

    for entry in cache_folder_of(site, "pressemappen").glob("*.zip"):
        buffer = io.BytesIO(kept_zip(entry.read_bytes()))
        with zipfile.ZipFile(buffer, "a") as archive:
            if KIT_MARK not in archive.namelist():
                archive.writestr(KIT_MARK, "aus dem Cache")
        entry.write_bytes(zip_entry(buffer.getvalue()))


def kit_names(site: Site, kit: str) -> list[str]:
    import zipfile

    with zipfile.ZipFile(site.output / kit) as archive:
        return archive.namelist()


def test_press_kits_are_taken_from_the_cache_while_their_inputs_are_the_same(tmp_path):
    """A press kit's ZIP is kept under the key of its files: a planted file stays while its
    release and photo are the same, and goes when the release's text or its photo changes.
    A damaged ZIP in the cache, or one of another format, is packed anew, never published."""
    site = Site(tmp_path / "pressemappen")
    site.set_build_time("2026-12-02T12:00:00+01:00")  # the release with a photo is out
    site.build(site.output)
    assert "schnellladepark-am-rathaus/fotos/schnellladepark-rathaus.png" in kit_names(site, KIT)

    mark_kept_kits(site)
    replace_in(site.content / RELEASE, "Die Smart City ist", "Geändert: Die Smart City ist")
    site.build(site.output)
    assert KIT_MARK in kit_names(site, KIT)
    assert KIT_MARK not in kit_names(site, OTHER_KIT)  # its release's text changed

    mark_kept_kits(site)
    photos = site.content / "bilder/2026"
    shutil.copyfile(photos / "sensorpark-mast.png", photos / "schnellladepark-rathaus.png")
    site.build(site.output)
    assert KIT_MARK not in kit_names(site, KIT)
    assert KIT_MARK in kit_names(site, OTHER_KIT)

    from newsroom.presskit.cache import ZIP_MARK

    kept = sorted(cache_folder_of(site, "pressemappen").glob("*.zip"))
    assert len(kept) >= 2
    for number, entry in enumerate(kept):
        stored = entry.read_bytes()
        damaged = (stored[:-10], stored[len(ZIP_MARK) + 32 :], b"")[number % 3]
        entry.write_bytes(damaged)
    texts = cache_folder_of(site, "pressemappen") / "ergebnisse.pickle"
    import pickle

    entries = pickle.loads(texts.read_bytes())
    texts.write_bytes(pickle.dumps(dict.fromkeys(entries, 42)))
    site.warm_equals_cold(tmp_path)
    assert KIT_MARK not in kit_names(site, KIT)
    assert KIT_MARK not in kit_names(site, OTHER_KIT)


def test_a_compressed_copy_replaces_what_a_stopped_build_left(tmp_path):
    """A build stopped while writing a cache entry leaves ``.<entry>.<process id>.neu``; a later
    process with the same id writes the entry all the same, and a link or file at the copy's
    place in the output is replaced, never written through."""
    from newsroom.delivery.assets import precompress_file

    page = tmp_path / "ausgabe" / "seite.html"
    page.parent.mkdir()
    data = ("<p>Bürger*innen und Bürger:innen</p>" * 200).encode()
    page.write_bytes(data)
    cache = tmp_path / "komprimiert"
    cache.mkdir()
    digest = hashlib.sha256(data).hexdigest()
    (cache / f".{digest}.gz.{os.getpid()}.neu").write_bytes(b"halb")
    elsewhere = tmp_path / "anderswo.txt"
    elsewhere.write_bytes(b"bleibt")
    (tmp_path / "ausgabe" / "seite.html.br").symlink_to(elsewhere)
    used, size, found = precompress_file((str(page), 6, None), min_size=0, cache=cache)
    assert (size, found) == (len(data), digest)
    assert sorted(used) == [f"{digest}.gz", f"{digest}.q6.br"]
    assert gzip.decompress((page.parent / "seite.html.gz").read_bytes()) == data
    assert brotli.decompress((page.parent / "seite.html.br").read_bytes()) == data
    assert not (page.parent / "seite.html.br").is_symlink()
    assert elsewhere.read_bytes() == b"bleibt"
    assert not list(cache.glob("*.neu"))
