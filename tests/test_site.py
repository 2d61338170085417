"""The seed press release and the site's URL scheme, on the built real site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# The press release of 13 January 2022 as the press office sent it: the text the site must keep.
SEED = Path(__file__).resolve().parent / "vorlagen" / "pressemitteilung-2022-01-13.txt"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"


def words(text: str) -> str:
    """Text reduced to letters and digits, for comparing prose across typography."""
    return re.sub(r"[^\wäöüß]+", " ", text.lower()).strip()


def seed_paragraphs() -> list[str]:
    """The body paragraphs of the seed: between the headline and the contact blocks."""
    text = SEED.read_text(encoding="utf-8")
    body = text.split("**Was bedeutet", 1)[1].split("\n---\n", 1)[0]
    body = body.replace("hinter\n\nMillionenstädten", "hinter Millionenstädten")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return paragraphs[1:]  # the first is the lead, shown apart


@pytest.fixture(scope="module")
def release(site):
    return site.html(RELEASE)


def test_seed_release_lives_at_its_url(site):
    assert site.path(RELEASE).is_file()


def test_headline_is_the_only_h1(release):
    headings = release.find_all("h1")
    assert [h.get_text(" ", strip=True) for h in headings] == [
        "Norderstedter Unternehmen loten die Chancen und Herausforderungen der Smart City "
        "Norderstedt aus"
    ]


def test_page_is_german_with_a_main(release):
    assert release.html["lang"] == "de"
    assert len(release.find_all("main")) == 1


def test_dateline_in_german(release):
    main = release.find("main")
    assert "Norderstedt, 13. Januar 2022" in main.get_text(" ", strip=True)
    time = main.find("time")
    assert time["datetime"].startswith("2022-01-13")


def test_lead_is_shown(release):
    text = release.find("main").get_text(" ", strip=True)
    assert "Was bedeutet die Smart City Norderstedt für Unternehmen?" in text
    assert "am Mittwoch, 12. Januar, diskutiert." in text


def test_every_seed_paragraph_is_there(release):
    body = words(release.find("main").get_text(" ", strip=True))
    for paragraph in seed_paragraphs():
        plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", paragraph)  # link text only
        plain = re.sub(r"<(https?://[^>]+)>", r"\1", plain).replace("**", "")
        assert words(plain) in body, paragraph[:60]


def test_quote_keeps_german_quotation_marks(release):
    text = release.find("main").get_text(" ", strip=True)
    assert "„Mit NorderstedtGO! wollen wir Vernetzung und Teilhabe" in text
    assert "zusammenfinden und austauschen.“" in text
    assert "„Wir haben mit unserer starken und innovativen Wirtschaft" in text


def test_links_of_the_seed(release):
    hrefs = {a["href"] for a in release.find("main").find_all("a")}
    assert "mailto:digitalisierung@norderstedt.de" in hrefs
    assert "https://www.norderstedt.de/go" in hrefs
    assert "http://www.norderstedter-zukunftsdialog.de" in hrefs


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/pressemitteilungen/",
        "/pressemitteilungen/2022/",
        "/projekte/",
        "/projekte/norderstedtgo/",
        "/projekte/digitalisierungsstrategie/",
        "/projekte/zukunftsdialog/",
        "/projekte/zukunftsbotschafter/",
        "/themen/",
        "/themen/smart-city/",
        "/suche/",
        "/404.html",
    ],
)
def test_url_scheme(site, url):
    page = site.html(url)
    assert page.html["lang"] == "de"
    assert len(page.find_all("h1")) == 1
    assert page.find("main") is not None


def test_year_archive_lists_the_seed(site):
    links = [a["href"] for a in site.html("/pressemitteilungen/2022/").find("main").find_all("a")]
    assert RELEASE in links


def test_project_links_resolve(site):
    page = site.html("/projekte/norderstedtgo/")
    links = [a["href"] for a in page.find("main").find_all("a")]
    assert "/projekte/zukunftsbotschafter/" in links


def test_no_category_author_or_draft_pages(site):
    files = site.files()
    assert not any(f.startswith(("category", "author", "drafts")) for f in files)
