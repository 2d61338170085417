"""The theme in a real browser: Debian's chromium driven by Playwright, the built site served
from 127.0.0.1. axe-core (German) finds no violation on any page type, the Nu HTML Checker no
error on any page; no request leaves the local server; the keyboard reaches the skip link
first; no layout breaks from 320 to 1440 px; print shows the release, not the navigation.
Screenshots go to test-artifacts/.

Skipped only where chromium (or the npm test tools) are missing and NEWSROOM_REQUIRE_BROWSER is
unset; CI sets it, so there a missing tool fails the run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from conftest import ROOT, Build, build_scenario, require_tool, serve

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_GERMAN = ROOT / "node_modules" / "axe-core" / "locales" / "de.json"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PAGE_TYPES = {
    "Startseite": "/",
    "Pressemitteilung": RELEASE,
    "Pressemitteilungen": "/pressemitteilungen/",
    "Pressemitteilungen, Seite 2": "/pressemitteilungen/seite/2/",
    "Archiv eines Jahres": "/pressemitteilungen/2021/",
    "Projekte": "/projekte/",
    "Projekt": "/projekte/norderstedtgo/",
    "Themen": "/themen/",
    "Thema": "/themen/mobilitaet/",
    "Suche": "/suche/",
    "Seite nicht gefunden": "/404.html",
    "Impressum": "/impressum/",
    "Datenschutz": "/datenschutz/",
    "Barrierefreiheit": "/barrierefreiheit/",
    "Leichte Sprache": "/leichte-sprache/",
    "Gebärdensprache": "/gebaerdensprache/",
    "Pressekontakte": "/pressekontakte/",
    "Veranstaltungen": "/veranstaltungen/",
    "Veranstaltung": "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/",
    "Veranstaltungsarchiv": "/veranstaltungen/archiv/",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    """The basis plus twelve releases (pagination, several years), development settings."""
    return build_scenario("theme-viele-meldungen", tmp_path_factory.mktemp("theme-browser"))


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    with serve(built.output) as url:
        yield url


@pytest.fixture(scope="module")
def real_server(site) -> Iterator[str]:
    """The real content (content/), for the screenshots."""
    with serve(site.output) as url:
        yield url


@pytest.fixture
def context(browser):
    # The site's CSP forbids inline scripts; axe-core is injected as one, so it is lifted here.
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_violation(context, server, name):
    require_tool(AXE.is_file() and AXE_GERMAN.is_file(), "axe-core (npm ci)")
    page = context.new_page()
    page.goto(server + PAGE_TYPES[name])
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async ([locale, tags]) => {
            axe.configure({locale});
            return await axe.run(document, {runOnly: {type: "tag", values: tags}});
        }""",
        [json.loads(AXE_GERMAN.read_text(encoding="utf-8")), AXE_TAGS],
    )
    violations = [
        f"{v['id']}: {v['help']} – {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
    ]
    assert results["passes"], "axe hat nichts geprüft"
    assert not violations, "\n".join(violations)


def test_no_request_leaves_the_local_server(context, server):
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    failed: list[str] = []
    page = context.new_page()
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for url in PAGE_TYPES.values():
        page.goto(server + url, wait_until="networkidle")
    assert len(requests) > len(PAGE_TYPES)  # pages plus stylesheet and fonts
    strangers = [url for url in requests if not url.startswith(server + "/")]
    assert not strangers, strangers
    assert not failed, failed
    assert any(url.endswith(".woff2") for url in requests)


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(context, server):
    page = context.new_page()
    page.goto(server + RELEASE)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " text: document.activeElement.textContent,"
        " top: document.activeElement.getBoundingClientRect().top})"
    )
    assert focused["cls"] == "skip-link"
    assert focused["text"] == "Zum Inhalt springen"
    assert focused["top"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    assert page.evaluate("() => document.activeElement.id") == "inhalt"


def test_focus_is_visible(context, server):
    page = context.new_page()
    page.goto(server + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 2


@pytest.mark.parametrize("width", [320, 768, 1440])
def test_no_layout_break(context, server, width):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    broken = []
    for name in PAGE_TYPES:
        page.goto(server + PAGE_TYPES[name])
        # Measured with the site's own fonts: on a busy machine they may arrive after "load".
        overflow = page.evaluate(
            "async () => { await document.fonts.ready;"
            " return document.documentElement.scrollWidth - document.documentElement.clientWidth; }"
        )
        if overflow > 0:
            broken.append(f"{name}: {overflow} px zu breit")
    assert not broken, broken


@pytest.mark.parametrize(
    ("preference", "expected"), [("no-preference", "smooth"), ("reduce", "auto")]
)
def test_reduced_motion_is_respected(browser, server, preference, expected):
    context = browser.new_context(reduced_motion=preference)
    page = context.new_page()
    page.goto(server + "/")
    behaviour = page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior")
    context.close()
    assert behaviour == expected


def test_print_shows_the_release_its_contacts_and_address(context, server):
    page = context.new_page()
    page.goto(server + RELEASE)
    page.emulate_media(media="print")
    assert not page.is_visible(".site-nav")
    assert not page.is_visible(".site-footer")
    assert not page.is_visible(".breadcrumb")
    assert page.is_visible("h1")
    assert page.is_visible(".press-release__dateline")
    address = page.inner_text(".press-release__address")
    assert address.endswith(RELEASE)
    if page.locator(".contact-block").count():
        assert page.is_visible(".contact-block")
    page.emulate_media(media="screen")
    assert not page.is_visible(".press-release__address")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["Startseite", "Pressemitteilung"])
def test_screenshots(context, real_server, name, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(real_server + PAGE_TYPES[name])
    target = ARTIFACTS / f"{name.lower()}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nu_html_checker_finds_no_error(built):
    require_tool(VNU.is_file(), "vnu.jar (npm ci)")
    require_tool(shutil.which("java") is not None, "java (default-jre-headless)")
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(built.output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    checked = len(built.html_pages())
    print(f"Nu HTML Checker: {checked} Seiten, {len(errors)} Fehler")
    assert checked > 20
    assert not errors, "\n".join(errors)
