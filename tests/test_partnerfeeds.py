"""Feeds per partner organisation: Atom and RSS of the press releases whose contacts work for
the city, the utility or EGNO — parsed with feedparser —, linked from the contacts page in each
organisation's section; never a draft or an embargoed release."""

from __future__ import annotations

import feedparser
import pytest
from conftest import Build, build_scenario

SITEURL = "https://presse.norderstedtgo.de"
SEED = f"{SITEURL}/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
BOTH = f"{SITEURL}/pressemitteilungen/2022/stadt-und-egno/"
ORGANISATIONS = {
    "stadtwerke": "Stadtwerke Norderstedt",
    "egno": "Entwicklungsgesellschaft Norderstedt",
    "stadt": "Stadt Norderstedt",
}


@pytest.fixture(scope="module")
def feeds_site(tmp_path_factory) -> Build:
    folder = tmp_path_factory.mktemp("feeds")
    return build_scenario("kontakte-feeds", folder, settings="publishconf.py")


def parsed(build: Build, organisation: str, kind: str) -> feedparser.FeedParserDict:
    path = build.path(f"/feeds/organisationen/{organisation}.{kind}.xml")
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    return feed


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_each_organisation_has_its_releases_newest_first(feeds_site, kind):
    links = {
        organisation: [entry.link for entry in parsed(feeds_site, organisation, kind).entries]
        for organisation in ORGANISATIONS
    }
    assert links == {"stadtwerke": [SEED], "egno": [BOTH, SEED], "stadt": [BOTH]}


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feed_title_names_the_organisation_and_keeps_the_text(feeds_site, kind):
    for organisation, name in ORGANISATIONS.items():
        feed = parsed(feeds_site, organisation, kind)
        assert feed.feed.title == f"NorderstedtGO! Newsroom - Pressemitteilungen: {name}"
    (entry,) = [e for e in parsed(feeds_site, "stadt", kind).entries if e.link == BOTH]
    assert entry.title == "Stadt & EGNO: „Sprechstunde“ für Bürger*innen <3"
    content = entry.content[0].value if kind == "atom" else entry.description
    assert "Text der Meldung stadt-und-egno." in content


def test_withheld_releases_are_in_no_feed(feeds_site):
    for organisation in ORGANISATIONS:
        for kind in ("atom", "rss"):
            text = feeds_site.path(f"/feeds/organisationen/{organisation}.{kind}.xml").read_text()
            for withheld in ("entwurf-stadtwerke", "gesperrt-stadt", "Gesperrt", "Entwurf der"):
                assert withheld not in text, (organisation, kind, withheld)
            assert "ohne-kontakt" not in text


def test_contacts_page_links_the_feeds_of_each_organisation(feeds_site):
    page = feeds_site.html("/pressekontakte/")
    for organisation, name in ORGANISATIONS.items():
        section = page.find("section", attrs={"aria-labelledby": f"organisation-{organisation}"})
        links = section.find("p", class_="contact-directory__feeds").find_all("a")
        assert [(a["href"], a["type"]) for a in links] == [
            (f"{SITEURL}/feeds/organisationen/{organisation}.atom.xml", "application/atom+xml"),
            (f"{SITEURL}/feeds/organisationen/{organisation}.rss.xml", "application/rss+xml"),
        ]
        assert links[0].get_text() == f"Atom – {name}"  # the name for screen readers
        for link in links:
            assert feeds_site.path(link["href"].removeprefix(SITEURL)).is_file()


def test_contacts_page_announces_the_feeds_of_each_organisation_in_its_head(feeds_site):
    page = feeds_site.html("/pressekontakte/")
    announced = [
        (link["title"], link["type"], link["href"])
        for link in page.head.find_all("link", rel="alternate")
        if "/organisationen/" in link["href"]
    ]
    expected = []
    for section in page.find_all("section", class_="contact-directory__organisation"):
        organisation = section["aria-labelledby"].removeprefix("organisation-")
        name = ORGANISATIONS[organisation]
        for kind, label, media in (("atom", "Atom", "atom"), ("rss", "RSS", "rss")):
            expected.append(
                (
                    f"Pressemitteilungen: {name} ({label})",
                    f"application/{media}+xml",
                    f"{SITEURL}/feeds/organisationen/{organisation}.{kind}.xml",
                )
            )
    assert len(expected) == 6
    assert announced == expected
    # the site-wide feeds stay announced beside them; a release page names no organisation feed
    assert page.head.find("link", rel="alternate", title="Alle Pressemitteilungen (Atom)")
    release = feeds_site.html(SEED.removeprefix(SITEURL))
    assert not [
        link
        for link in release.head.find_all("link", rel="alternate")
        if "/organisationen/" in link["href"]
    ]


def test_development_build_writes_and_links_no_partner_feeds(build_site):
    build = build_site("kontakte-feeds")
    assert build.ok, build.stderr
    assert not (build.output / "feeds").exists()
    assert build.html("/pressekontakte/").find(class_="contact-directory__feeds") is None


def test_a_hostile_organisation_name_stays_text_in_the_announced_feed(tmp_path):
    from conftest import build_into, lay_out_scenario

    content = lay_out_scenario("kontakte-feeds", tmp_path / "content")
    registry = content / "daten" / "kontakte.yaml"
    # HTML itself is refused by the check (tests/test_sanitize.py); quotes and ampersands that
    # could end the attribute are what is left to escape
    hostile = """Stadt "Norderstedt" & Co' onmouseover='alert(1)"""
    text = registry.read_text(encoding="utf-8")
    assert "    name: Stadt Norderstedt\n" in text
    registry.write_text(
        text.replace(
            "    name: Stadt Norderstedt\n", "    name: '" + hostile.replace("'", "''") + "'\n"
        ),
        encoding="utf-8",
    )
    build = build_into(content, tmp_path / "output", settings="publishconf.py")
    assert build.ok, build.stderr
    page = build.html("/pressekontakte/")
    assert not page.head.find_all(attrs={"onmouseover": True})
    (atom,) = page.head.find_all("link", href=f"{SITEURL}/feeds/organisationen/stadt.atom.xml")
    assert atom["title"] == f"Pressemitteilungen: {hostile} (Atom)"
