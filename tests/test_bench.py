"""The benchmark's synthetic site (a smoke run at N = 20) and the build-speed capability.

No timing is asserted here: `make bench` measures, these tests check that what it measures is
a real site and that the faster reader, the prerendering on both cores and the content cache
kept across builds change nothing in the output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from pathlib import Path

import pytest
import yaml

from newsroom.core.cache import CACHE_KEY_FILE, cache_key, prepare_cache, stable_repr
from newsroom.core.dates import local_time_problem
from newsroom.core.parallel import may_fork
from newsroom.delivery import assets
from newsroom.speed import fast_path as speed
from newsroom.typography.german_markdown import markdown_settings
from tests.bench.generate import clear_local_time, edit_release, write_site
from tests.bench.run import table, targets

ROOT = Path(__file__).resolve().parent.parent
COUNT = 20
# Settings files written into a test's folder: production settings plus one switch.
SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from {base} import *  # noqa: F403
THEME = {theme!r}
{extra}
"""


def settings_file(
    folder: Path, name: str, extra: str = "SEARCH_ENABLED = False", base: str = "pelicanconf"
) -> str:
    path = folder / f"{name}.py"
    path.write_text(
        SETTINGS.format(
            root=str(ROOT),
            theme=str(ROOT / "theme"),
            base=base,
            extra=extra,
        ),
        encoding="utf-8",
    )
    return str(path)


def digests(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def release_url(path: Path) -> str:
    slug = re.search(r"^Slug: (.+)$", path.read_text(encoding="utf-8"), re.M)[1]
    return f"/pressemitteilungen/{path.parent.name}/{slug}/"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("bench") / "inhalt", COUNT)


def test_generator_is_deterministic(generated, tmp_path):
    again = write_site(tmp_path / "inhalt", COUNT)
    assert digests(again.content) == digests(generated.content)
    assert len(generated.releases) == COUNT
    assert len(generated.events) == COUNT // 10


def test_no_generated_time_falls_into_a_clock_change(tmp_path):
    # At 300 releases the spacing lands on 02:00 of a day the clocks change.
    site = write_site(tmp_path / "inhalt", 300)
    written = [
        re.search(r"^Date: (.+)$", path.read_text(encoding="utf-8"), re.M)[1]
        for path in site.releases
    ]
    problems = [
        text
        for text in written
        if local_time_problem(text, dt.datetime.strptime(text, "%Y-%m-%d %H:%M")) is not None
    ]
    assert problems == []
    assert clear_local_time(dt.datetime(2025, 3, 30, 2, 0)) == dt.datetime(2025, 3, 30, 3, 0)
    assert clear_local_time(dt.datetime(2025, 10, 26, 2, 0)) == dt.datetime(2025, 10, 26, 3, 0)
    assert clear_local_time(dt.datetime(2025, 6, 1, 2, 0)) == dt.datetime(2025, 6, 1, 2, 0)


def test_releases_look_like_press_releases(generated):
    registry = yaml.safe_load((generated.content / "daten" / "kontakte.yaml").read_text())
    people = {person["id"] for person in registry["personen"]}
    event_slugs = {
        re.search(r"^Slug: (.+)$", path.read_text(encoding="utf-8"), re.M)[1]
        for path in generated.events
    }
    words = []
    for path in generated.releases:
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert set(fields) >= {"Title", "Date", "Slug", "Summary", "Location", "Tags", "Contacts"}
        assert {c.strip() for c in fields["Contacts"].split(",")} <= people
        if "Events" in fields:
            assert fields["Events"] in event_slugs
        assert '"' in body and "\n- " in body and "\n1. " in body and "](http" in body
        words.append(len((fields["Title"] + " " + fields["Summary"] + " " + body).split()))
    assert 600 <= sum(words) / len(words) <= 700


def test_smoke_build_of_the_generated_site(generated, build_site, tmp_path):
    built = build_site(
        content=generated.content, settings=settings_file(tmp_path, "prod", "", base="publishconf")
    )
    assert built.ok, built.messages
    registry = yaml.safe_load((generated.content / "daten" / "kontakte.yaml").read_text())
    names = {person["id"]: person["name"] for person in registry["personen"]}
    for path in generated.releases:
        source = path.read_text(encoding="utf-8")
        page = built.html(release_url(path))
        main = page.find("main")
        title = re.search(r"^Title: (.+)$", source, re.M)[1]
        assert page.find("h1").get_text(" ", strip=True) == title
        assert "„" in main.get_text() and "“" in main.get_text()  # straight quotes made German
        items = {li.get_text(" ", strip=True) for li in main.find_all("li")}
        assert re.search(r"^- (.+)$", source, re.M)[1] in items
        assert re.search(r"^1\. (.+)$", source, re.M)[1] in items
        link = re.search(r"\]\((https?://[^)]+)\)", source)[1]
        assert main.find("a", href=link) is not None
        contact = re.search(r"^Contacts: ([^,\n]+)", source, re.M)[1].strip()
        assert names[contact] in page.get_text(" ")
    assert len(built.html_pages()) > COUNT


def test_fast_reader_and_both_cores_change_nothing(generated, build_site, tmp_path):
    """Pelican's own reader and typogrify vs. ours, serial and on every core: same bytes."""
    pelican_own = build_site(
        content=generated.content,
        settings=settings_file(
            tmp_path, "eigen", "SPEED_READER = False\nSPEED_CACHE = False\nSEARCH_ENABLED = False"
        ),
    )
    parallel = build_site(
        content=generated.content,
        settings=settings_file(
            tmp_path,
            "parallel",
            "SPEED_PARALLEL_FROM = 1\nSPEED_PROCESSES = 2\n"
            "SPEED_CACHE = False\nSEARCH_ENABLED = False",
        ),
    )
    assert pelican_own.ok, pelican_own.messages
    assert parallel.ok, parallel.messages
    assert digests(parallel.output) == digests(pelican_own.output)
    assert len(digests(parallel.output)) > COUNT


def test_warm_rebuild_uses_the_cache_and_shows_the_edit(generated, build_site, tmp_path):
    content = tmp_path / "inhalt"
    site = write_site(content, COUNT)
    output = tmp_path / "site" / "output"
    settings = settings_file(tmp_path, "warm", "SPEED_PARALLEL_FROM = 1\nSEARCH_ENABLED = False")
    cold = build_site(content=content, settings=settings, output=output)
    assert cold.ok, cold.messages
    cache = tmp_path / "site" / ".output-cache"
    assert (cache / CACHE_KEY_FILE).is_file()
    assert (cache / "ArticlesGenerator-Readers").stat().st_size > 0
    before = digests(output)

    edit_release(site.releases[5], 1)
    warm = build_site(content=content, settings=settings, output=output)
    assert warm.ok, warm.messages
    after = digests(output)
    edited = release_url(site.releases[5]).strip("/") + "/index.html"
    untouched = release_url(site.releases[6]).strip("/") + "/index.html"
    assert "Nachtrag 1: Die Anmeldung ist ab sofort möglich." in warm.text(
        release_url(site.releases[5])
    )
    assert after[edited] != before[edited]
    assert after[untouched] == before[untouched]


def test_warm_build_reads_the_cache_until_settings_change(build_site, tmp_path):
    content = tmp_path / "inhalt"
    site = write_site(content, COUNT)
    output = tmp_path / "site" / "output"
    settings = settings_file(tmp_path, "a", "SEARCH_ENABLED = False")
    assert build_site(content=content, settings=settings, output=output).ok
    # The content cache and every results cache below it keep the one key of the build.
    keys = {
        path.parent.name: path.read_text(encoding="utf-8")
        for path in (tmp_path / "site" / ".output-cache").glob(f"**/{CACHE_KEY_FILE}")
    }
    assert {"dateien", "bereinigung", "bereinigung-seiten", "pressemappen"} <= keys.keys()
    assert len(set(keys.values())) == 1, keys
    # Mark one release's cached HTML: a build that shows the mark has read the cache.
    cache_file = tmp_path / "site" / ".output-cache" / "ArticlesGenerator-Readers"
    cached = pickle.loads(cache_file.read_bytes())
    source = str(site.releases[3])
    stamp, (html, metadata) = cached[source]
    cached[source] = (stamp, (html + "<p>Aus dem Cache</p>", metadata))
    cache_file.write_bytes(pickle.dumps(cached))

    warm = build_site(content=content, settings=settings, output=output)
    assert warm.ok, warm.messages
    assert "Aus dem Cache" in warm.text(release_url(site.releases[3]))

    other = settings_file(tmp_path, "b", "SEARCH_ENABLED = False\nDEFAULT_PAGINATION = 9")
    changed = build_site(content=content, settings=other, output=output)
    assert changed.ok, changed.messages
    assert "Aus dem Cache" not in changed.text(release_url(site.releases[3]))


def test_cache_key_follows_settings_and_has_no_addresses():
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["MARKDOWN"] = markdown_settings(settings)
    text = stable_repr(settings)
    assert "GermanSmartyExtension" in text
    assert not re.search(r"0x[0-9a-f]{6,}", text)
    key = cache_key(settings)
    assert key == cache_key(dict(settings))
    assert key == cache_key({**settings, "OUTPUT_PATH": "/anderswo"})
    assert key != cache_key({**settings, "TYPOGRIFY_OMIT_FILTERS": []})


def test_the_cache_key_is_worked_out_once_per_build(tmp_path, monkeypatch):
    """Every results cache of a build asks for the key; the settings and the plugin's sources
    are hashed once. A new build (the live preview's next one) works it out anew."""
    from types import SimpleNamespace

    from newsroom.core import cache as cache_module
    from newsroom.core.resultcache import ResultCache
    from newsroom.tools.settings import load_settings

    settings = load_settings(
        str(ROOT / "pelicanconf.py"),
        {"OUTPUT_PATH": str(tmp_path / "output"), "SPEED_CACHE_PATH": str(tmp_path / "cache")},
    )
    calls = []

    def counted(values):
        calls.append(values)
        return cache_key(values)

    monkeypatch.setattr(cache_module, "cache_key", counted)
    build = SimpleNamespace(settings=settings)
    cache_module.start_build_key(build)
    ResultCache.for_build(settings, "eins")
    settings["TYPOGRIFY"] = not settings.get("TYPOGRIFY")  # as a capability does later
    ResultCache.for_build(settings, "zwei")
    assert len(calls) == 1
    first = (tmp_path / "cache" / "eins" / CACHE_KEY_FILE).read_text(encoding="utf-8")
    assert first == (tmp_path / "cache" / "zwei" / CACHE_KEY_FILE).read_text(encoding="utf-8")
    assert pickle.loads(pickle.dumps(settings[cache_module.SETTING])).value is None

    cache_module.start_build_key(build)
    ResultCache.for_build(settings, "drei")
    assert len(calls) == 2
    third = (tmp_path / "cache" / "drei" / CACHE_KEY_FILE).read_text(encoding="utf-8")
    assert third != first  # the new build's settings differ


class RecordingWriter:
    """Writes each page as a file holding the id of the process that wrote it."""

    def __init__(self, folder: Path, fail_outside: int | None = None) -> None:
        self.folder = folder
        self.fail_outside = fail_outside

    def write_file(self, name: str, *args, **kwargs) -> None:
        if self.fail_outside is not None and os.getpid() != self.fail_outside:
            raise RuntimeError("Vorlagenfehler im Kindprozess")
        (self.folder / name).write_text(str(os.getpid()))


def write_ten_pages(writer) -> None:
    for number in range(10):
        writer.write_file(f"seite-{number}")


@pytest.fixture
def forking() -> None:
    """Pages go to a second process only from a process without other threads (the driver of
    a browser test earlier in the same run is one): checked when the test runs, not when it is
    collected."""
    if not may_fork():
        pytest.skip("this process has threads: nothing is forked")


@pytest.mark.usefixtures("forking")
def test_pages_are_written_by_two_processes(tmp_path):
    speed.generate_pages_on_cores(
        write_ten_pages, {"SPEED_PROCESSES": 2}, RecordingWriter(tmp_path)
    )
    writers = [(tmp_path / f"seite-{number}").read_text() for number in range(10)]
    assert len(set(writers)) == 2
    assert str(os.getpid()) in writers


class AnnouncingWriter(RecordingWriter):
    """Announces each page as Pelican's writer does (``content_written``)."""

    def write_file(self, name: str, *args, **kwargs) -> None:
        from pelican import signals

        super().write_file(name, *args, **kwargs)
        signals.content_written.send(str(self.folder / name), context=kwargs.get("context"))


@pytest.mark.usefixtures("forking")
def test_the_double_write_guard_learns_the_pages_written_by_other_processes(tmp_path):
    """The guard's receiver only needs the paths: pages are still written on both cores, and
    the paths the child wrote are replayed here, so a capability writing one of them later is
    refused as a second write."""
    from pelican import signals

    from newsroom.core.output import SETTING, OutputFiles, record_pelican_file
    from newsroom.core.report import ContentError

    store = OutputFiles(tmp_path)
    settings = {"SPEED_PROCESSES": 2, SETTING: store}

    def write_ten_announced(writer) -> None:
        for number in range(10):
            writer.write_file(f"seite-{number}", context=settings)

    signals.content_written.connect(record_pelican_file)
    try:
        speed.generate_pages_on_cores(write_ten_announced, settings, AnnouncingWriter(tmp_path))
    finally:
        signals.content_written.disconnect(record_pelican_file)
    writers = {(tmp_path / f"seite-{number}").read_text() for number in range(10)}
    assert len(writers) == 2  # still two processes
    assert store.by_pelican == {f"seite-{number}" for number in range(10)}
    written_by_child = next(
        number
        for number in range(10)
        if (tmp_path / f"seite-{number}").read_text() != str(os.getpid())
    )
    with pytest.raises(ContentError):
        store.write(f"seite-{written_by_child}", b"noch einmal", "events")


def test_any_other_receiver_of_the_write_signals_keeps_pages_in_one_process(tmp_path):
    from pelican import signals

    def counts_pages(path, **_):
        pass

    signals.content_written.connect(counts_pages)
    try:
        speed.generate_pages_on_cores(
            write_ten_pages, {"SPEED_PROCESSES": 2}, RecordingWriter(tmp_path)
        )
    finally:
        signals.content_written.disconnect(counts_pages)
    writers = {(tmp_path / f"seite-{number}").read_text() for number in range(10)}
    assert writers == {str(os.getpid())}


@pytest.mark.usefixtures("forking")
def test_a_failing_child_share_is_written_again_here(tmp_path):
    writer = RecordingWriter(tmp_path, fail_outside=os.getpid())
    speed.generate_pages_on_cores(write_ten_pages, {"SPEED_PROCESSES": 2}, writer)
    writers = {(tmp_path / f"seite-{number}").read_text() for number in range(10)}
    assert writers == {str(os.getpid())}


@pytest.mark.usefixtures("forking")
def test_prerendering_on_two_processes_gives_what_reading_gives(generated):
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / "publishconf.py"), override={"PATH": str(generated.content)}
    )
    settings["MARKDOWN"] = markdown_settings(settings)
    settings["SPEED_TYPOGRIFY"], settings["TYPOGRIFY"] = True, False
    paths = [str(path) for path in generated.releases]
    parallel = speed.MarkdownReader(settings)
    parallel.prerender(paths, 2)
    assert sorted(parallel.prerendered) == sorted(paths)
    serial = speed.MarkdownReader(settings)
    for path in paths:
        assert parallel.prerendered[path] == serial.render(path)
    content, metadata = parallel.read(paths[0])
    assert "&bdquo;" in content or "„" in content
    assert metadata["slug"] == "bench-pressemitteilung-00001"
    assert paths[0] not in parallel.prerendered  # taken, not kept twice


def test_stale_cache_is_emptied(tmp_path):
    folder = tmp_path / "cache"
    prepare_cache(folder, "alt")
    (folder / "ArticlesGenerator-Readers").write_bytes(b"veraltet")
    prepare_cache(folder, "alt")
    assert (folder / "ArticlesGenerator-Readers").exists()
    prepare_cache(folder, "neu")
    assert not (folder / "ArticlesGenerator-Readers").exists()
    assert (folder / CACHE_KEY_FILE).read_text().strip() == "neu"


def test_report_states_targets_honestly():
    from tests.bench.run import Measurement, Series

    def series(label: str, seconds: float, peak: float = 100.0) -> Series:
        return Series(label, [Measurement(seconds, peak, 900.0, 5000, {})])

    results = {
        1000: {
            "stock": series("stock", 4.0),
            "ours": series("ours", 5.0),
            "ours_no_search": series("ours_no_search", 3.0),
            "ours_warm": series("ours_warm", 1.5),
            "stock_warm": series("stock_warm", 2.0),
        },
        5000: {
            "stock": series("stock", 20.0),
            "ours": series("ours", 32.0),
            "ours_no_search": series("ours_no_search", 19.0),
            "ours_warm": series("ours_warm", 12.0),
            "stock_warm": series("stock_warm", 10.0),
        },
    }
    lines = "\n".join(targets(results))
    assert "| N = 5.000: mit Suchindex ≤ 1,5 × Pelican kalt | 1,60 × | **nicht erfüllt** |" in lines
    assert "| N = 5.000: ohne Suchindex ≤ 1,0 × Pelican kalt | 0,95 × | erfüllt |" in lines
    assert "| N = 1.000: warm ≤ 40 % von kalt | 30 % | erfüllt |" in lines
    assert "| N = 5.000: warm ≤ 40 % von kalt | 38 % | erfüllt |" in lines
    assert "6,40 × | **nicht erfüllt**" in lines
    rows = table(results)
    assert any("| 5.000 | unser Produktions-Build mit Suchindex (kalt) | 32,0 s" in r for r in rows)


def test_quick_smarty_pass_gives_smartys_output(generated):
    """The smarty pass that skips text without quotes, dashes or dots changes nothing."""
    from markdown import Markdown
    from markdown.treeprocessors import InlineProcessor

    from newsroom.speed.quick_smarty import QuickSmartyProcessor, with_quick_smarty
    from newsroom.typography.german_markdown import GermanSmartyExtension

    def parser(quick: bool) -> Markdown:
        configured = {"extensions": ["extra", "sane_lists", GermanSmartyExtension()]}
        md = Markdown(**(with_quick_smarty(configured) if quick else configured))
        kind = QuickSmartyProcessor if quick else InlineProcessor
        assert type(md.treeprocessors["smarty"]) is kind
        return md

    texts = [path.read_text(encoding="utf-8") for path in generated.releases]
    texts += [
        "Er sagte: \"Das geht's -- oder... nicht?\" Und 'einfach' in '22 --- Ende.",
        '*"Betont"* und `"Code"` und ["Link"](https://example.org) ohne Satzzeichen',
        "Nichts zu tun hier",
    ]
    plain, quick = parser(False), parser(True)
    for text in texts:
        plain.reset()
        quick.reset()
        assert quick.convert(text) == plain.convert(text)
    assert "&bdquo;" in quick.convert(texts[-3])


def test_quick_inline_pass_gives_markdowns_output(generated):
    """The inline pass that skips text none of its patterns could match changes nothing."""
    from markdown import Markdown
    from markdown.treeprocessors import InlineProcessor
    from pelican.settings import read_settings

    from newsroom.speed.quick_inline import QuickInlineProcessor, needed_from, with_quick_inline
    from newsroom.speed.quick_smarty import with_quick_smarty

    configured = markdown_settings(read_settings(str(ROOT / "pelicanconf.py")))
    configured["extensions"] = [*configured["extensions"], "extra", "sane_lists", "abbr"]

    def parser(quick: bool) -> Markdown:
        md = Markdown(**(with_quick_inline(with_quick_smarty(configured)) if quick else configured))
        kind = QuickInlineProcessor if quick else InlineProcessor
        assert type(md.treeprocessors["inline"]) is kind
        return md

    texts = [path.read_text(encoding="utf-8") for path in generated.releases]
    texts += [
        "Ein `Code` und \\*kein Stern\\* und [Link](https://example.org) und ![Bild](/b.png)",
        "Zeile mit Umbruch  \nund <https://example.org> und <a@b.de> und <em>roh</em> &amp; &#228;",
        "Fußnote[^1] und *Betonung* und __stark__ und Bürger*innen und Expert_innen\n\n[^1]: Hier.",
        "Die HTML-Spezifikation\n\n*[HTML]: Hyper Text Markup Language",
        '<div markdown="1">Text mit *Stern* und ohne Zeichen</div>\n\nNur Text ohne Zeichen.',
        "[ref]: https://example.org\n\nVerweis auf [ref] und [Text][ref] ohne Klammer danach.",
        "Nichts zu tun hier",
    ]
    plain, quick = parser(False), parser(True)
    for text in texts:
        plain.reset()
        quick.reset()
        assert quick.convert(text) == plain.convert(text)
    # Every pattern of the site's Markdown is known, so the quick pass is really used.
    assert None not in needed_from(list(quick.inlinePatterns))


def test_quick_inline_pass_steps_aside_for_an_unknown_pattern():
    from markdown import Markdown
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    from newsroom.speed.quick_inline import needed_from, with_quick_inline

    md = Markdown(**with_quick_inline({}))
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "del", 65)
    needed = needed_from(list(md.inlinePatterns))
    position = md.inlinePatterns.get_index_for_name("del")
    assert needed[: position + 1] == [None] * (position + 1) and None not in needed[position + 1 :]
    assert md.convert("Alt ~~weg~~ neu") == "<p>Alt <del>weg</del> neu</p>"


def test_warm_production_build_equals_a_cold_one(build_site, tmp_path):
    """Compressed copies from the cache and asset names known at render time: the warm build
    after an edit writes the same bytes as a cold build of the edited content."""
    content = tmp_path / "inhalt"
    site = write_site(content, COUNT)
    settings = settings_file(
        tmp_path, "prod", "SPEED_PARALLEL_FROM = 1\nSEARCH_ENABLED = False", base="publishconf"
    )
    warm_output = tmp_path / "warm" / "output"
    assert build_site(content=content, settings=settings, output=warm_output).ok
    compressed = tmp_path / "warm" / ".output-cache" / assets.COMPRESSION_CACHE
    entries_before = set(compressed.iterdir())
    assert entries_before

    edit_release(site.releases[5], 1)
    warm = build_site(content=content, settings=settings, output=warm_output)
    cold = build_site(content=content, settings=settings, output=tmp_path / "kalt" / "output")
    assert warm.ok, warm.messages
    assert cold.ok, cold.messages
    assert digests(warm.output) == digests(cold.output)
    # The edited page's entries are new, those no file uses any more are gone.
    edited = warm.output / (release_url(site.releases[5]).strip("/") + "/index.html.br")
    assert edited.is_file()
    entries_after = set(compressed.iterdir())
    assert entries_after - entries_before and entries_before - entries_after
    stylesheets = list((warm.output / "theme" / "css").glob("newsroom.*.css"))
    assert len(stylesheets) == 1
    link = warm.html(release_url(site.releases[6])).find("link", rel="stylesheet")["href"]
    assert link.endswith("/theme/css/" + stylesheets[0].name)
