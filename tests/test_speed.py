"""The fast paths over Pelican's and Markdown's internals: used only with the versions they
were written for; with any other version a warning and the plain path, the same site."""

from __future__ import annotations

import re

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
