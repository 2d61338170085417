"""Feeds of the production build: Atom and RSS for all press releases and one per topic — valid,
with absolute addresses and the full text —, announced in every page's head and linked from
the footer."""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

SITEURL = "https://presse.norderstedtgo.de"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
TOPICS = ["digitalisierung", "smart-city", "wirtschaft", "zukunftsdialog"]
ORGANISATIONS = ["egno", "stadt", "stadtwerke"]  # tests/test_partnerfeeds.py: their contents
# From the middle of the seed's body: only a full-text feed has it.
BODY_SENTENCE = "Jens Seedorff, Werkleiter der Stadtwerke Norderstedt, sagte"


def feed_files(build) -> list[str]:
    return [name for name in build.files() if name.startswith("feeds/") and name.endswith(".xml")]


@pytest.fixture(scope="module")
def feeds(production_site) -> dict[str, feedparser.FeedParserDict]:
    return {
        name: feedparser.parse(production_site.path("/" + name).read_bytes())
        for name in feed_files(production_site)
    }


def test_atom_and_rss_for_all_and_for_every_topic(feeds):
    expected = {"feeds/alle.atom.xml", "feeds/alle.rss.xml"}
    for topic in TOPICS:
        expected |= {f"feeds/themen/{topic}.atom.xml", f"feeds/themen/{topic}.rss.xml"}
    for organisation in ORGANISATIONS:
        expected |= {
            f"feeds/organisationen/{organisation}.atom.xml",
            f"feeds/organisationen/{organisation}.rss.xml",
        }
    assert set(feeds) == expected


def test_every_feed_is_valid(feeds):
    for name, feed in feeds.items():
        assert feed.bozo == 0, f"{name}: {feed.get('bozo_exception')}"
        expected = "atom10" if name.endswith(".atom.xml") else "rss20"
        assert feed.version == expected, name
        # an organisation without releases yet keeps its feed, empty, to be subscribed to
        assert feed.entries or name.startswith("feeds/organisationen/stadt."), name


def test_addresses_are_absolute(feeds):
    for name, feed in feeds.items():
        assert feed.feed.link.startswith(SITEURL + "/"), name
        for entry in feed.entries:
            assert entry.link.startswith(SITEURL + "/"), (name, entry.link)
            for link in BeautifulSoup(full_text(entry), "lxml").find_all(["a", "img"]):
                target = link.get("href") or link.get("src")
                assert target.startswith(("https://", "http://", "mailto:")), (name, target)


def full_text(entry) -> str:
    contents = entry.get("content")
    return contents[0].value if contents else entry.get("description", "")


def test_feeds_carry_the_full_text(feeds):
    for name, feed in feeds.items():
        if name.startswith("feeds/organisationen/stadt."):
            assert feed.entries == []  # the seed names no contact of the city
            continue
        (seed,) = [e for e in feed.entries if e.link == SITEURL + RELEASE]
        text = BeautifulSoup(full_text(seed), "lxml").get_text(" ", strip=True)
        assert BODY_SENTENCE in text, name
        assert seed.title.startswith("Norderstedter Unternehmen loten"), name


def test_topic_feed_holds_only_its_topic(production_site, feeds):
    feed = feeds["feeds/themen/wirtschaft.atom.xml"]
    for entry in feed.entries:
        assert "Wirtschaft" in [tag.term for tag in entry.tags], entry.link


def test_every_page_announces_the_feeds(production_site):
    for name in production_site.html_pages():
        head = production_site.html("/" + name).head
        alternates = {
            link["href"]: link["type"]
            for link in head.find_all("link", rel="alternate")
            if link.get("type", "").endswith("+xml")
        }
        assert alternates.get(f"{SITEURL}/feeds/alle.atom.xml") == "application/atom+xml", name
        assert alternates.get(f"{SITEURL}/feeds/alle.rss.xml") == "application/rss+xml", name
        for href in alternates:
            assert production_site.path(href.removeprefix(SITEURL)).is_file(), (name, href)


def test_topic_page_announces_its_topic_feeds(production_site):
    head = production_site.html("/themen/wirtschaft/").head
    titles = {link["href"]: link["title"] for link in head.find_all("link", rel="alternate")}
    assert titles[f"{SITEURL}/feeds/themen/wirtschaft.atom.xml"] == "Thema Wirtschaft (Atom)"
    assert titles[f"{SITEURL}/feeds/themen/wirtschaft.rss.xml"] == "Thema Wirtschaft (RSS)"


def test_footer_links_the_feeds(production_site):
    for url in ("/", RELEASE, "/suche/", "/404.html"):
        footer = production_site.html(url).find("footer")
        hrefs = {a["href"] for a in footer.find_all("a")}
        assert f"{SITEURL}/feeds/alle.atom.xml" in hrefs, url
        assert f"{SITEURL}/feeds/alle.rss.xml" in hrefs, url


def test_development_build_announces_no_feeds_it_does_not_write(site):
    assert not feed_files(site)
    assert site.html("/").head.find("link", rel="alternate") is None
