"""Image rights: ``Image-License`` is a licence address (Creative Commons named in German) or a
usage note, shown under the photo with the credit and given to machines in the ``ImageObject``
of the ``NewsArticle``; every press photo needs credit and licence, and hostile values fail the
check with file, line and field."""

from __future__ import annotations

import pytest
from conftest import ROOT, Build, build_scenario, lay_out_scenario, run_newsroom

from newsroom.imagerights.licence import describe_licence

SITEURL = "https://presse.norderstedtgo.de"
RELEASES = "/pressemitteilungen/2022/"
PHOTO_URL = f"{SITEURL}/bilder/2022/konferenz-saal-1600w.jpg"


@pytest.fixture(scope="module")
def rights_site(tmp_path_factory) -> Build:
    return build_scenario(
        "bildrechte", tmp_path_factory.mktemp("rechte"), settings="publishconf.py"
    )


def caption(build: Build, slug: str):
    return build.html(f"{RELEASES}{slug}/").find("figcaption", class_="press-photo__caption")


def image_object(build: Build, slug: str) -> dict:
    (article,) = [d for d in build.json_ld(f"{RELEASES}{slug}/") if d["@type"] == "NewsArticle"]
    (image,) = article["image"]
    return image


def test_creative_commons_address_is_named_in_german_and_linked(rights_site):
    shown = caption(rights_site, "foto-cc-by-sa")
    link = shown.find("a", rel="license")
    assert link["href"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert link.get_text() == (
        "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 "
        "International (CC BY-SA 4.0)"
    )
    text = shown.get_text(" ", strip=True)
    assert text.startswith("Foto: Stadtwerke Norderstedt Lizenz: Creative Commons")


def test_usage_note_is_text_under_the_photo(rights_site):
    shown = caption(rights_site, "foto-honorarfrei")
    credit = shown.find(class_="press-photo__credit").get_text()
    assert credit == "Foto: Jana Muster für „NorderstedtGO!“ & Partner"
    licence = shown.find(class_="press-photo__license")
    assert licence.get_text() == (
        "Nutzung: honorarfrei für die Berichterstattung über Bürger*innen-Projekte von "
        '"NorderstedtGO!" (a < b)'
    )
    assert licence.find_all(True) == []  # no link, no element made of the value


def test_other_licence_address_is_linked_as_written(rights_site):
    link = caption(rights_site, "foto-eigene-lizenz").find("a", rel="license")
    address = "https://www.stadtwerke-norderstedt.de/presse/bildrechte?foto=1&format=gross"
    assert link["href"] == address and link.get_text() == address


def test_json_ld_image_object_with_licence(rights_site):
    image = image_object(rights_site, "foto-cc-by-sa")
    assert image == {
        "@type": "ImageObject",
        "contentUrl": PHOTO_URL,
        "url": PHOTO_URL,
        "width": 1600,
        "height": 1000,
        "caption": "Blick in den Saal der Konferenz",
        "creditText": "Foto: Stadtwerke Norderstedt",
        "copyrightNotice": "Foto: Stadtwerke Norderstedt",
        "license": "https://creativecommons.org/licenses/by-sa/4.0/",
        "acquireLicensePage": f"{SITEURL}{RELEASES}foto-cc-by-sa/",
    }


def test_json_ld_of_a_usage_note_has_no_licence_address(rights_site):
    image = image_object(rights_site, "foto-honorarfrei")
    assert "license" not in image
    assert image["creditText"] == "Foto: Jana Muster für „NorderstedtGO!“ & Partner"
    assert image["acquireLicensePage"] == f"{SITEURL}{RELEASES}foto-honorarfrei/"


@pytest.mark.parametrize(
    "written, name, address",
    [
        ("CC BY 4.0", "Creative Commons Namensnennung 4.0 International (CC BY 4.0)", "by/4.0/"),
        (
            "https://creativecommons.org/licenses/by-nc-nd/3.0/de/legalcode",
            "Creative Commons Namensnennung – Nicht kommerziell – Keine Bearbeitungen 3.0 "
            "Deutschland (CC BY-NC-ND 3.0)",
            "by-nc-nd/3.0/de/",
        ),
        (
            "http://creativecommons.org/licenses/by/2.0/",
            "Creative Commons Namensnennung 2.0 Generic (CC BY 2.0)",
            "by/2.0/",
        ),
    ],
)
def test_common_creative_commons_forms(written, name, address):
    licence = describe_licence(written)
    assert licence.text == name
    assert licence.url == f"https://creativecommons.org/licenses/{address}"


def test_public_domain_dedication():
    licence = describe_licence("https://creativecommons.org/publicdomain/zero/1.0/deed.de")
    assert licence.short == "CC0 1.0"
    assert licence.url == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_script_address_never_becomes_a_link():
    assert describe_licence("javascript:alert(1)").url == ""


@pytest.fixture(scope="module")
def checked_errors(tmp_path_factory) -> list[str]:
    content = lay_out_scenario("bildrechte-fehler", tmp_path_factory.mktemp("fehler") / "c")
    done = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert done.returncode != 0
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Fehler")]


@pytest.mark.parametrize(
    "where, message",
    [
        ("2022-03-01-ohne-lizenz.md:6", "fehlt: ein Pressefoto braucht eine Lizenz"),
        ("2022-03-02-javascript.md:9", "beginnt nicht mit https: oder http:"),
        ("2022-03-03-data.md:9", "beginnt nicht mit https: oder http:"),
        ("2022-03-04-markup.md:9", "„onclick=“ in <a> ist nicht erlaubt"),
        ("2022-03-05-zu-lang.md:9", "Die Nutzungsbedingung ist 371 Zeichen lang"),
        ("2022-03-06-anfuehrungszeichen.md:9", "enthält Leerzeichen, Anführungszeichen"),
    ],
)
def test_bad_licences_are_reported(checked_errors, where, message):
    expected = f"{RELEASES.strip('/')}/{where}: Feld „Image-License“"
    assert any(expected in line and message in line for line in checked_errors), checked_errors


def test_each_bad_licence_is_reported_once(checked_errors):
    assert len(checked_errors) == 6, checked_errors


def test_bad_licence_fails_the_build(build_site):
    build = build_site("bildrechte-fehler")
    assert not build.ok
    assert "javascript:" in build.messages
    assert not (build.output / "index.html").exists()
