"""The theme's structure on built sites: landmarks, headings, skip link, footer, one stylesheet,
no inline style or script, the page types and their navigation."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import ROOT, Build, build_scenario

RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
FOOTER_LINKS = {
    "/impressum/": "Impressum",
    "/datenschutz/": "Datenschutz",
    "/barrierefreiheit/": "Barrierefreiheit",
    "/leichte-sprache/": "Leichte Sprache",
    "/gebaerdensprache/": "Gebärdensprache",
    "/pressekontakte/": "Pressekontakte",
}
# Link texts that say nothing when read alone (a screen reader's list of links).
VAGUE_LINK_TEXTS = {"hier", "mehr", "link", "weiter", "weiterlesen", "klicken sie hier", "details"}


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Build:
    """The basis with twelve more press releases in 2021 and 2023: pagination and years."""
    return build_scenario("theme-viele-meldungen", tmp_path_factory.mktemp("theme-viele"))


def url_of(relative: str) -> str:
    return "/" + relative.removesuffix("index.html")


def pages_of(build: Build) -> list[str]:
    return [url_of(f) for f in build.html_pages()]


def test_every_page_has_one_h1_lang_and_landmarks(many):
    for url in pages_of(many):
        page = many.html(url)
        assert page.html["lang"] == "de", url
        assert len(page.find_all("h1")) == 1, url
        assert len(page.find_all("main")) == 1, url
        assert page.find("header", class_="site-header"), url
        assert page.find("footer", class_="site-footer"), url
        assert page.find("nav", attrs={"aria-label": "Hauptnavigation"}), url


def test_headings_never_skip_a_level(many):
    for url in pages_of(many):
        main = many.html(url).find("main")
        levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, url
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{url}: h{before} gefolgt von h{after}"


def test_skip_link_is_the_first_focusable_element_and_targets_main(many):
    for url in pages_of(many):
        page = many.html(url)
        first = page.body.find(["a", "button", "input", "select", "textarea"])
        assert first.name == "a" and "skip-link" in first["class"], url
        assert first.get_text(strip=True) == "Zum Inhalt springen"
        main = page.find("main")
        assert first["href"] == "#" + main["id"], url
        assert main["tabindex"] == "-1", url


def test_footer_links_the_legal_and_service_pages_everywhere(many):
    for url in pages_of(many):
        footer = many.html(url).find("footer", class_="site-footer")
        links = {a["href"]: a.get_text(" ", strip=True) for a in footer.find_all("a")}
        for href, text in FOOTER_LINKS.items():
            assert links.get(href) == text, (url, href)
        assert "/veranstaltungen.ics" in links, url
    for href in FOOTER_LINKS:
        assert many.path(href).is_file(), href


def test_production_footer_links_the_feeds(production_site):
    footer = production_site.html("/").find("footer", class_="site-footer")
    hrefs = {a["href"] for a in footer.find_all("a")}
    assert any(h.endswith("/feeds/alle.atom.xml") for h in hrefs), hrefs
    assert any(h.endswith("/feeds/alle.rss.xml") for h in hrefs), hrefs


def test_one_stylesheet_and_no_inline_style_or_script(many):
    for url in pages_of(many):
        page = many.html(url)
        sheets = page.find_all("link", rel="stylesheet")
        assert [s["href"] for s in sheets] == ["/theme/css/newsroom.css"], url
        assert not page.find("style"), url
        assert not page.find(attrs={"style": True}), url
        for script in page.find_all("script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), url
        handlers = [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert not handlers, (url, handlers)


def test_reading_needs_no_javascript(many):
    for url in ["/", RELEASE, "/pressemitteilungen/", "/projekte/", "/impressum/"]:
        scripts = many.html(url).find_all("script", src=True)
        assert not scripts, (url, [s["src"] for s in scripts])


def test_link_texts_make_sense_alone(many):
    for url in pages_of(many):
        for link in many.html(url).find_all("a"):
            text = link.get_text(" ", strip=True).lower()
            assert text and text not in VAGUE_LINK_TEXTS, (url, text)


def test_press_release_dateline_comes_before_the_lead(many):
    article = many.html(RELEASE).find("article", class_="press-release")
    dateline = article.find(class_="press-release__dateline")
    assert dateline.get_text(" ", strip=True) == "Norderstedt, 13. Januar 2022 –"
    assert dateline.find("time")["datetime"].startswith("2022-01-13")
    lead = article.find(class_="press-release__lead")
    assert lead.get_text(" ", strip=True).startswith("Was bedeutet die Smart City")
    blocks = [el for el in article.find_all(True) if el in (dateline, lead)]
    assert blocks == [dateline, lead]
    kind = article.find(class_="press-release__kind")
    assert kind.get_text(strip=True) == "Pressemitteilung"


def test_press_release_shows_topics_and_its_address(many):
    article = many.html(RELEASE).find("article", class_="press-release")
    topics = [a.get_text(" ", strip=True) for a in article.select(".tag-list a")]
    assert [t.split(" – ")[0] for t in topics] == [
        "Smart City",
        "Wirtschaft",
        "Digitalisierung",
        "Zukunftsdialog",
    ]
    for link in article.select(".tag-list a"):
        assert many.path(link["href"]).is_file(), link["href"]
    address = article.find(class_="press-release__address").get_text(" ", strip=True)
    assert address.endswith(RELEASE)


def test_press_release_breadcrumb(many):
    crumbs = many.html(RELEASE).find("nav", class_="breadcrumb")
    assert crumbs["aria-label"] == "Sie sind hier"
    links = [(a.get_text(strip=True), a["href"]) for a in crumbs.find_all("a")]
    assert links == [
        ("Startseite", "/"),
        ("Pressemitteilungen", "/pressemitteilungen/"),
        ("2022", "/pressemitteilungen/2022/"),
    ]
    current = crumbs.find(attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Pressemitteilung vom 13. Januar 2022"


def test_previous_and_next_press_release(many):
    seed = many.html(RELEASE).find("nav", class_="neighbours")
    older = seed.find("a", rel="prev")
    newer = seed.find("a", rel="next")
    assert older["href"] == "/pressemitteilungen/2021/testmeldung-04/"
    assert newer["href"] == "/pressemitteilungen/2023/testmeldung-12/"
    assert "Testmeldung 4" in older.get_text()
    oldest = many.html("/pressemitteilungen/2021/testmeldung-01/").find("nav", class_="neighbours")
    assert not oldest.find("a", rel="prev")
    assert oldest.find("a", rel="next")["href"] == "/pressemitteilungen/2021/testmeldung-02/"


def test_list_is_paginated_newest_first(many):
    first = many.html("/pressemitteilungen/")
    titles = [h.get_text(strip=True) for h in first.select(".teaser__title")]
    assert len(titles) == 10
    assert titles[0].startswith("Testmeldung 11")
    pagination = first.find("nav", class_="pagination")
    assert pagination.find(attrs={"aria-current": "page"}).get_text() == "Seite 1 von 2"
    following = pagination.find("a", rel="next")
    assert following["href"] == "/pressemitteilungen/seite/2/"
    second = many.html("/pressemitteilungen/seite/2/")
    assert len(second.select(".teaser__title")) == 3
    assert second.find("nav", class_="pagination").find("a", rel="prev")["href"] == (
        "/pressemitteilungen/"
    )
    assert "Seite 2" in second.title.get_text()


def test_archive_by_year(many):
    years = many.html("/pressemitteilungen/").find("nav", class_="year-archive")
    links = {a.get_text(" ", strip=True): a["href"] for a in years.find_all("a")}
    assert links == {
        "Pressemitteilungen aus 2023": "/pressemitteilungen/2023/",
        "Pressemitteilungen aus 2022": "/pressemitteilungen/2022/",
        "Pressemitteilungen aus 2021": "/pressemitteilungen/2021/",
    }
    year = many.html("/pressemitteilungen/2021/")
    assert year.find("h1").get_text(strip=True) == "Pressemitteilungen 2021"
    assert len(year.select(".teaser")) == 4
    current = year.find("nav", class_="year-archive").find(attrs={"aria-current": "page"})
    assert current.get_text() == "2021"


def test_start_page_shows_latest_releases_and_projects(many):
    start = many.html("/")
    sections = {s.find("h2").get_text(strip=True): s for s in start.find_all("section")}
    releases = sections["Neueste Pressemitteilungen"].select(".teaser__title a")
    assert len(releases) == 5
    assert releases[0].get_text(strip=True).startswith("Testmeldung 11")
    projects = sections["Projekte"].select(".teaser__title a")
    assert len(projects) == 4
    assert all(many.path(a["href"]).is_file() for a in [*releases, *projects])


def test_project_page_and_list(many):
    projects = many.html("/projekte/")
    links = [a["href"] for a in projects.select(".teaser__title a")]
    assert len(links) == 4
    page = many.html(links[0])
    assert page.find(class_="project__kind").get_text(strip=True) == "Projekt"
    assert page.find(class_="project__status").get_text(strip=True).startswith("Stand: ")
    crumbs = [a["href"] for a in page.find("nav", class_="breadcrumb").find_all("a")]
    assert crumbs == ["/", "/projekte/"]


def test_topic_page_lists_its_releases(many):
    topic = many.html("/themen/mobilitaet/")
    assert topic.find("h1").get_text(strip=True) == "Thema: Mobilität"
    assert len(topic.select(".teaser")) == 4
    overview = many.html("/themen/")
    assert overview.find("a", href="/themen/mobilitaet/")


def test_search_page_and_404(many):
    search = many.html("/suche/")
    assert search.find("h1").get_text(strip=True) == "Suche"
    assert search.find("main").find("a", href="/pressemitteilungen/")
    missing = many.html("/404.html")
    assert missing.find("h1").get_text(strip=True) == "Seite nicht gefunden"
    assert missing.find("main").find("a", href="/")


def test_stylesheet_joins_kern_layout_components_and_print(many):
    css = many.path("/theme/css/newsroom.css").read_text(encoding="utf-8")
    static = ROOT / "theme" / "static"
    parts = [
        static / "kern" / "kern.css",
        static / "css" / "site.css",
        *sorted((static / "css" / "components").glob("*.css")),
        static / "css" / "print.css",
    ]
    positions = [css.index(part.read_text(encoding="utf-8").strip()) for part in parts]
    assert positions == sorted(positions)
    assert "@import" not in css
    assert "@media print" in css
    assert "prefers-reduced-motion: reduce" in css
    assert ":focus-visible" in css


def test_vendored_kern_covers_what_the_theme_uses():
    """Guards `make vendor-kern`: a KERN class or token the theme uses but the subset lacks."""
    kern = (ROOT / "theme" / "static" / "kern" / "kern.css").read_text(encoding="utf-8")
    theme = ROOT / "theme"
    used = set()
    for path in (theme / "templates").rglob("*.html"):
        used |= set(re.findall(r"\bkern-[a-z0-9_-]+", path.read_text(encoding="utf-8")))
    defined = set(re.findall(r"\.(kern-[a-z0-9_-]+)", kern))
    assert not used - defined, used - defined
    tokens = set()
    for path in (theme / "static" / "css").rglob("*.css"):
        tokens |= set(re.findall(r"var\((--kern-[a-z0-9-]+)\)", path.read_text(encoding="utf-8")))
    declared = set(re.findall(r"(--kern-[a-z0-9-]+):", kern))
    assert not tokens - declared, tokens - declared
    assert (
        (theme / "static" / "kern" / "LICENSE.md")
        .read_text(encoding="utf-8")
        .startswith("# EUROPÄISCHE UNION PUBLIC LICENCE v. 1.2")
    )


def test_kern_licence_ships_with_the_site(many):
    assert "EUPL" in many.path("/theme/kern/LICENSE.md").read_text(encoding="utf-8")
    assert Path(many.path("/theme/kern/HERKUNFT.md")).is_file()
