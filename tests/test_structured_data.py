"""What machines read about each page of the production build: structured data (JSON-LD),
link previews (Open Graph, Twitter card), the canonical address, sitemap.xml and robots.txt.

Every JSON-LD block of every page is parsed and checked for its required fields and for
absolute addresses; the scenario ``leser-foto`` checks that „&“ and German quotes reach the
meta tags as text, never as entities or tags.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

SITEURL = "https://presse.norderstedtgo.de"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
HEADLINE = (
    "Norderstedter Unternehmen loten die Chancen und Herausforderungen der Smart City "
    "Norderstedt aus"
)
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
URL_KEYS = {"url", "item", "@id", "logo", "image", "sameAs"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Types whose required fields this site promises (others come from other capabilities).
REQUIRED = {
    "NewsArticle": {
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "url",
        "mainEntityOfPage",
    },
    "Organization": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
}


def url_of(name: str) -> str:
    return "/" + name.removesuffix("index.html")


def pages(build) -> list[str]:
    return [url_of(name) for name in build.html_pages()]


def urls_in(data, key: str = "") -> list[str]:
    """Every address in a JSON-LD value: under the keys that hold addresses, at any depth."""
    if isinstance(data, dict):
        found = []
        for name, value in data.items():
            found += urls_in(value, name)
        return found
    if isinstance(data, list):
        return [url for value in data for url in urls_in(value, key)]
    return [data] if key in URL_KEYS and isinstance(data, str) else []


@pytest.fixture(scope="module")
def blocks(production_site) -> dict[str, list[dict]]:
    """Every JSON-LD block of every page, as parsed."""
    return {url: production_site.json_ld(url) for url in pages(production_site)}


@pytest.fixture(scope="module")
def json_ld(blocks) -> dict[str, list[dict]]:
    """The nodes of every page's JSON-LD: the blocks, with an ``@graph`` opened up."""
    return {
        url: [node for block in found for node in block.get("@graph", [block])]
        for url, found in blocks.items()
    }


def test_every_block_parses_with_context_type_and_absolute_addresses(blocks, json_ld):
    assert sum(len(found) for found in blocks.values()) > len(blocks)
    for url, found in blocks.items():
        for block in found:
            assert block["@context"] == "https://schema.org", url
    for url, nodes in json_ld.items():
        for data in nodes:
            assert data["@type"], url
            missing = REQUIRED.get(data["@type"], set()) - set(data)
            assert not missing, (url, data["@type"], missing)
            for address in urls_in(data):
                assert address.startswith(("https://", "http://")), (url, address)


def test_news_article_of_the_seed_release(json_ld):
    (article,) = [d for d in json_ld[RELEASE] if d["@type"] == "NewsArticle"]
    assert article["headline"] == HEADLINE
    assert article["datePublished"] == "2022-01-13T00:00:00+01:00"
    assert ISO_WITH_OFFSET.match(article["dateModified"])
    assert article["url"] == article["mainEntityOfPage"]["@id"] == SITEURL + RELEASE
    assert article["inLanguage"] == "de-DE"
    authors = {(a["@type"], a["name"]) for a in article["author"]}
    assert authors == {
        ("Organization", "Stadtwerke Norderstedt"),
        ("Organization", "Entwicklungsgesellschaft Norderstedt"),
    }
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["url"] == SITEURL + "/"
    assert "image" not in article  # the seed has no photo
    assert article["description"].startswith("Was bedeutet die Smart City")


def test_news_article_only_on_press_releases(json_ld):
    for url, blocks in json_ld.items():
        kinds = [d["@type"] for d in blocks]
        if re.match(r"^/pressemitteilungen/\d{4}/[a-z0-9-]+/$", url):
            assert kinds.count("NewsArticle") == 1, url
        else:
            assert "NewsArticle" not in kinds, url


def test_organization_on_the_start_page(json_ld):
    (organization,) = [d for d in json_ld["/"] if d["@type"] == "Organization"]
    assert organization["name"] == "NorderstedtGO!"
    assert organization["url"] == SITEURL + "/"
    assert "BreadcrumbList" not in [d["@type"] for d in json_ld["/"]]


def test_breadcrumb_list_on_every_inner_page(production_site, json_ld):
    for url, blocks in json_ld.items():
        if url in ("/", "/404.html"):
            continue
        (trail,) = [d for d in blocks if d["@type"] == "BreadcrumbList"]
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)), url
        assert items[0]["item"] == SITEURL + "/" and items[0]["name"] == "Startseite", url
        assert items[-1]["item"] == SITEURL + url, url
        for item in items:
            assert item["@type"] == "ListItem" and item["name"], url
            assert production_site.path(item["item"].removeprefix(SITEURL)).is_file(), (url, item)


def test_visible_breadcrumb_links_are_the_json_ld_trail(production_site, json_ld):
    past_event = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"
    for url, blocks in json_ld.items():
        if url in ("/", "/404.html"):
            continue
        (trail,) = [d for d in blocks if d["@type"] == "BreadcrumbList"]
        nav = production_site.html(url).find("nav", class_="breadcrumb")
        links = [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]
        expected = [(i["name"], i["item"]) for i in trail["itemListElement"][:-1]]
        assert links == expected, url
        assert nav.find(attrs={"aria-current": "page"}).get_text(strip=True), url
    (trail,) = [d for d in json_ld[past_event] if d["@type"] == "BreadcrumbList"]
    assert [i["name"] for i in trail["itemListElement"]][1:4] == [
        "Veranstaltungen",
        "Archiv",
        "2022",
    ]


def test_breadcrumb_of_a_press_release(json_ld):
    (trail,) = [d for d in json_ld[RELEASE] if d["@type"] == "BreadcrumbList"]
    assert [(i["name"], i["item"]) for i in trail["itemListElement"]] == [
        ("Startseite", SITEURL + "/"),
        ("Pressemitteilungen", SITEURL + "/pressemitteilungen/"),
        ("2022", SITEURL + "/pressemitteilungen/2022/"),
        (HEADLINE, SITEURL + RELEASE),
    ]


# --- Canonical address and link previews ----------------------------------------------------


def meta_property(page, name: str) -> str:
    tag = page.head.find("meta", property=name)
    return tag["content"] if tag else ""


def test_every_page_has_its_canonical_address(production_site):
    for url in pages(production_site):
        links = production_site.html(url).head.find_all("link", rel="canonical")
        if url == "/404.html":
            assert links == []  # served at any address: it has none of its own
            continue
        assert [link["href"] for link in links] == [SITEURL + url], url


def test_open_graph_on_every_page(production_site):
    for url in pages(production_site):
        page = production_site.html(url)
        assert meta_property(page, "og:locale") == "de_DE", url
        assert meta_property(page, "og:title"), url
        assert meta_property(page, "og:type") in ("website", "article"), url
        if url != "/404.html":
            assert meta_property(page, "og:url") == SITEURL + url, url
            assert meta_property(page, "og:description"), url
            image = meta_property(page, "og:image")
            assert image.startswith(SITEURL + "/"), url
            assert production_site.path(image.removeprefix(SITEURL)).is_file(), url
            assert meta_property(page, "og:image:alt"), url
        card = page.head.find("meta", attrs={"name": "twitter:card"})["content"]
        assert card in ("summary", "summary_large_image"), url


def test_open_graph_of_the_seed_release(production_site):
    page = production_site.html(RELEASE)
    assert meta_property(page, "og:type") == "article"
    assert meta_property(page, "og:title") == HEADLINE
    assert meta_property(page, "og:description").startswith(
        "Was bedeutet die Smart City Norderstedt für Unternehmen?"
    )
    assert meta_property(page, "article:published_time") == "2022-01-13T00:00:00+01:00"


def test_no_markup_or_entities_leak_into_meta_tags(production_site):
    for url in pages(production_site):
        page = production_site.html(url)
        for tag in page.head.find_all("meta"):
            value = tag.get("content", "")
            if tag.get("http-equiv"):
                continue
            assert not re.search(r"&(?:[a-z]+|#\d+|#x[0-9a-f]+);", value, re.I), (url, value)
            assert "<" not in value and "\xa0" not in value, (url, value)


def test_ampersand_and_quotes_reach_previews_as_text(build_site):
    build = build_site("leser-foto", settings="publishconf.py")
    assert build.ok, build.messages
    url = "/pressemitteilungen/2022/pressefoto-zur-konferenz/"
    page, raw = build.html(url), build.text(url)
    assert meta_property(page, "og:title") == "Pressefoto zur Konferenz & „Zukunft“"
    assert (
        meta_property(page, "og:description")
        == "Ein Bild vom „Zukunftsdialog“ – mit Bildnachweis & Lizenz."
    )
    assert 'content="Pressefoto zur Konferenz &amp; „Zukunft“"' in raw  # escaped once, not twice
    (article,) = [d for d in build.json_ld(url) if d["@type"] == "NewsArticle"]
    assert article["headline"] == "Pressefoto zur Konferenz & „Zukunft“"


# --- sitemap.xml and robots.txt -------------------------------------------------------------


@pytest.fixture(scope="module")
def sitemap(production_site) -> dict[str, str]:
    root = ET.fromstring(production_site.path("/sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    entries = {}
    for entry in root.findall(f"{SITEMAP}url"):
        entries[entry.findtext(f"{SITEMAP}loc")] = entry.findtext(f"{SITEMAP}lastmod")
    return entries


def test_sitemap_lists_every_public_page(production_site, sitemap):
    expected = {SITEURL + url for url in pages(production_site) if url != "/404.html"}
    assert set(sitemap) == expected
    assert SITEURL + RELEASE in sitemap and SITEURL + "/suche/" in sitemap


def test_sitemap_lastmod_comes_from_content_dates(sitemap):
    for address, lastmod in sitemap.items():
        assert ISO_WITH_OFFSET.match(lastmod), (address, lastmod)
        # the build time is 26 November 2026; no content of the real site is that new
        assert dt.datetime.fromisoformat(lastmod).year == 2022, (address, lastmod)
    assert sitemap[SITEURL + RELEASE] == "2022-01-13T00:00:00+01:00"


def test_robots_txt_points_to_the_sitemap(production_site):
    lines = production_site.text("/robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines


def test_development_build_writes_robots_without_sitemap(site):
    assert not site.path("/sitemap.xml").exists()
    assert "Sitemap:" not in site.text("/robots.txt")


def test_second_page_of_a_list(build_site):
    """A paginated list: its own breadcrumb step, and the newest date of what it lists."""
    build = build_site("leser-viele-meldungen", settings="publishconf.py")
    assert build.ok, build.messages
    url = "/pressemitteilungen/seite/2/"
    page = build.html(url)
    (trail,) = [d for d in build.json_ld(url) if d["@type"] == "BreadcrumbList"]
    assert [(i["name"], i["item"]) for i in trail["itemListElement"]] == [
        ("Startseite", SITEURL + "/"),
        ("Pressemitteilungen", SITEURL + "/pressemitteilungen/"),
        ("Seite 2", SITEURL + url),
    ]
    assert meta_property(page, "og:title") == "Pressemitteilungen, Seite 2"
    year = build.html("/pressemitteilungen/2023/")
    assert meta_property(year, "og:title") == "Pressemitteilungen 2023"
    # page 2 lists the release of 1 March 2023 and the seed of 2022
    modified = page.head.find("meta", attrs={"name": "dcterms.modified"})["content"]
    assert modified == "2023-03-01T10:00:00+01:00"
    root = ET.fromstring(build.path("/sitemap.xml").read_bytes())
    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.findall(f"{SITEMAP}url")
    }
    assert lastmods[SITEURL + url] == modified
    assert lastmods[SITEURL + "/pressemitteilungen/"] == "2023-03-11T10:00:00+01:00"
    assert lastmods[SITEURL + "/themen/wirtschaft/"] == "2023-03-11T10:00:00+01:00"
