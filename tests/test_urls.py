"""The one rule for absolute site addresses (core/urls.py), at its edges."""

import pytest

from newsroom.core.urls import absolute_url


@pytest.mark.parametrize(
    ("siteurl", "path", "expected"),
    [
        (
            "https://presse.example",
            "pressemitteilungen/",
            "https://presse.example/pressemitteilungen/",
        ),
        (
            "https://presse.example/",
            "pressemitteilungen/",
            "https://presse.example/pressemitteilungen/",
        ),
        (
            "https://presse.example",
            "/pressemitteilungen/",
            "https://presse.example/pressemitteilungen/",
        ),
        (
            "https://presse.example//",
            "//feeds/alle.atom.xml",
            "https://presse.example/feeds/alle.atom.xml",
        ),
        ("https://presse.example", "", "https://presse.example/"),
        ("https://example.org/newsroom", "termine/", "https://example.org/newsroom/termine/"),
        ("", "pressemitteilungen/", "/pressemitteilungen/"),
        ("", "/pressemitteilungen/", "/pressemitteilungen/"),
        ("", "", "/"),
        (None, "bilder/foto.jpg", "/bilder/foto.jpg"),
    ],
)
def test_joins_siteurl_and_path_with_exactly_one_slash(siteurl, path, expected):
    assert absolute_url(siteurl, path) == expected


def test_takes_siteurl_from_settings():
    settings = {"SITEURL": "https://presse.example/", "OUTPUT_PATH": "output"}
    assert absolute_url(settings, "/kontakt/") == "https://presse.example/kontakt/"


def test_settings_without_siteurl_give_root_relative_addresses():
    assert absolute_url({}, "suche/") == "/suche/"
    assert absolute_url({"SITEURL": ""}, "suche/") == "/suche/"
    assert absolute_url({"SITEURL": None}, "suche/") == "/suche/"


def test_keeps_query_and_fragment_of_the_path():
    assert absolute_url("https://presse.example", "suche/?q=Bürger*innen#treffer") == (
        "https://presse.example/suche/?q=Bürger*innen#treffer"
    )
