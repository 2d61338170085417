"""German typography: quotes, apostrophes, dashes, ellipses and slugs."""

from __future__ import annotations

from html import unescape

import markdown
import pytest

from newsroom.core.text import plain_text, slugify_de
from newsroom.typography.german_markdown import GermanSmartyExtension


def render(text: str) -> str:
    md = markdown.Markdown(extensions=[GermanSmartyExtension()], output_format="html5")
    return unescape(md.convert(text)).removeprefix("<p>").removesuffix("</p>")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('Er sagte: "Wir fangen an."', "Er sagte: „Wir fangen an.“"),
        ("Das heißt 'Smart City'.", "Das heißt ‚Smart City‘."),
        ("\"Ein 'kleines' Zitat\"", "„Ein ‚kleines‘ Zitat“"),
        ("Wie geht's? Ku'damm", "Wie geht’s? Ku’damm"),
        ("Der Sommer '22", "Der Sommer ’22"),
        ("10--12 Uhr", "10–12 Uhr"),
        ("Ja --- nein", "Ja — nein"),
        ("und so weiter...", "und so weiter…"),
        ("Schon „deutsch“ und ‚gesetzt‘.", "Schon „deutsch“ und ‚gesetzt‘."),
    ],
)
def test_german_substitutions(source, expected):
    assert render(source) == expected


def test_code_is_left_alone():
    assert render('`"x"`') == '<code>"x"</code>'


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Mobilität", "mobilitaet"),
        ("Straße", "strasse"),
        ("Ärger über Öl", "aerger-ueber-oel"),
        ("Smart City & Klima", "smart-city-und-klima"),
        ("4. Konferenz digital: Café-Runde!", "4-konferenz-digital-cafe-runde"),
        ("  Zukunft – jetzt  ", "zukunft-jetzt"),
    ],
)
def test_slugs_transliterate_umlauts(title, slug):
    assert slugify_de(title) == slug


def test_plain_text_resolves_entities_and_tags():
    assert plain_text("<p>Wir &amp; <span class='caps'>EGNO</span>&nbsp;heute</p>") == (
        "Wir & EGNO heute"
    )


def test_built_page_has_german_quotes_and_real_apostrophe(build_site):
    build = build_site("typografie")
    assert build.ok, build.messages
    text = build.html("/pressemitteilungen/2022/typografie-test/").find("main").get_text()
    assert "„Das geht’s gut“" in text
    assert "‚Smart City‘" in text
    assert "9–11 Uhr" in text
    assert "Ja — nein" in text
    assert "Mobilität" in text


def test_tag_slugs_use_german_transliteration(build_site):
    build = build_site("typografie")
    assert build.ok, build.messages
    assert build.path("/themen/mobilitaet/").is_file()
    assert build.path("/themen/strassenbau/").is_file()
