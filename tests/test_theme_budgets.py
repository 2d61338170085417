"""Performance budgets on the production build, printed with their figures:
all CSS of a page ≤ 20 KB gzip, fonts woff2 ≤ 60 KB together in at most two weights,
no JavaScript needed for reading, an article page's first visit ≤ 150 KB in all."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import Build

RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
PAGES = ["/", RELEASE, "/pressemitteilungen/", "/projekte/", "/impressum/", "/suche/"]
KB = 1024
CSS_BUDGET = 20 * KB
FONT_BUDGET = 60 * KB
FIRST_VISIT_BUDGET = 150 * KB
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def local_file(build: Build, url: str) -> Path:
    """The output file behind a URL of the built site (absolute in production)."""
    path = urlsplit(url).path
    assert not urlsplit(url).netloc or url.startswith(site_url(build)), url
    return build.path(path)


def site_url(build: Build) -> str:
    canonical = build.html("/").find("link", rel="stylesheet")["href"]
    parts = urlsplit(canonical)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def transferred(path: Path) -> int:
    """Bytes on the wire: text compressed with gzip, woff2 and images as they are."""
    data = path.read_bytes()
    if path.suffix in {".html", ".css", ".js", ".json", ".svg", ".xml"}:
        return len(gzip.compress(data, compresslevel=9, mtime=0))
    return len(data)


def page_assets(build: Build, url: str) -> dict[str, list[Path]]:
    """What a browser fetches for a page: its stylesheets, what they load, images, scripts."""
    page = build.html(url)
    base = site_url(build) + url
    sheets = [
        local_file(build, urljoin(base, link["href"]))
        for link in page.find_all("link", rel="stylesheet")
    ]
    fonts, images = [], []
    for sheet in sheets:
        sheet_url = "/" + str(sheet.relative_to(build.output))
        for ref in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if ref.startswith("data:"):
                continue
            target = local_file(build, urljoin(site_url(build) + sheet_url, ref))
            (fonts if target.suffix in {".woff2", ".woff"} else images).append(target)
    for img in page.find_all("img", src=True):
        images.append(local_file(build, urljoin(base, img["src"])))
    scripts = [
        local_file(build, urljoin(base, s["src"])) for s in page.find_all("script", src=True)
    ]
    return {"css": sheets, "fonts": fonts, "images": images, "scripts": scripts}


@pytest.mark.parametrize("url", PAGES)
def test_css_of_a_page_within_budget(production_site, url):
    sheets = page_assets(production_site, url)["css"]
    size = sum(transferred(s) for s in sheets)
    print(f"CSS {url}: {len(sheets)} Datei(en), {size / KB:.1f} KB gzip (Budget 20 KB)")
    assert len(sheets) == 1
    assert size <= CSS_BUDGET


def test_fonts_two_weights_within_budget(production_site):
    fonts = sorted(set(page_assets(production_site, RELEASE)["fonts"]))
    size = sum(f.stat().st_size for f in fonts)
    print(f"Schriften: {', '.join(f.name for f in fonts)}: {size / KB:.1f} KB (Budget 60 KB)")
    assert fonts and all(f.suffix == ".woff2" for f in fonts)
    assert len(fonts) <= 2
    assert size <= FONT_BUDGET
    every_font = list(production_site.output.rglob("*.woff2"))
    assert sum(f.stat().st_size for f in every_font) <= FONT_BUDGET


def test_fonts_cover_german_text(production_site):
    from fontTools.ttLib import TTFont

    for font_file in set(page_assets(production_site, RELEASE)["fonts"]):
        characters = set(TTFont(font_file).getBestCmap())
        for char in "AZaz09äöüÄÖÜß„“‚‘–—…€§":
            assert ord(char) in characters, (font_file.name, char)


@pytest.mark.parametrize("url", [u for u in PAGES if u != "/suche/"])
def test_no_javascript_needed_for_reading(production_site, url):
    assets = page_assets(production_site, url)
    assert not assets["scripts"], assets["scripts"]
    inline = [
        s
        for s in production_site.html(url).find_all("script")
        if not s.get("src") and s.get("type") != "application/ld+json"
    ]
    assert not inline


def test_first_visit_of_an_article_within_budget(production_site):
    assets = page_assets(production_site, RELEASE)
    html = transferred(production_site.path(RELEASE))
    parts = {
        "HTML": html,
        "CSS": sum(transferred(p) for p in assets["css"]),
        "Schriften": sum(transferred(p) for p in set(assets["fonts"])),
        "Bilder": sum(transferred(p) for p in set(assets["images"])),
        "JavaScript": sum(transferred(p) for p in assets["scripts"]),
    }
    total = sum(parts.values())
    figures = ", ".join(f"{name} {size / KB:.1f} KB" for name, size in parts.items())
    print(f"Erster Besuch einer Pressemitteilung: {total / KB:.1f} KB ({figures}; Budget 150 KB)")
    assert total <= FIRST_VISIT_BUDGET
