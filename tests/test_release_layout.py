"""The layout of a press release for journalists: from desktop widths an aside beside the text
(KERN grid) with the press contacts, the event and the downloads; on narrow screens a short
contact line under the lead that jumps to the full blocks after the text. In Chromium: at
1280 px the seed's phone number is visible without scrolling, at 390 px the jump link reaches
the contact blocks; screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ROOT, Build, build_scenario, serve

RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
PHOTO_RELEASE = "/pressemitteilungen/2022/pressefoto-zur-konferenz/"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory) -> Build:
    return build_scenario("leser-foto", tmp_path_factory.mktemp("layout"))


# --- The markup -----------------------------------------------------------------------------


def test_aside_with_heading_contacts_event_and_downloads(layout_site):
    article = layout_site.html(RELEASE).find("article", class_="press-release")
    row = article.find(class_="kern-row")
    main, aside = row.find_all(recursive=False)
    assert "kern-col-lg-8" in main["class"] and "kern-col-lg-4" in aside["class"]
    assert aside.name == "aside"
    heading = aside.find("h2")
    assert aside["aria-labelledby"] == heading["id"] and heading.get_text() == "Für Redaktionen"
    titles = [h.get_text(strip=True) for h in aside.find_all("h3")]
    assert titles == ["Pressekontakt", "Zur Veranstaltung", "Downloads"]
    cards = aside.select(".contact-block .h-card")
    assert [c.select_one(".p-tel")["href"] for c in cards] == [
        "tel:+4940521042900",
        "tel:+494053540624",
    ]
    assert [c.select_one(".u-email")["href"] for c in cards] == [
        "mailto:mbantle@stadtwerke-norderstedt.de",
        "mailto:kramer@egno.de",
    ]
    assert [c.select_one(".p-org").get_text() for c in cards] == [
        "Stadtwerke Norderstedt",
        "Entwicklungsgesellschaft Norderstedt",
    ]
    event = aside.select_one(".event-teaser")
    assert "Mittwoch, 12. Januar 2022" in event.get_text(" ", strip=True)
    assert event.select_one(".event-teaser__where").get_text(strip=True)
    downloads = [a.get_text(" ", strip=True) for a in aside.select(".press-kit__link")]
    assert downloads[0].startswith("Pressemappe (ZIP, ")


def test_photo_download_in_the_aside(layout_site):
    aside = layout_site.html(PHOTO_RELEASE).find("aside")
    first = aside.select(".press-kit__link")[0]
    assert first["href"].endswith("/bilder/2022/konferenz-saal.jpg") and first.has_attr("download")
    assert first.get_text() == "Pressefoto (JPEG, 1600 × 1000 Pixel, 36 kB)"


def test_short_contact_line_after_the_lead_jumps_to_the_blocks(layout_site):
    main = layout_site.html(RELEASE).find(class_="press-release__main")
    lead = main.find(class_="press-release__lead")
    line = lead.find_next_sibling()
    assert "quick-contact" in line["class"]
    assert line.get_text(" ", strip=True).startswith(
        "Pressekontakt: Mirjam Bantle (Stadtwerke Norderstedt), 040 52104-2900"
    )
    assert line.find("a", href="tel:+4940521042900")
    jump = line.find("a", string="alle Kontakte und Downloads")
    target = layout_site.html(RELEASE).find(id=jump["href"].removeprefix("#"))
    assert target.find_parent("aside") is not None


def test_release_without_contacts_has_no_contact_line(build_site):
    build = build_site("redaktion-sperrfrist")  # its draft names no contact
    assert build.ok, build.stderr
    page = build.html("/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/")
    assert page.find(class_="quick-contact") is not None
    for name in build.html_pages():
        if name.startswith("pressemitteilungen/") and name.count("/") == 3:
            html = build.html("/" + name)
            if html.find(class_="contact-block") is None:
                assert html.find(class_="quick-contact") is None, name


# --- In the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(layout_site) -> Iterator[str]:
    with serve(layout_site.output) as url:
        yield url


@pytest.mark.browser
def test_phone_visible_without_scrolling_at_1280(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page.goto(server + RELEASE)
    page.evaluate("document.fonts.ready")
    phone = page.locator("aside .contact-block a[href='tel:+4940521042900']")
    assert phone.is_visible()
    box = phone.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box
    assert box["x"] + box["width"] <= 1280
    assert not page.locator(".quick-contact").is_visible()  # the aside says it all here
    aside = page.locator("aside").bounding_box()
    text = page.locator(".press-release__main").bounding_box()
    assert aside["x"] >= text["x"] + text["width"] - 1  # beside the text, not below it
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pressemitteilung-seitenspalte-1280.png"))
    page.close()


@pytest.mark.browser
def test_jump_link_reaches_the_contact_blocks_at_390(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="de-DE")
    page.goto(server + RELEASE)
    page.evaluate("document.fonts.ready")
    blocks = page.locator("aside .contact-block")
    assert blocks.bounding_box()["y"] > 844  # far below, after the text
    link = page.locator(".quick-contact a", has_text="alle Kontakte und Downloads")
    assert link.is_visible()
    link.click()
    page.wait_for_function("location.hash === '#kontakt-ueberschrift'")
    page.wait_for_timeout(1000)  # smooth scrolling, unless reduced motion is asked for
    heading = page.locator("#kontakt-ueberschrift").bounding_box()
    assert 0 <= heading["y"] < 844, heading
    phone = page.locator("aside .contact-block a[href='tel:+4940521042900']").bounding_box()
    assert phone["y"] + phone["height"] <= 844, phone
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pressemitteilung-kontakte-390.png"))
    page.close()


@pytest.mark.browser
def test_contact_cards_line_up_whatever_the_length(browser, server):
    """Two cards side by side: a long address in the first wraps inside its column, and the
    phone lines of both cards stay on one height."""
    page = browser.new_page(viewport={"width": 800, "height": 900}, locale="de-DE")
    page.goto(server + RELEASE)
    page.evaluate(
        """() => {
        const card = document.querySelector('aside .h-card');
        card.querySelector('.u-email').textContent =
          'presse.nachhaltigkeitskommunikation.buerger-innen@stadtwerke-norderstedt.de';
        card.querySelector('.p-job-title').textContent =
          'Nachhaltigkeitskommunikation und Öffentlichkeitsarbeit für Bürger*innen';
        }"""
    )
    cards = page.locator("aside .h-card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 1 and abs(first["width"] - second["width"]) < 1
    phones = page.locator("aside .h-card .p-tel")
    assert abs(phones.nth(0).bounding_box()["y"] - phones.nth(1).bounding_box()["y"]) < 1
    mail = page.locator("aside .h-card .u-email").nth(0).bounding_box()
    assert mail["x"] + mail["width"] <= first["x"] + first["width"] + 1
    page.close()
