"""Embargo (Sperrfrist) and drafts: published nowhere before their time, shown in the preview.

The scenario ``redaktion-sperrfrist`` adds a press release embargoed until 1 December 2026,
10:00 (Berlin), a draft press release and a draft project page. The fixture's default build
time, 26 November 2026, lies before the embargo.
"""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from conftest import ROOT, Build, build_into, build_preview, lay_out_scenario, run_newsroom

SCENARIO = "redaktion-sperrfrist"
EMBARGOED = "/pressemitteilungen/2026/schnellladepark-am-rathaus/"
DRAFT = "/pressemitteilungen/2026/glasfaserausbau-nord/"
DRAFT_PAGE = "/projekte/sensorpark-projekt/"
SEED = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
# Words that occur only in the embargoed release (title, slug, topic) and only in the drafts.
EMBARGOED_WORDS = ("schnellladepark", "ladeinfrastruktur")
DRAFT_WORDS = ("glasfaserausbau", "glasfasernetz", "sensorpark")
# 2026-12-01 10:00 in Berlin (CET): the embargo's very moment.
EMBARGO_EPOCH = 1796115600


def readable(path: Path) -> bytes:
    """A file's bytes as text tools would see them: gzip (search index) and Brotli unpacked."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif path.suffix == ".br":
        data = brotli.decompress(data)
    return data.lower()


def files_mentioning(build: Build, words: tuple[str, ...]) -> dict[str, list[str]]:
    """Every output file (by name or content) that mentions one of ``words``, per word."""
    found: dict[str, list[str]] = {word: [] for word in words}
    for path in sorted(p for p in build.output.rglob("*") if p.is_file()):
        relative = str(path.relative_to(build.output))
        data = readable(path)
        for word in words:
            if word in relative.lower() or word.encode() in data:
                found[word].append(relative)
    return found


@pytest.fixture(scope="module")
def scenario_content(tmp_path_factory) -> Path:
    return lay_out_scenario(SCENARIO, tmp_path_factory.mktemp("sperrfrist") / "inhalt")


def production_build(content: Path, output: Path, epoch: int | None = None) -> Build:
    env = {"SOURCE_DATE_EPOCH": str(epoch)} if epoch else None
    return build_into(content, output, settings="publishconf.py", env=env)


@pytest.fixture(scope="module")
def before(scenario_content, tmp_path_factory) -> Build:
    build = production_build(scenario_content, tmp_path_factory.mktemp("vorher") / "output")
    assert build.ok, build.messages
    return build


@pytest.fixture(scope="module")
def at_embargo(scenario_content, tmp_path_factory) -> Build:
    output = tmp_path_factory.mktemp("nachher") / "output"
    build = production_build(scenario_content, output, EMBARGO_EPOCH)
    assert build.ok, build.messages
    return build


def test_embargoed_release_is_in_no_output_file_before_its_date(before):
    assert before.path(SEED).is_file()  # the build itself is complete
    assert files_mentioning(before, EMBARGOED_WORDS) == {word: [] for word in EMBARGOED_WORDS}


def test_drafts_are_in_no_output_file(before, at_embargo):
    for build in (before, at_embargo):
        assert files_mentioning(build, DRAFT_WORDS) == {word: [] for word in DRAFT_WORDS}


def test_search_index_and_feeds_exist_so_the_absence_means_something(before):
    files = before.files()
    assert any(name.startswith("pagefind/") for name in files)
    assert "feeds/alle.atom.xml" in files
    assert b"unternehmen-loten-chancen" in readable(before.output / "feeds/alle.atom.xml")


def test_embargoed_release_appears_at_its_moment(at_embargo):
    page = at_embargo.html(EMBARGOED)
    assert page.find("h1").get_text(strip=True) == "Neuer Schnellladepark am Rathaus"
    assert not page.select(".notice"), "a published release carries no preview notice"
    listing = at_embargo.html("/pressemitteilungen/").get_text(" ")
    assert "Neuer Schnellladepark am Rathaus" in listing
    assert at_embargo.path("/pressemitteilungen/2026/").is_file()
    assert at_embargo.path("/themen/ladeinfrastruktur/").is_file()
    assert (at_embargo.output / "bilder/2026/schnellladepark-rathaus.png").is_file()
    feed = readable(at_embargo.output / "feeds/alle.atom.xml")
    assert b"schnellladepark-am-rathaus" in feed
    found = files_mentioning(at_embargo, EMBARGOED_WORDS)
    assert any(name.startswith("pagefind/") for name in found["schnellladepark"])


def test_embargoed_release_links_back_to_published_ones(at_embargo):
    links = [a["href"] for a in at_embargo.html(EMBARGOED).select("main a[href]")]
    assert any(SEED in href for href in links)


# --- Preview -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def preview(scenario_content, tmp_path_factory) -> Build:
    return build_preview(scenario_content, tmp_path_factory.mktemp("vorschau") / "vorschau")


def notice_text(build: Build, url: str) -> str:
    notices = build.html(url).select("main .notice")
    assert len(notices) == 1, f"expected one notice on {url}"
    return notices[0].get_text(" ", strip=True)


def test_preview_shows_embargoed_release_with_its_embargo(preview):
    assert "Sperrfrist bis 1. Dezember 2026, 10:00 Uhr" in notice_text(preview, EMBARGOED)
    listing = preview.html("/pressemitteilungen/").get_text(" ")
    assert "Neuer Schnellladepark am Rathaus" in listing


def test_preview_shows_drafts_marked_as_drafts(preview):
    assert notice_text(preview, DRAFT).startswith("Entwurf")
    assert notice_text(preview, DRAFT_PAGE).startswith("Entwurf")
    assert preview.html(DRAFT).find("h1").get_text(strip=True) == "Glasfaserausbau Nord beginnt"


def test_preview_marks_only_what_is_withheld(preview):
    assert not preview.html(SEED).select("main .notice")


def test_preview_is_refused_with_production_settings(scenario_content, tmp_path):
    output = tmp_path / "vorschau"
    done = run_newsroom(
        "build",
        "--preview",
        "--settings",
        str(ROOT / "publishconf.py"),
        "--content",
        str(scenario_content),
        "--output",
        str(output),
    )
    assert done.returncode != 0
    assert "publishconf.py" in done.stderr
    assert "Vorschau" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not output.exists()


# --- Live preview (make preview / make devserver) ------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, what: str, limit: float = 180.0):
    """Poll until ``condition()`` gives a true value (the server builds in the background)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def live_preview(tmp_path):
    content = lay_out_scenario(SCENARIO, tmp_path / "inhalt")
    port = free_port()
    log = (tmp_path / "devserver.log").open("w")
    command = [sys.executable, "-m", "newsroom", "devserver", "--preview", "--port", str(port)]
    command += ["--content", str(content), "--output", str(tmp_path / "vorschau")]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=run_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}", content
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def run_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("DEBUG", None)
    environment["SOURCE_DATE_EPOCH"] = "1795694400"
    return environment


def test_live_preview_serves_locally_and_rebuilds_on_save(live_preview):
    base, content = live_preview
    page = wait_for(lambda: fetch(base + EMBARGOED), "the first build")
    assert "Sperrfrist bis 1. Dezember 2026" in page
    # The live-reload script comes from this server as a file: no other host, no inline code.
    assert '<script src="/livereload.js?port=' in page
    script = fetch(base + "/livereload.js")
    assert script is not None
    assert "LiveReload" in script
    source = content / "pressemitteilungen/2026/2026-12-01-schnellladepark-am-rathaus.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "Title: Neuer Schnellladepark am Rathaus", "Title: Schnellladepark eröffnet"
        ),
        encoding="utf-8",
    )
    changed = wait_for(
        lambda: (fetch(base + EMBARGOED) or "").count("Schnellladepark eröffnet"),
        "the rebuild after saving",
    )
    assert changed


def test_devserver_stays_on_this_computer(tmp_path):
    done = run_newsroom("devserver", "--host", "0.0.0.0", "--port", str(free_port()))
    assert done.returncode != 0
    assert "127.0.0.1" in done.stderr
    assert "Traceback" not in done.stderr


# A published release of the draft's very date, whose file name sorts after the draft's.
SAME_DAY_RELEASE = """Title: Glasfasernetz Süd fertig
Date: 2026-11-20
Slug: glasfasernetz-sued-fertig
Location: Norderstedt
Summary: Im Süden der Stadt ist das Glasfasernetz für 1.500 Haushalte fertig.
Tags: Glasfasernetz

Das Glasfasernetz im Süden ist fertig.
"""


def test_preview_orders_a_draft_like_any_release_of_its_day(tmp_path):
    """Releases of one day follow their file names, drafts among them: the preview merges the
    drafts into the list before the stable order sorts it (editorial before the core)."""
    content = lay_out_scenario(SCENARIO, tmp_path / "inhalt")
    folder = content / "pressemitteilungen" / "2026"
    (folder / "2026-11-20-zz-glasfasernetz-sued.md").write_text(SAME_DAY_RELEASE, "utf-8")
    build = build_preview(content, tmp_path / "vorschau")
    titles = [
        heading.get_text(" ", strip=True)
        for heading in build.html("/pressemitteilungen/").select("main h2, main h3")
    ]
    same_day = [title for title in titles if title.startswith("Glasfas")]
    assert same_day == ["Glasfaserausbau Nord beginnt", "Glasfasernetz Süd fertig"], titles
