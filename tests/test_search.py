"""Full-text search: the Pagefind index written by every build, the search page, the 404 page,
and — in a real browser — searching for the seed press release."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, require_tool, serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
EVENT = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"
PROJECT = "/projekte/zukunftsdialog/"


def pagefind_languages(site) -> dict:
    entry = json.loads(site.text("/pagefind/pagefind-entry.json"))
    return entry["languages"]


def url_of(name: str) -> str:
    return "/" + name.removesuffix("index.html")


def indexed(site, url: str) -> bool:
    return site.html(url).find(attrs={"data-pagefind-body": True}) is not None


# --- The index ------------------------------------------------------------------------------


def test_every_build_writes_a_german_index(site):
    languages = pagefind_languages(site)
    assert list(languages) == ["de"]
    for asset in ("pagefind.js", "pagefind-modular-ui.js", "wasm.de.pagefind"):
        assert site.path(f"/pagefind/{asset}").is_file(), asset


def test_only_press_releases_pages_and_events_are_indexed(site):
    bodies = {url for url in map(url_of, site.html_pages()) if indexed(site, url)}
    assert {RELEASE, EVENT, PROJECT} <= bodies
    for listing in (
        "/",
        "/pressemitteilungen/",
        "/themen/",
        "/suche/",
        "/veranstaltungen/",
        "/404.html",
    ):
        assert listing not in bodies, listing
    assert pagefind_languages(site)["de"]["page_count"] == len(bodies)


def search_tags(site, url: str) -> dict[str, str]:
    """What Pagefind reads from a page's head: (attribute, name) → value."""
    found = {}
    for tag in site.html(url).head.find_all("meta"):
        for attribute in ("data-pagefind-filter", "data-pagefind-meta", "data-pagefind-sort"):
            if tag.has_attr(attribute):
                name = tag[attribute].removesuffix("[content]")
                found[f"{attribute.rsplit('-', 1)[-1]}:{name}"] = tag["content"]
    return found


def test_filters_meta_and_sort_of_a_press_release(site):
    assert search_tags(site, RELEASE) == {
        "filter:typ": "Pressemitteilung",
        "filter:jahr": "2022",
        "meta:datum": "13. Januar 2022",
        "sort:datum": "2022-01-13T00:00:00+01:00",
    }
    body = site.html(RELEASE).find(attrs={"data-pagefind-body": True})
    assert body.find("h1")["data-pagefind-meta"] == "title"


def test_filters_of_an_event_and_a_project(site):
    event = search_tags(site, EVENT)
    assert (event["filter:typ"], event["filter:jahr"]) == ("Veranstaltung", "2022")
    assert event["meta:datum"] == "12. Januar 2022"
    assert search_tags(site, PROJECT) == {"filter:typ": "Projekt"}
    assert search_tags(site, "/pressemitteilungen/") == {}


# --- The search page without a browser ------------------------------------------------------


def test_search_page_has_a_labelled_field_and_own_scripts(site):
    page = site.html("/suche/")
    field = page.find("input", id="suchbegriff")
    assert field["type"] == "search" and field["name"] == "q"
    label = page.find("label", attrs={"for": "suchbegriff"})
    assert label.get_text(strip=True) == "Suchbegriff"
    form = field.find_parent("form")
    assert form["role"] == "search" and form["action"].endswith("/suche/")
    scripts = page.find_all("script", src=True)
    sources = [script["src"] for script in scripts]
    assert any(src.endswith("/pagefind/pagefind-modular-ui.js") for src in sources)
    assert any("/js/suche" in src for src in sources)
    assert all(script.has_attr("defer") for script in scripts)
    inline = [s for s in page.find_all("script") if not s.has_attr("src")]
    assert all(s.get("type") == "application/ld+json" for s in inline)
    assert not page.find_all("style") and not page.find_all(style=True)
    for src in sources:
        assert site.path(src).is_file(), src


def test_production_search_page_loads_what_the_build_wrote(production_site):
    """Asset names get a content hash in production; Pagefind's own files keep theirs."""
    page = production_site.html("/suche/")
    sources = [script["src"] for script in page.find_all("script", src=True)]
    assert len(sources) == 2
    for src in sources:
        assert src.startswith("https://presse.norderstedtgo.de/"), src
        assert production_site.path(src.removeprefix("https://presse.norderstedtgo.de")).is_file()
    form = page.find("form", id="suche-formular")
    assert form["data-pagefind-bundle"] == "https://presse.norderstedtgo.de/pagefind/"
    assert production_site.path("/pagefind/pagefind.js").is_file()


def test_without_javascript_the_page_says_so_and_links_the_archives(site):
    note = site.html("/suche/").find("noscript")
    assert "braucht JavaScript" in note.get_text(" ", strip=True)
    links = {a["href"] for a in note.find_all("a")}
    assert {"/pressemitteilungen/", "/themen/", "/veranstaltungen/"} <= links
    assert site.html("/suche/").find("form", id="suche-formular").has_attr("hidden")


def test_not_found_page_offers_search_and_the_latest_releases(site):
    page = site.html("/404.html")
    form = page.find("form", attrs={"role": "search"})
    assert form["action"] == "/suche/" and form.find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": form.find("input")["id"]})
    latest = page.find(id="nicht-gefunden-neueste").find_parent("section")
    assert [a["href"] for a in latest.find_all("a")] == [RELEASE]


# --- In a real browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_site(site):
    """The built site on a local port, as a reader's browser sees it."""
    with serve(site.output) as url:
        yield url


@pytest.fixture
def search_page(browser, served_site):
    """/suche/ open in a fresh page, with every request it makes recorded."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.requested = requested
    page.goto(f"{served_site}/suche/")
    yield page
    context.close()


def hits_for(page, words: str) -> list[str]:
    """Type into the search field with the keyboard and return the links of the hits."""
    field = page.get_by_label("Suchbegriff")
    field.focus()
    page.keyboard.type(words, delay=20)
    page.locator("#suche-treffer a.search-result__link").first.wait_for(timeout=15_000)
    return page.locator("#suche-treffer a.search-result__link").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)"
    )


def test_typing_zukunftsdialog_finds_the_seed_release(search_page, served_site):
    found = hits_for(search_page, "Zukunftsdialog")
    assert RELEASE in found
    status = search_page.locator("#suche-status").inner_text()
    assert "Treffer für „Zukunftsdialog“" in status
    hit = search_page.locator(f"#suche-treffer li:has(a[href='{RELEASE}'])")
    assert "Pressemitteilung · 13. Januar 2022" in hit.inner_text()
    assert "alle Meldungen zum Thema" not in hit.inner_text()
    assert hit.locator("mark").count() >= 1
    local = [url for url in search_page.requested if not url.startswith(served_site)]
    assert local == [], f"Anfragen an fremde Hosts: {local}"


def test_an_inflected_form_finds_it_too(search_page):
    """German stemming: „Unternehmens“ finds the release that says „Unternehmen“."""
    assert RELEASE in hits_for(search_page, "Unternehmens")


def test_a_query_in_the_address_is_searched(browser, served_site):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{served_site}/suche/?q=Konferenz")
        page.locator("#suche-treffer a.search-result__link").first.wait_for(timeout=15_000)
        assert page.get_by_label("Suchbegriff").input_value() == "Konferenz"
        assert page.locator(f"#suche-treffer a[href='{EVENT}']").count() == 1
    finally:
        context.close()


def test_search_field_is_reached_by_keyboard(search_page):
    for _ in range(20):
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.id") == "suchbegriff":
            break
    else:
        pytest.fail("Das Suchfeld ist mit der Tabulatortaste nicht erreichbar")
    search_page.keyboard.type("Smart City")
    search_page.locator("#suche-treffer a.search-result__link").first.wait_for(timeout=15_000)
    search_page.keyboard.press("Tab")
    assert search_page.evaluate("document.activeElement.textContent") == "Suchen"
    search_page.keyboard.press("Enter")
    search_page.wait_for_url("**/suche/?q=Smart%20City")
    search_page.keyboard.press("Shift+Tab")
    search_page.keyboard.press("Escape")
    assert search_page.get_by_label("Suchbegriff").input_value() == ""


def test_search_page_is_axe_clean(browser, served_site):
    require_tool(AXE.is_file(), "axe-core (npm ci)")
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{served_site}/suche/")
        page.get_by_label("Suchbegriff").fill("Zukunftsdialog")
        page.locator("#suche-treffer a.search-result__link").first.wait_for(timeout=15_000)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',"
            " 'wcag21aa', 'best-practice']})"
        )
        problems = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
        assert problems == []
    finally:
        context.close()


# --- Umlauts, ß and inclusive forms ---------------------------------------------------------

STATIONS = "/pressemitteilungen/2022/mobilitaetsstationen-ulzburger-strasse/"
AMBASSADORS = "/pressemitteilungen/2022/zukunftsbotschafter-innen-gesucht/"


@pytest.fixture(scope="module")
def umlaut_site(tmp_path_factory):
    """The basis plus two releases full of ä, ö, ü, ß and inclusive forms, served locally."""
    from conftest import build_scenario

    build = build_scenario("suche-umlaute", tmp_path_factory.mktemp("suche-umlaute"))
    with serve(build.output) as url:
        yield url


@pytest.fixture
def umlaut_search(browser, umlaut_site):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{umlaut_site}/suche/")
    yield page
    context.close()


def marks_of(page, url: str) -> list[str]:
    """The highlighted words of the hit that links to ``url``."""
    hit = page.locator(f"#suche-treffer li:has(a[href='{url}'])")
    return hit.locator(".search-result__excerpt mark").all_inner_texts()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "url", "marked", "every_mark"),
    [
        ("Bürger", AMBASSADORS, {"Bürger*innen", "Bürgerinnen", "Bürger"}, "Bürger"),
        ("Mobilität", STATIONS, {"Mobilitätsstationen", "Mobilität"}, "Mobilität"),
        ("Straße", STATIONS, {"Straße"}, "Straße"),
        ("Strasse", STATIONS, {"Straße"}, "Straße"),
        (
            "Zukunftsbotschafter:innen",
            AMBASSADORS,
            {"Zukunftsbotschafter:innen"},
            "Zukunftsbotschafter:innen",
        ),
        ("Bürger*innen", AMBASSADORS, {"Bürger*innen"}, "Bürger"),
        ("Öffnungszeiten", STATIONS, {"Öffnungszeiten"}, "Öffnungszeiten"),
        ("Schüler", AMBASSADORS, {"Schülerinnen", "Schüler"}, "Schüler"),
    ],
)
def test_umlauts_sharp_s_and_inclusive_forms_are_found_and_marked(
    umlaut_search, query, url, marked, every_mark
):
    found = hits_for(umlaut_search, query)
    assert url in found, found
    marks = marks_of(umlaut_search, url)
    assert marked <= set(marks), marks
    # Each mark is the searched word itself, from its first letter to its last: no punctuation
    # after it, no letter of the next word, no half of an umlaut.
    for mark in marks:
        assert every_mark in mark, marks
        assert mark[0].isalnum() and mark[-1].isalnum(), marks
    excerpt = umlaut_search.locator(
        f"#suche-treffer li:has(a[href='{url}']) .search-result__excerpt"
    ).inner_text()
    for word in marked:
        assert word in excerpt
