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


@pytest.mark.parametrize(
    ("topic_counts", "count"),
    [
        ((0, 1, 2, 3), 3),
        # more topics than are combined (MAX_TOPICS_COMBINED): counted instead
        ((0, 2, 4, 6, 7, 9), 3),
        ((1, 4), 1),
        ((2, 3, 5), 6),
    ],
)
def test_the_index_ranks_as_comparing_every_pair(topic_counts, count):
    """The index made once per build gives what the definition gives: every other published
    release that shares an event or a topic, by shared events, shared topics, newest, slug,
    then the order of the releases."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from newsroom.related.model import RelatedIndex, event_slugs, topic_slugs

    def by_definition(article, candidates, count):
        ranked = []
        for other in candidates:
            if other is article or other.source_path == article.source_path:
                continue
            events = len(event_slugs(article) & event_slugs(other))
            topics = len(topic_slugs(article) & topic_slugs(other))
            if events or topics:
                ranked.append(((-events, -topics, -other.date.timestamp(), other.slug), other))
        return tuple(other for _, other in sorted(ranked, key=lambda pair: pair[0])[:count])

    rng = random.Random(2022)
    topics = [SimpleNamespace(slug=f"thema-{number}") for number in range(12)]
    releases = [
        SimpleNamespace(
            metadata={"events": rng.choice(["", "a", "a, b", ["c", "a"], f"v{number // 8}"])},
            tags=rng.sample(topics, rng.choice(topic_counts)),
            # same paths, minutes and slugs now and then: the ties must fall as defined
            source_path=f"pm-{number % 190}.md",
            date=dt.datetime(2022, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=rng.randrange(40)),
            slug=f"slug-{rng.randrange(25)}",
        )
        for number in range(200)
    ]
    candidates = [release for release in releases if rng.random() < 0.9]
    index = RelatedIndex(candidates)
    found = [index.related_to(release, count) for release in releases]
    assert found == [by_definition(release, candidates, count) for release in releases]
    assert sum(len(related) == count for related in found) > 150
