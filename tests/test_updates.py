"""Visible updates: ``Modified`` and ``Modified-Note`` of a press release appear as
„Aktualisiert am …: …“ above the text, as ``dateModified`` in JSON-LD, ``<updated>`` in Atom
and ``lastmod`` in the sitemap; bad values fail the check with file, line and field."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import ROOT, Build, build_scenario, lay_out_scenario, run_newsroom

SITEURL = "https://presse.norderstedtgo.de"
UPDATED = "/pressemitteilungen/2022/ladesaeulen-korrigiert/"
SEED = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
MODIFIED_ISO = "2022-01-21T14:30:00+01:00"
NOTE = 'Uhrzeit der Eröffnung für Bürger*innen korrigiert: 11 statt „10 Uhr“ & "nicht" 9 < 10'


@pytest.fixture(scope="module")
def updated_site(tmp_path_factory) -> Build:
    folder = tmp_path_factory.mktemp("aktualisierung")
    return build_scenario("aktualisierung", folder, settings="publishconf.py")


def test_update_shown_above_the_text(updated_site):
    page = updated_site.html(UPDATED)
    notice = page.find(class_="update-notice")
    assert notice.get_text("", strip=False) == f"Aktualisiert am 21. Januar 2022, 14:30 Uhr: {NOTE}"
    assert notice.find("time")["datetime"] == MODIFIED_ISO
    # above the dateline and the text, below the headline
    order = [
        element.get("class", [""])[0]
        for element in page.find("article").find_all(["h1", "p", "div"])
    ]
    assert order.index("update-notice") < order.index("press-release__dateline")
    assert order.index("press-release__title") < order.index("update-notice")
    # the note is text: no element came out of „<“ or the inclusive form
    assert notice.find("span", class_="update-notice__note").find_all(True) == []


def test_release_without_update_shows_none(updated_site):
    assert updated_site.html(SEED).find(class_="update-notice") is None


def test_date_modified_in_json_ld(updated_site):
    (article,) = [d for d in updated_site.json_ld(UPDATED) if d["@type"] == "NewsArticle"]
    assert article["dateModified"] == MODIFIED_ISO
    assert article["datePublished"] == "2022-01-20T09:00:00+01:00"


def test_updated_in_atom(updated_site):
    feed = feedparser.parse(updated_site.path("/feeds/alle.atom.xml").read_bytes())
    assert not feed.bozo
    (entry,) = [e for e in feed.entries if e.link == SITEURL + UPDATED]
    assert entry.updated == MODIFIED_ISO
    assert entry.published == "2022-01-20T09:00:00+01:00"
    (seed,) = [e for e in feed.entries if e.link == SITEURL + SEED]
    assert seed.updated == seed.published


def test_lastmod_in_sitemap(updated_site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(updated_site.path("/sitemap.xml"))
    lastmod = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in tree.getroot().findall("s:url", namespace)
    }
    assert lastmod[SITEURL + UPDATED] == MODIFIED_ISO


def test_a_day_without_time_is_shown_as_a_day(build_site, tmp_path):
    content = lay_out_scenario("aktualisierung", tmp_path / "inhalt")
    release = content / "pressemitteilungen/2022/2022-01-20-ladesaeulen-korrigiert.md"
    text = release.read_text(encoding="utf-8")
    text = text.replace("Modified: 2022-01-21 14:30", "Modified: 2022-01-22")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("Modified-Note"))
    release.write_text(text, encoding="utf-8")
    build = build_site(content=content)
    assert build.ok, build.stderr
    notice = build.html(UPDATED).find(class_="update-notice")
    assert notice.get_text("", strip=False) == "Aktualisiert am 22. Januar 2022"


FILES = "pressemitteilungen/2022/"


@pytest.mark.parametrize(
    "where, message",
    [
        (
            "2022-02-01-hinweis-ohne-zeit.md:3: Feld „Modified-Note“",
            "steht ohne den Zeitpunkt der Änderung",
        ),
        (
            "2022-02-02-aenderung-vor-datum.md:3: Feld „Modified“",
            "Die Änderung (2. Februar 2022, 09:59 Uhr) liegt vor der Veröffentlichung "
            "(2. Februar 2022, 10:00 Uhr)",
        ),
        ("2022-02-03-hinweis-mit-html.md:4: Feld „Modified-Note“", "<script>"),
        (
            "2022-02-05-hinweis-zu-lang.md:4: Feld „Modified-Note“",
            "Der Hinweis ist 317 Zeichen lang, erlaubt sind höchstens 200.",
        ),
        (
            "2022-02-06-aenderung-kein-datum.md:3: Feld „Modified“",
            "den 31. Februar 2022 gibt es nicht",
        ),
    ],
)
def test_bad_update_values_are_reported(checked_errors, where, message):
    assert any(FILES + where in line and message in line for line in checked_errors), checked_errors


@pytest.fixture(scope="module")
def checked_errors(tmp_path_factory) -> list[str]:
    content = lay_out_scenario("aktualisierung-fehler", tmp_path_factory.mktemp("fehler") / "c")
    done = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert done.returncode != 0
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Fehler")]


def test_bad_update_fails_the_build(build_site):
    build = build_site("aktualisierung-fehler")
    assert not build.ok
    assert "steht ohne den Zeitpunkt der Änderung" in build.messages
    assert not (build.output / "index.html").exists()
