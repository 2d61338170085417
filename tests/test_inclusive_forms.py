"""Inclusive German forms (Bürger*innen, Expert_innen, Bürger:innen, BürgerInnen) are text,
never markup: in the page, the feeds, the meta tags, JSON-LD, the .ics, the search index and
the address."""

from __future__ import annotations

import gzip
import json
from html import unescape

import feedparser
import icalendar
import markdown
import pytest

from newsroom.core.text import slugify_de
from newsroom.typography.german_markdown import GermanSmartyExtension, InclusiveFormsExtension

RELEASE = "/pressemitteilungen/2022/zukunftsbotschafter-innen-gesucht/"
EVENT = "/veranstaltungen/werkstatt-fuer-buerger-innen/"
SUMMARY = (
    "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen gestalten die Smart City mit – "
    "gemeinsam mit den Unternehmer:innen und BürgerInnen der Stadt."
)


def render(text: str) -> str:
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", InclusiveFormsExtension(), GermanSmartyExtension()]
    )
    return unescape(md.convert(text)).removeprefix("<p>").removesuffix("</p>")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen",
            "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen",
        ),
        ("Mitarbeiter_innen und Kolleg_innen", "Mitarbeiter_innen und Kolleg_innen"),
        ("Bürger:innen und BürgerInnen", "Bürger:innen und BürgerInnen"),
        ("*Betonung* und Bürger*innen", "<em>Betonung</em> und Bürger*innen"),
        ("_Betonung_ und Bürger_innen", "<em>Betonung</em> und Bürger_innen"),
        (
            "**fett**, Teilnehmer*innen, *kursiv*",
            "<strong>fett</strong>, Teilnehmer*innen, <em>kursiv</em>",
        ),
        ('"Bürger*innen" fragen', "„Bürger*innen“ fragen"),
        ("`a*b*c` bleibt Code", "<code>a*b*c</code> bleibt Code"),
        ("2*3*4 rechnet", "2<em>3</em>4 rechnet"),
    ],
)
def test_a_star_or_underscore_between_letters_is_a_character(source, expected):
    assert render(source) == expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Bürger*innen", "buerger-innen"),
        ("Bürger_innen", "buerger-innen"),
        ("Bürger:innen", "buerger-innen"),
        ("BürgerInnen", "buerger-innen"),
        ("Bürger/-innen", "buerger-innen"),
        ("Ausbildung für ElektronikerIn", "ausbildung-fuer-elektroniker-in"),
        ("Bürgerinnen und Bürger", "buergerinnen-und-buerger"),
        ("Innenstadt: LINIE 5", "innenstadt-linie-5"),
    ],
)
def test_inclusive_forms_keep_both_parts_in_the_slug(title, slug):
    assert slugify_de(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Norderstedter Unternehmen loten die Chancen und Herausforderungen der Smart City "
            "Norderstedt aus",
            "norderstedter-unternehmen-loten-die-chancen",
        ),
        (
            "Zukunftsbotschafter*innen gesucht: Expert*innen und Bürger*innen gestalten die "
            "Smart City Norderstedt",
            "zukunftsbotschafter-innen-gesucht-expert-innen",
        ),
        (
            "Stadtwerke, EGNO und Stadt laden Unternehmer:innen zur Zukunftswerkstatt ein",
            "stadtwerke-egno-und-stadt-laden-unternehmer-innen",
        ),
        ("Kurzer Titel", "kurzer-titel"),
    ],
)
def test_long_titles_give_slugs_of_at_most_60_characters_cut_between_words(title, slug):
    assert slugify_de(title) == slug
    assert len(slug) <= 60


def test_one_endless_word_is_cut_at_60():
    slug = slugify_de("Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellungsbetriebsrat")
    assert len(slug) == 60
    assert slug.startswith("donaudampfschifffahrts")


# --- A built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_scenario

    folder = tmp_path_factory.mktemp("inklusiv")
    return build_scenario("text-inklusive-formen", folder, settings="publishconf.py")


def test_body_keeps_every_star_and_still_emphasises(built):
    body = built.html(RELEASE).find(class_="press-release__body")
    text = body.get_text()
    assert "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen sind eingeladen" in text
    assert "Mitarbeiter_innen der Stadtwerke und Kolleg_innen der EGNO" in text
    assert "Unternehmer:innen, BürgerInnen und alle Teilnehmer*innen." in text
    assert [em.get_text() for em in body.find_all("em")] == ["wirklich"]
    assert [strong.get_text() for strong in body.find_all("strong")] == ["alle"]


def test_title_lead_and_tag_keep_their_stars(built):
    page = built.html(RELEASE)
    assert page.find("h1").get_text(strip=True) == (
        "Zukunftsbotschafter*innen und Expert_innen gesucht"
    )
    assert SUMMARY in page.find("main").get_text(" ", strip=True)
    assert "Bürger*innen" in [link.find(string=True) for link in page.select(".tag-list__link")]
    assert built.path("/themen/buerger-innen/").is_file()


def test_meta_tags_and_json_ld_keep_the_stars(built):
    page = built.html(RELEASE)
    assert page.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    assert page.find("meta", property="og:description")["content"] == SUMMARY
    assert page.find("meta", property="og:title")["content"].startswith(
        "Zukunftsbotschafter*innen und Expert_innen gesucht"
    )
    article = next(d for d in built.json_ld(RELEASE) if d.get("@type") == "NewsArticle")
    assert article["description"] == SUMMARY
    assert article["headline"] == "Zukunftsbotschafter*innen und Expert_innen gesucht"
    event = next(d for d in built.json_ld(EVENT) if d.get("@type") == "Event")
    assert event["name"] == "Werkstatt für Bürger*innen"
    assert event["description"] == "Bürger*innen und Expert*innen entwickeln gemeinsam Ideen."


def test_feeds_keep_the_stars(built):
    feed = feedparser.parse(built.path("/feeds/alle.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if "zukunftsbotschafter-innen" in e.link)
    assert entry.title == "Zukunftsbotschafter*innen und Expert_innen gesucht"
    content = " ".join(part.value for part in entry.content)
    assert "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen sind eingeladen" in content
    assert "<em>innen" not in content and "</em>innen" not in content
    assert "Bürger*innen" in [tag.term for tag in entry.tags]


def test_calendar_keeps_the_stars(built):
    calendar = icalendar.Calendar.from_ical(built.path(EVENT.rstrip("/") + ".ics").read_bytes())
    entry = next(iter(calendar.walk("VEVENT")))
    assert str(entry["SUMMARY"]) == "Werkstatt für Bürger*innen"
    assert "Bürger*innen, Zukunftsbotschafter*innen und Expert*innen" in str(entry["DESCRIPTION"])


def search_texts(build) -> dict[str, str]:
    """Each indexed page's text as Pagefind stored it: URL → content."""
    texts = {}
    for fragment in (build.output / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        texts[record["url"]] = record["content"]
    return texts


def test_search_index_keeps_the_stars(built):
    texts = search_texts(built)
    assert "Zukunftsbotschafter*innen, Expert*innen und Bürger*innen" in texts[RELEASE]
    assert "Mitarbeiter_innen" in texts[RELEASE]
    assert "Bürger*innen, Zukunftsbotschafter*innen und Expert*innen" in texts[EVENT]
