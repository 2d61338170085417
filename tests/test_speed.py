"""The fast paths over Pelican's and Markdown's internals: used only with the versions they
were written for; with any other version a warning and the plain path, the same site."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, build_into, lay_out_scenario

from newsroom.speed import versions

# A package at another version than the fast paths were written for, set in the build's own
# process by its settings file (read before the plugins are registered).
OTHER_MARKDOWN = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
from newsroom.speed import versions
versions.WRITTEN_FOR = {{**versions.WRITTEN_FOR, "markdown": "0.0.1"}}
"""


def test_the_versions_written_for_are_the_pinned_ones():
    """requirements.txt installs exactly the versions the fast paths were written for."""
    pins = dict(
        re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)",
            (ROOT / "requirements.txt").read_text("utf-8"),
            flags=re.M,
        )
    )
    pinned = {name.lower(): version for name, version in pins.items()}
    for package, version in versions.WRITTEN_FOR.items():
        if package in pinned:
            assert pinned[package] == version, package
    assert versions.unexpected_versions() == {}
    assert versions.fast_paths_usable()


def test_another_version_is_named(monkeypatch):
    real = versions.installed_version
    monkeypatch.setattr(
        versions,
        "installed_version",
        lambda package: "9.9" if package == "pelican" else real(package),
    )
    assert versions.unexpected_versions() == {"pelican": "9.9"}
    assert not versions.fast_paths_usable()


def output_files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_other_versions_warn_and_build_the_same_site_the_plain_way(tmp_path):
    content = lay_out_scenario("typografie", tmp_path / "inhalt")
    # Each in a folder of its own: no content cache in common.
    fast = build_into(content, tmp_path / "schnell" / "output", settings="pelicanconf.py")
    assert fast.ok, fast.messages
    assert "Schnellwege des Builds aus" not in fast.stdout + fast.stderr
    settings = tmp_path / "andere_version.py"
    settings.write_text(OTHER_MARKDOWN.format(root=str(ROOT)), encoding="utf-8")
    plain = build_into(content, tmp_path / "einfach" / "output", settings=str(settings))
    assert plain.ok, plain.messages
    warning = " ".join((plain.stdout + plain.stderr).split())
    assert "Schnellwege des Builds aus" in warning
    assert "markdown 3.11.3 (geschrieben für 0.0.1)" in warning
    fast_files, plain_files = output_files(fast.output), output_files(plain.output)
    assert fast_files.keys() == plain_files.keys()
    differing = [name for name in fast_files if fast_files[name] != plain_files[name]]
    assert not differing


def feed_bytes(kind: str, items: list[dict], written: dict | None) -> bytes:
    """A feed as Pelican writes it: ``feed.write`` after ``feed_generated``."""
    import datetime as dt
    import io
    from zoneinfo import ZoneInfo

    from feedgenerator import Atom1Feed, Rss201rev2Feed

    from newsroom.speed.feed_entries import reuse_feed_entries

    feed_class = Atom1Feed if kind == "atom" else Rss201rev2Feed
    feed = feed_class(title="Feed", link="https://example.org/", description="")
    for item in items:
        pubdate = dt.datetime(2022, 1, item["day"], 10, tzinfo=ZoneInfo("Europe/Berlin"))
        feed.add_item(
            title=item["title"],
            link=f"https://example.org/{item['day']}/",
            description=item.get("summary"),
            content=item["content"],
            unique_id=f"tag:example.org,2022-01-{item['day']:02d}:/{item['day']}/",
            categories=item.get("tags"),
            pubdate=pubdate,
            enclosures=item.get("enclosures"),
        )
    if written is not None:
        reuse_feed_entries(written, feed)
    out = io.BytesIO()
    feed.write(out, "utf-8")
    return out.getvalue()


def test_feed_entries_written_once_give_the_same_bytes(monkeypatch):
    from feedgenerator import Enclosure

    from newsroom.speed import feed_entries

    items = [
        {"day": 13, "title": "„Zitat“ & <b>", "content": "<p>Bürger*innen &amp; mehr</p>"},
        {"day": 12, "title": "Zweite", "content": "<p>x</p>", "tags": ["Smart City", "K&M"]},
        {"day": 11, "title": "Leer", "summary": "<p>Vorspann</p>", "content": ""},
        {
            "day": 10,
            "title": "Anhang",
            "content": "<p>y</p>",
            "enclosures": [Enclosure("https://example.org/a.mp3", "3", "audio/mpeg")],
        },
    ]
    context: dict = {}
    for kind in ("atom", "rss"):
        assert feed_bytes(kind, items, context) == feed_bytes(kind, items, None)
    # A second feed with some of the same entries writes none of them again.
    calls = []
    entry_xml = feed_entries.entry_xml
    monkeypatch.setattr(
        feed_entries, "entry_xml", lambda feed, item: calls.append(item) or entry_xml(feed, item)
    )
    for kind in ("atom", "rss"):
        assert feed_bytes(kind, items[1:3], context) == feed_bytes(kind, items[1:3], None)
        assert feed_bytes(kind, items[:1], {}) == feed_bytes(kind, items[:1], None)
    assert [item["title"] for item in calls] == ["„Zitat“ & <b>", "„Zitat“ & <b>"]


def test_feed_entries_are_kept_by_digest_not_by_their_text():
    """The build keeps a digest of each entry, not its full text; an entry that differs in any
    value (here only the text) is written anew, not taken from an entry kept before."""
    from newsroom.speed.feed_entries import CONTEXT_KEY

    first = {"day": 13, "title": "Gleich", "content": "<p>Erste Fassung des Textes</p>"}
    second = {**first, "content": "<p>Zweite Fassung des Textes</p>"}
    context: dict = {}
    for kind in ("atom", "rss"):
        assert feed_bytes(kind, [first], context) == feed_bytes(kind, [first], None)
        changed = feed_bytes(kind, [second], context)
        assert changed == feed_bytes(kind, [second], None)
        if kind == "atom":  # RSS writes the summary only
            assert b"Zweite Fassung" in changed and b"Erste Fassung" not in changed
    kept = context[CONTEXT_KEY]
    assert len(kept) == 4
    assert all(isinstance(key, bytes) and len(key) == 32 for key in kept)


# --- Each Markdown file rendered once per build -----------------------------------------------

# Every Markdown conversion of the build, in this process and in the forked ones, noted by a
# digest of the text converted; the hand-over from the check to the reader switched off with
# ``HAND_OVER = False`` (the build as it was: the check and the reader each render).
COUNTING = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
SPEED_PARALLEL_FROM = 1
import hashlib
import markdown.core
if not hasattr(markdown.core.Markdown.convert, "counted"):
    converting = markdown.core.Markdown.convert

    def convert(self, source):
        with open({log!r}, "a", encoding="utf-8") as log:
            log.write(hashlib.sha256(source.encode("utf-8")).hexdigest() + "\\n")
        return converting(self, source)

    convert.counted = True
    markdown.core.Markdown.convert = convert
if not {hand_over!r}:
    from newsroom.core import sanitize
    from newsroom.speed import fast_path
    sanitize.rendered_sources = fast_path.rendered_sources = lambda settings: None
"""


def counted_build(content, folder, hand_over: bool):
    log = folder / "umwandlungen.txt"
    settings = folder / "zaehlen.py"
    folder.mkdir()
    settings.write_text(
        COUNTING.format(root=str(ROOT), log=str(log), hand_over=hand_over), encoding="utf-8"
    )
    build = build_into(content, folder / "output", settings=str(settings))
    assert build.ok, build.messages
    return build, log.read_text(encoding="utf-8").split()


def test_a_cold_build_renders_each_markdown_file_once_with_the_same_output(tmp_path):
    """The content check renders the files on both cores and hands its results to the reader:
    every file Pelican reads is converted by Markdown once in a cold build (twice before), and
    the site is byte for byte the one built with both rendering."""
    import hashlib

    from pelican.utils import pelican_open

    content = lay_out_scenario("leser-viele-meldungen", tmp_path / "inhalt")
    once, conversions = counted_build(content, tmp_path / "einmal", hand_over=True)
    twice, conversions_before = counted_build(content, tmp_path / "zweimal", hand_over=False)
    sources = sorted(
        path
        for folder in ("pressemitteilungen", "seiten", "projekte")
        for path in (content / folder).rglob("*.md")
    )
    assert len(sources) > 20
    counts = {}
    for path in sources:
        with pelican_open(str(path)) as text:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        counts[path.relative_to(content).as_posix()] = (
            conversions.count(digest),
            conversions_before.count(digest),
        )
    assert {name: now for name, (now, _) in counts.items() if now != 1} == {}
    # Before, the check rendered every file with „[“ or „<“ in it a second time.
    assert sum(before for _, before in counts.values()) > len(sources)
    once_files, twice_files = output_files(once.output), output_files(twice.output)
    assert once_files.keys() == twice_files.keys()
    assert [name for name in once_files if once_files[name] != twice_files[name]] == []


def test_hostile_html_is_caught_and_cleaned_the_same_when_the_check_hands_it_over(tmp_path):
    """Raw HTML that runs code: the same errors with and without the hand-over, and what the
    reader takes from the check is what it would have rendered and cleaned itself."""
    import os

    from newsroom.core.checks import check_site
    from newsroom.core.rendered import SETTING, RenderedSources
    from newsroom.speed.fast_path import check_reader
    from newsroom.tools.settings import load_settings

    content = lay_out_scenario("sicherheit-rohes-html", tmp_path / "inhalt")
    settings = load_settings(
        str(ROOT / "pelicanconf.py"), {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out")}
    )
    hostile = os.path.abspath(content / "pressemitteilungen/2022/2022-03-03-umgehung.md")
    store = RenderedSources()
    with_store = {**settings, SETTING: store}

    def problems(report):
        return [(p.path, p.field, p.message, p.line) for p in report.problems]

    handing_over = check_site(with_store)
    assert problems(handing_over) == problems(check_site(settings))
    errors = [str(problem) for problem in handing_over.errors]
    assert any("<script>" in error and "umgehung.md" in error for error in errors), errors
    assert any("onerror" in error for error in errors), errors
    assert store.has(hostile, check_reader(with_store).configuration())

    expected = check_reader(settings).render(hostile)
    taken = check_reader(with_store).handed_over(hostile)
    assert taken is not None and taken == expected
    body = taken[0]
    assert "<script" not in body and "onerror" not in body and "Ein Absatz ohne Probleme." in body
    assert check_reader(with_store).handed_over(hostile) is None  # taken once


def test_the_reader_takes_nothing_rendered_from_another_text_or_configuration(tmp_path):
    import os

    from newsroom.core.checks import check_site
    from newsroom.core.rendered import SETTING, RenderedSources
    from newsroom.speed.fast_path import check_reader
    from newsroom.tools.settings import load_settings

    content = lay_out_scenario(None, tmp_path / "inhalt")
    settings = load_settings(
        str(ROOT / "pelicanconf.py"), {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out")}
    )
    store = RenderedSources()
    with_store = {**settings, SETTING: store}
    assert not check_site(with_store).errors
    pages = sorted((content / "seiten").glob("*.md"))
    configuration = check_reader(with_store).configuration()
    kept = [path for path in pages if store.has(str(path), configuration)]
    assert len(kept) >= 2
    changed, other = (os.path.abspath(path) for path in kept[:2])
    with open(changed, "a", encoding="utf-8") as text:
        text.write("\nEin neuer Absatz.\n")
    reader = check_reader(with_store)
    assert reader.handed_over(changed) is None
    rendered, _ = reader.render(changed)
    assert "Ein neuer Absatz." in rendered
    untypeset = check_reader({**with_store, "TYPOGRIFY": False})
    assert untypeset.configuration() != reader.configuration()
    assert untypeset.handed_over(other) is None
    assert reader.handed_over(other) == check_reader(settings).render(other)
    assert reader.handed_over(other) is None  # taken once


def pelican_and_quick_addresses(content):
    """(url, save_as) by Pelican's own ``get_url_setting`` and by the quick one."""
    from newsroom.speed.urls import quick_url_setting

    pelican = tuple(type(content).get_url_setting(content, key) for key in ("url", "save_as"))
    quick = tuple(quick_url_setting(content, key) for key in ("url", "save_as"))
    return pelican, quick


def test_quick_addresses_are_pelicans_also_after_a_plugin_changes_the_fields():
    """Press releases and pages: the same url and save_as as Pelican computes, for every
    pattern field Pelican fills (path, lang, category, author, any metadata field), for drafts
    and other languages, and again after slug, date or a field changes on the same object."""
    import datetime as dt

    from pelican.contents import Article, Author, Category, Page
    from pelican.settings import read_settings

    from newsroom.speed.urls import quick_url_setting, use_quick_urls

    settings = read_settings(str(ROOT / "publishconf.py"))
    settings["ARTICLE_LANG_URL"] = "{lang}/{date:%Y/%m}/{slug}/"
    settings["DRAFT_URL"] = "entwurf/{slug}-{date.day}/"
    settings["PAGE_SAVE_AS"] = "{path}/{category}/{author}/{feld}.html"
    path = settings["PATH"]
    articles = []
    for number, lang in enumerate(("de", "en")):
        metadata = {"title": "T", "slug": f"s-{number}", "lang": lang, "feld": "eins",
                    "date": dt.datetime(2021, 3, 4, 10, 0)}  # fmt: skip
        articles.append(
            Article("<p>x</p>", metadata=metadata, settings=settings,
                    source_path=f"{path}/pressemitteilungen/2021/m-{number}.md", context={})
        )  # fmt: skip
    page = Page("<p>x</p>", metadata={"title": "P", "slug": "p", "feld": "f"},
                settings=settings, source_path=f"{path}/seiten/p.md", context={})  # fmt: skip
    for content in (*articles, page):
        # Receivers of content_object_init that other tests left connected in this process
        # (the site's pages get their own address) are not what is compared here.
        for key in ("url", "save_as"):
            content.__dict__.pop(f"override_{key}", None)
        use_quick_urls(content)
        assert content.__dict__["get_url_setting"].__func__ is quick_url_setting
        pelican, quick = pelican_and_quick_addresses(content)
        assert quick == pelican
        assert (content.url, content.save_as) == pelican
    seen = {pelican_and_quick_addresses(articles[1])[0]}
    for change in (
        lambda: setattr(articles[1], "slug", "neu"),
        lambda: setattr(articles[1], "date", dt.datetime(2024, 12, 31, 23, 0)),
        lambda: setattr(articles[1], "status", "draft"),
        lambda: setattr(articles[1], "override_url", "eigene/"),
    ):
        change()
        pelican, quick = pelican_and_quick_addresses(articles[1])
        assert quick == pelican
        assert pelican not in seen
        seen.add(pelican)
    page.metadata["feld"] = "zwei"
    page.category = Category("Neue Kategorie", settings)
    page.author = Author("Jana Beispiel", settings)
    pelican, quick = pelican_and_quick_addresses(page)
    assert quick == pelican
    assert pelican[1].endswith("/neue-kategorie/jana-beispiel/zwei.html"), pelican
    settings["PAGE_URL"] = "{unbekannt}/"
    with pytest.raises(KeyError, match="unbekannt"):
        _ = page.url


def test_topic_pages_get_the_same_releases_in_the_same_order_as_with_pelican():
    """The topic pages' write calls are Pelican's own: for each topic its releases by date
    (found by identity, not by scanning the topic's list); with releases that are equal to
    others by ``==`` Pelican's way is kept, and the result is Pelican's too."""
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from newsroom.speed.tags import generate_tags, quick_tag_pages

    class Release:
        def __init__(self, number):
            self.number = number

    class EqualByNumber(Release):
        def __eq__(self, other):
            return isinstance(other, Release) and other.number % 5 == self.number % 5

        __hash__ = object.__hash__

    class Topic:
        def __init__(self, name):
            self.save_as = self.url = f"themen/{name}/"
            self.slug, self.page_name = name, f"themen/{name}"

    topics = [Topic(name) for name in "abc"]

    def write_calls(releases, tag_pages):
        dates = sorted(releases, key=lambda release: (release.number * 7) % 61)
        generator = SimpleNamespace(
            get_template=lambda name: f"vorlage-{name}",
            tags={
                topics[0]: releases[:60:3],
                topics[1]: releases[1:40:2],
                topics[2]: [releases[-1], releases[8]],
            },
            dates=dates,
            context={"SITENAME": "x"},
            articles=releases,
        )
        calls = []
        tag_pages(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
        return [kwargs["dates"] for _args, kwargs in calls], calls, dates

    plain = [Release(number) for number in range(61)]
    found, calls, dates = write_calls(plain, generate_tags)
    assert (found, calls) == write_calls(plain, ArticlesGenerator.generate_tags)[:2]
    assert [len(releases) for releases in found] == [20, 20, 2]
    assert found[1] == [release for release in dates if release.number in range(1, 40, 2)]

    equal = [*plain[:60], EqualByNumber(3)]
    found, calls, _dates = write_calls(equal, generate_tags)
    assert (found, calls) == write_calls(equal, ArticlesGenerator.generate_tags)[:2]
    assert [len(releases) for releases in found] == [21, 21, 13]  # EqualByNumber(3) == 3, 8 …

    class Generator:
        generate_tags = ArticlesGenerator.generate_tags

    instance = Generator()
    quick_tag_pages(instance)
    assert instance.generate_tags.func is generate_tags


def test_author_and_year_pages_get_the_same_releases_in_the_same_order_as_with_pelican():
    """Each author's releases by date and each year's releases are found by identity, with
    the same write calls and archives as Pelican's own methods."""
    import datetime as dt
    import functools
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from newsroom.speed.tags import (
        build_period_archives,
        generate_authors,
        quick_author_and_year_pages,
    )

    class Release:
        def __init__(self, number):
            self.number = number
            self.date = dt.datetime(2020 + number % 4, 1 + number % 12, 1 + number % 28)

    class Author:
        def __init__(self, name):
            self.save_as = self.url = f"autoren/{name}/"
            self.slug, self.page_name = name, f"autoren/{name}"

    releases = [Release(number) for number in range(50)]
    dates = sorted(releases, key=lambda release: release.date, reverse=True)
    authors = [(Author("a"), releases[::-1]), (Author("b"), releases[3:30:4])]

    def write_calls(author_pages):
        generator = SimpleNamespace(
            get_template=lambda name: f"vorlage-{name}",
            authors=authors,
            dates=dates,
            context={"SITENAME": "x"},
            articles=releases,
        )
        calls = []
        author_pages(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
        return calls

    calls = write_calls(generate_authors)
    assert calls == write_calls(ArticlesGenerator.generate_authors)
    assert [len(kwargs["dates"]) for _args, kwargs in calls] == [50, 7]

    settings = {
        "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
        "YEAR_ARCHIVE_URL": "{date:%Y}/",
        "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
        "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/",
        "DAY_ARCHIVE_SAVE_AS": "",
        "DAY_ARCHIVE_URL": "",
    }
    pelicans = ArticlesGenerator._build_period_archives(None, dates, releases, settings)
    build = functools.partial(ArticlesGenerator._build_period_archives, None)
    quick = build_period_archives(build, dates, releases, settings)
    assert quick == pelicans
    assert [len(archive["articles"]) for archive in quick["year"]] == [12, 12, 13, 13]

    class Generator:
        generate_authors = ArticlesGenerator.generate_authors
        _build_period_archives = ArticlesGenerator._build_period_archives

    instance = Generator()
    quick_author_and_year_pages(instance)
    assert instance.generate_authors.func is generate_authors
    assert instance._build_period_archives.func is build_period_archives


def test_a_kept_copy_has_its_own_parts_shared_and_cyclic_as_in_the_original():
    """``speed.kept.clone`` copies like ``copy.deepcopy``: lists, dicts, tuples, plain and
    slotted objects of its own, each shared part copied once, cycles kept; immutable values
    (also Markup) are the same objects; ``memo`` stands in for the build's own objects."""
    import datetime as dt

    from markupsafe import Markup

    from newsroom.speed.kept import clone

    class Plain:
        pass

    class Slotted:
        __slots__ = ("a", "b")

    shared = ["x", 1]
    original = Plain()
    original.me = original
    original.items = [shared, shared, (1, shared)]
    original.text = Markup("<b>x</b>")
    original.when = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)
    original.slotted = Slotted()
    original.slotted.a = {"k": shared, ("t", 2): None}

    copied = clone(original, {})
    assert copied is not original and type(copied) is Plain and copied.me is copied
    assert copied.items[0] is copied.items[1] is copied.items[2][1]
    assert copied.items[0] is not shared and copied.items[0] == shared
    assert copied.text is original.text and copied.when is original.when
    assert copied.slotted is not original.slotted and not hasattr(copied.slotted, "b")
    assert copied.slotted.a["k"] is copied.items[0] and copied.slotted.a[("t", 2)] is None
    copied.items[0].append(2)
    assert shared == ["x", 1]

    stand_in = clone(original, {id(shared): "Platzhalter"})
    assert stand_in.items == ["Platzhalter", "Platzhalter", (1, "Platzhalter")]
