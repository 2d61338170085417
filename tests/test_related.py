"""Related press releases: up to three at the end of each release — the same event first, then
the most shared topics, then the newest —, the same in every build, never a draft or an
embargoed release (not even in the preview, which shows those)."""

from __future__ import annotations

import pytest
from conftest import ROOT, Build, lay_out_scenario, run_newsroom

RELEASES = "/pressemitteilungen/2022/"
SEED = "unternehmen-loten-chancen-der-smart-city-aus"


def related(build: Build, slug: str) -> list[str]:
    section = build.html(f"{RELEASES}{slug}/").find("section", class_="related")
    if section is None:
        return []
    return [
        link["href"].removeprefix(RELEASES).strip("/")
        for link in section.find_all("a", class_="related__link")
    ]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    folder = tmp_path_factory.mktemp("verwandte")
    content = lay_out_scenario("verwandte", folder / "inhalt")
    found = {}
    for name, extra in (("site", []), ("preview", ["--preview"])):
        output = folder / name
        done = run_newsroom(
            "build", *extra, "--settings", str(ROOT / "pelicanconf.py"),
            "--content", str(content), "--output", str(output),
        )  # fmt: skip
        found[name] = Build(done.returncode, done.stdout, done.stderr, output, content)
        assert found[name].ok, found[name].messages
    return found


def test_same_event_first_then_most_topics_then_newest(builds):
    assert related(builds["site"], SEED) == ["nachlese", "drei-themen", "ein-thema-neu"]


def test_equal_topics_newest_first(builds):
    assert related(builds["site"], "ein-thema-alt") == ["ein-thema-neu", "drei-themen", SEED]


def test_shared_event_alone_is_enough(builds):
    assert related(builds["site"], "nachlese") == [SEED]


def test_nothing_shared_no_section(builds):
    page = builds["site"].html(f"{RELEASES}nichts-gemeinsam/")
    assert page.find("section", class_="related") is None
    assert page.find(id="weitere-meldungen") is None


def test_never_a_draft_or_embargoed_release(builds):
    preview = builds["preview"]
    # the preview shows both withheld releases …
    assert preview.path(f"{RELEASES}entwurf-konferenz/").exists()
    assert preview.path("/pressemitteilungen/2026/gesperrt-konferenz/").exists()
    # … and still suggests neither, though they share the event and every topic
    for build in builds.values():
        for slug in (SEED, "nachlese", "drei-themen", "ein-thema-alt", "ein-thema-neu"):
            assert not {"entwurf-konferenz", "gesperrt-konferenz"} & {
                href.rsplit("/", 1)[-1] for href in related(build, slug)
            }, slug
    assert related(preview, SEED) == related(builds["site"], SEED)


def test_list_shows_title_as_text_and_date(builds):
    section = builds["site"].html(f"{RELEASES}{SEED}/").find("section", class_="related")
    assert section.find("h2").get_text() == "Weitere Pressemitteilungen zum Thema"
    first = section.find("li")
    assert first.find("a").get_text() == "Nachlese zur Konferenz für Bürger*innen"
    assert first.find("a").find_all(True) == []  # the inclusive form stays text
    assert first.find("time")["datetime"] == "2022-02-01T10:00:00+01:00"
    assert first.find("time").get_text() == "1. Februar 2022"
    # after the text and the contacts, as the last block of the release
    blocks = [s.get("aria-labelledby") for s in section.find_parent("article").find_all("section")]
    assert blocks[-1] == "weitere-meldungen"


def test_index_ranks_like_comparing_every_pair():
    """The index by event and topic gives the same three as comparing each release with every
    other one: same order, ties of date decided by the slug, equal slugs by the list's order."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from newsroom.related.model import event_slugs, related_to, topic_slugs

    rng = random.Random(7)
    topics = ["smart-city", "mobilitaet", "energie", "wasser", "glasfaser"]
    start = dt.datetime(2024, 3, 31, 1, 0, tzinfo=dt.UTC)
    events = ["lauf", "fest", "messe"]
    releases = [
        SimpleNamespace(
            source_path=f"pm-{number}.md",
            slug=f"pm-{number % 40}",  # repeated slugs: the list's order decides
            date=start + dt.timedelta(hours=rng.choice([0, 1, 2, 3])),  # many equal minutes
            metadata={"events": ", ".join(rng.sample(events, rng.randint(0, 2)))},
            tags=[SimpleNamespace(slug=t) for t in rng.sample(topics, rng.randint(0, 3))],
        )
        for number in range(120)
    ]

    def every_pair(article):
        ranked = []
        for other in releases:
            if other is article:
                continue
            events = len(event_slugs(article) & event_slugs(other))
            shared = len(topic_slugs(article) & topic_slugs(other))
            if events or shared:
                ranked.append(((-events, -shared, -other.date.timestamp(), other.slug), other))
        return tuple(o for _, o in sorted(ranked, key=lambda pair: pair[0])[:3])

    compared = 0
    for article in releases:
        expected = every_pair(article)
        assert related_to(article, releases, 3) == expected
        compared += bool(expected)
    assert compared > 100  # most releases have related ones: the comparison is not empty
