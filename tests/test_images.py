"""Press photos: a press release with ``Image:`` gets a figure with alt text and credit,
responsive variants (widths and WebP) made at build time without metadata, and a download link
to the original. Bad image fields fail the build with file, line, field and fix.

The scenario ``leser-foto`` adds a press release with a 1600 × 1000 JPEG that carries EXIF data
(an artist's name), made once with Pillow and committed.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import Build, build_scenario
from PIL import Image

SITEURL = "https://presse.norderstedtgo.de"
PHOTO_RELEASE = "/pressemitteilungen/2022/pressefoto-zur-konferenz/"
ORIGINAL = "/bilder/2022/konferenz-saal.jpg"
WIDTHS = [480, 800, 1200, 1600]
ALT = "Blick in den Saal der Konferenz, vorn eine gelbe Bühne"


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> Build:
    return build_scenario("leser-foto", tmp_path_factory.mktemp("foto"), settings="publishconf.py")


@pytest.fixture(scope="module")
def figure(photo_site):
    return photo_site.html(PHOTO_RELEASE).find("figure", class_="press-photo")


def local(url: str) -> str:
    assert url.startswith(SITEURL + "/"), url
    return url.removeprefix(SITEURL)


def srcset_entries(value: str) -> list[tuple[str, int]]:
    entries = []
    for part in value.split(","):
        url, width = part.split()
        entries.append((local(url), int(width.removesuffix("w"))))
    return entries


def test_figure_with_alt_text_credit_and_licence(figure):
    image = figure.find("img")
    assert image["alt"] == ALT
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert "Foto: Stadtwerke Norderstedt" in caption
    assert "Lizenz: Creative Commons Namensnennung 4.0 International (CC BY 4.0)" in caption


def test_variants_in_every_width_as_jpeg_and_webp(photo_site, figure):
    image = figure.find("img")
    webp = figure.find("source", type="image/webp")
    jpeg_entries = srcset_entries(image["srcset"])
    webp_entries = srcset_entries(webp["srcset"])
    assert [width for _, width in jpeg_entries] == WIDTHS
    assert [width for _, width in webp_entries] == WIDTHS
    assert image["sizes"] == webp["sizes"] and "100vw" in image["sizes"]
    for entries, kind in ((jpeg_entries, "JPEG"), (webp_entries, "WEBP")):
        for url, width in entries:
            with Image.open(photo_site.path(url)) as variant:
                assert variant.format == kind, url
                assert variant.size == (width, round(1000 * width / 1600)), url


def test_width_and_height_attributes_keep_the_aspect_ratio(figure):
    image = figure.find("img")
    assert (int(image["width"]), int(image["height"])) == (1600, 1000)
    assert local(image["src"]) == "/bilder/2022/konferenz-saal-1600w.jpg"


def test_variants_carry_no_metadata(photo_site, figure):
    with Image.open(photo_site.path(ORIGINAL)) as original:
        assert original.getexif()  # the committed photo has EXIF data …
    for url, _ in srcset_entries(figure.find("source", type="image/webp")["srcset"]) + (
        srcset_entries(figure.find("img")["srcset"])
    ):
        with Image.open(photo_site.path(url)) as variant:
            assert not variant.getexif(), url  # … its variants have none
            assert "icc_profile" not in variant.info, url


def test_original_for_download(photo_site, figure):
    link = figure.find("a", class_="press-photo__download")
    assert local(link["href"]) == ORIGINAL
    assert link.has_attr("download")
    assert "JPEG, 1600 × 1000 Pixel, 36 kB" in link.get_text(" ", strip=True)
    committed = photo_site.content / "bilder" / "2022" / "konferenz-saal.jpg"
    assert photo_site.path(ORIGINAL).read_bytes() == committed.read_bytes()


def test_photo_is_the_link_preview_and_in_the_news_article(photo_site):
    page = photo_site.html(PHOTO_RELEASE)
    og_image = page.find("meta", property="og:image")["content"]
    assert og_image == f"{SITEURL}/bilder/2022/konferenz-saal-1600w.jpg"
    assert page.find("meta", property="og:image:alt")["content"] == ALT
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    (article,) = [d for d in photo_site.json_ld(PHOTO_RELEASE) if d["@type"] == "NewsArticle"]
    assert [image["contentUrl"] for image in article["image"]] == [og_image]


def test_variants_are_the_same_bytes_in_every_build(photo_site, tmp_path):
    again = build_scenario("leser-foto", tmp_path, settings="publishconf.py")

    def digests(build: Build) -> dict[str, str]:
        return {
            name: hashlib.sha256((build.output / name).read_bytes()).hexdigest()
            for name in build.files()
            if name.startswith("bilder/")
        }

    first = digests(photo_site)
    assert len(first) == 1 + 2 * len(WIDTHS)
    assert digests(again) == first


def test_release_without_photo_has_no_figure_and_the_site_preview(photo_site):
    seed = photo_site.html("/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/")
    assert seed.find("figure") is None
    preview = seed.find("meta", property="og:image")["content"]
    assert preview == f"{SITEURL}/theme/images/vorschau.png"
    with Image.open(photo_site.path(local(preview))) as image:
        assert image.size == (1200, 630)
    assert int(seed.find("meta", property="og:image:width")["content"]) == 1200


# --- Bad image fields -----------------------------------------------------------------------


def test_missing_file_alt_text_and_credit_fail_the_build(build_site):
    result = build_site("leser-foto-unvollstaendig")
    assert not result.ok and "Traceback" not in result.messages
    source = "pressemitteilungen/2022/2022-02-02-foto-ohne-angaben.md:6"
    lines = [line for line in result.messages.splitlines() if source in line]
    assert len(lines) == 4, result.messages
    joined = "\n".join(lines)
    assert "Feld „Image“: Die Bilddatei „bilder/2022/gibt-es-nicht.jpg“ gibt es nicht." in joined
    assert "Feld „Image-Alt“: fehlt" in joined and "Ergänzen Sie „Image-Alt: …“" in joined
    assert "Feld „Image-Credit“: fehlt" in joined
    assert "Feld „Image-License“: fehlt" in joined
    assert not result.output.exists()


def test_a_file_that_is_no_picture_and_a_credit_without_picture_fail(build_site):
    result = build_site("leser-foto-kaputt")
    assert not result.ok and "Traceback" not in result.messages
    assert (
        "2022-02-03-kaputtes-foto.md:6: Feld „Image“: „bilder/2022/kein-foto.jpg“ ist kein "
        "lesbares Bild. Speichern Sie das Foto als JPEG, PNG oder WebP."
    ) in result.messages
    assert (
        "2022-02-04-nachweis-ohne-bild.md:6: Feld „Image-Credit“: steht ohne Bild."
    ) in result.messages
