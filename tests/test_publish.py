"""Publishing: reproducible production builds, atomic output, hashed assets, precompressed
copies and ``make deploy``."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "content"
PRODUCTION = "publishconf.py"
HASHED = re.compile(r"\.[0-9a-f]{10}\.(?:css|js|mjs|woff2?|ttf|otf)$")


def digests(root: Path) -> dict[str, str]:
    """Every file below ``root`` with the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def copy_in_order(layers: list[Path], target: Path, newest_first: bool) -> Path:
    """The content of ``layers`` (later ones win) created file by file in one of two orders.

    Directory listings follow creation order on many file systems, so the two copies are read
    back in different orders.
    """
    files: dict[Path, Path] = {}
    for layer in layers:
        for path in layer.rglob("*"):
            if path.is_file():
                files[path.relative_to(layer)] = path
    for relative in sorted(files, reverse=newest_first):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files[relative], target / relative)
    return target


def test_two_production_builds_are_byte_identical(build_site, tmp_path):
    # A press photo (resized by the images step) where that scenario exists, and two more
    # releases of the seed's date.
    layers = [SCENARIOS / "basis", SCENARIOS / "leser-foto", SCENARIOS / "publish-gleiches-datum"]
    layers = [layer for layer in layers if layer.is_dir()]
    forward = copy_in_order(layers, tmp_path / "vorwaerts", newest_first=False)
    backward = copy_in_order(layers, tmp_path / "rueckwaerts", newest_first=True)
    american = build_site(
        content=forward,
        settings=PRODUCTION,
        env={"LANG": "C", "LC_ALL": "C", "TZ": "America/New_York", "PYTHONHASHSEED": "1"},
    )
    german = build_site(
        content=backward,
        settings=PRODUCTION,
        env={
            "LANG": "de_DE.UTF-8",
            "LC_ALL": "de_DE.UTF-8",
            "TZ": "Pacific/Kiritimati",  # UTC+14: already the next day
            "PYTHONHASHSEED": "4242",
        },
    )
    assert american.ok, american.messages
    assert german.ok, german.messages
    first, second = digests(american.output), digests(german.output)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # The comparison covered the whole production site: pages, feeds, compressed copies.
    assert len(first) > 40
    assert any(name.endswith(".atom.xml") for name in first)
    assert any(name.endswith(".html.br") for name in first)
    assert any(HASHED.search(name) for name in first)
    # Three releases of one date, all listed, in the same order in both builds.
    listing = american.html("/pressemitteilungen/2022/")
    titles = [a.get_text(" ", strip=True) for a in listing.select("main a[href*='/2022/']")]
    assert {"Zukunftsbotschafter gesucht", "Breitband für alle Ortsteile"} <= set(titles)


# --- A failed build leaves the previous output as it was --------------------------------------


def settings_file(tmp_path: Path, lines: str) -> Path:
    """A settings file over the development settings, for one test."""
    path = tmp_path / "testconf.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n{lines}\n",
        encoding="utf-8",
    )
    return path


def broken_theme(tmp_path: Path, mistake: str) -> Path:
    """A copy of the theme whose article template has a mistake."""
    theme = tmp_path / "theme-kaputt"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    if mistake == "syntax":
        text += "\n{% if %}\n"
    else:
        text = text.replace(
            "{% block content %}", "{% block content %}{{ article.date.gibtsnicht() }}", 1
        )
    article.write_text(text, encoding="utf-8")
    return theme


@pytest.fixture
def published(build_site, tmp_path):
    """A good build in ``tmp_path/ausgabe``, and the digests of every file in it."""
    output = tmp_path / "ausgabe"
    good = build_site(output=output)
    assert good.ok, good.messages
    return output, digests(output)


@pytest.mark.parametrize(
    ("way", "expected"),
    [
        ("content", "2022-02-01-falsches-datum.md"),
        ("template-syntax", "article.html:"),
        ("template-runtime", "article.html:"),
    ],
)
def test_a_failed_build_leaves_the_previous_output(build_site, tmp_path, published, way, expected):
    output, before = published
    if way == "content":
        failed = build_site("publish-inhaltsfehler", output=output)
    else:
        theme = broken_theme(tmp_path, way.split("-")[1])
        settings = settings_file(tmp_path, f"THEME = {str(theme)!r}")
        failed = build_site(settings=str(settings), output=output)
    assert failed.returncode == 1, failed.messages
    assert expected in failed.stderr
    assert "bisherige Ausgabe bleibt" in failed.stderr
    assert "Traceback" not in failed.messages
    assert digests(output) == before
    assert list(output.parent.glob(f".{output.name}-neu-*")) == []


STALL_PLUGIN = '''
"""Stops a build after every page is written, before it is swapped in, for a test."""
import time
from pathlib import Path

from pelican import signals


def stall(pelican):
    Path(pelican.settings["STALL_MARKER"]).write_text(pelican.settings["OUTPUT_PATH"])
    time.sleep(600)


def register():
    signals.finalized.connect(stall)
'''


def test_a_build_killed_midway_leaves_the_previous_output(build_site, tmp_path, published):
    output, before = published
    plugins = tmp_path / "testplugins"
    plugins.mkdir()
    (plugins / "anhalten.py").write_text(STALL_PLUGIN, encoding="utf-8")
    marker = tmp_path / "angehalten"
    settings = settings_file(
        tmp_path,
        f"PLUGIN_PATHS = [{str(plugins)!r}]\n"
        f"PLUGINS = [*PLUGINS, 'anhalten']\nSTALL_MARKER = {str(marker)!r}",
    )
    content = tmp_path / "inhalt-abbruch"
    shutil.copytree(SCENARIOS / "basis", content)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795694400"}
    command = [sys.executable, "-m", "newsroom", "build", "--settings", str(settings)]
    command += ["--content", str(content), "--output", str(output)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=60)
        staging = Path(marker.read_text())
        # The new site is fully written, just not in place: now the process dies.
        assert (staging / "index.html").is_file()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert digests(output) == before
    # The next build cleans up what the killed one left, and goes through.
    assert staging.is_dir()
    again = build_site(output=output)
    assert again.ok, again.messages
    assert not staging.exists()
    assert list(output.parent.glob(f".{output.name}-neu-*")) == []


def test_output_is_readable_by_a_web_server(published):
    output, _ = published
    mode = stat.S_IMODE(output.stat().st_mode)
    assert mode & 0o055 == 0o055, oct(mode)  # group and others may read and enter


def test_build_swaps_the_whole_folder(build_site, published):
    """A second good build replaces every file: nothing of the old output stays behind."""
    output, _ = published
    (output / "veraltet.html").write_text("alt", encoding="utf-8")
    again = build_site(output=output)
    assert again.ok, again.messages
    assert not (output / "veraltet.html").exists()
    assert (output / "index.html").is_file()


# --- Hashed asset names and precompressed copies ----------------------------------------------


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The basis content with the production settings, built once for this module."""
    from conftest import DEFAULT_EPOCH, run_newsroom

    output = tmp_path_factory.mktemp("produktion") / "output"
    done = run_newsroom(
        "build",
        "--settings",
        PRODUCTION,
        "--content",
        str(SCENARIOS / "basis"),
        "--output",
        str(output),
        env={"SOURCE_DATE_EPOCH": str(DEFAULT_EPOCH)},
    )
    assert done.returncode == 0, done.stderr
    return output


def test_theme_assets_carry_their_content_hash(production):
    assets = [
        p
        for p in (production / "theme").rglob("*")
        if p.is_file() and p.suffix in {".css", ".js", ".mjs", ".woff2", ".woff", ".ttf", ".otf"}
    ]
    assert assets
    for path in assets:
        match = HASHED.search(path.name)
        assert match, f"{path} has no content hash in its name"
        digest = path.name.split(".")[-2]
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest)


def test_pages_and_stylesheets_point_at_the_hashed_names(production):
    page = BeautifulSoup((production / "index.html").read_text(encoding="utf-8"), "lxml")
    stylesheets = [link["href"] for link in page.select("link[rel~=stylesheet]")]
    assert stylesheets
    for href in stylesheets:
        assert HASHED.search(href), href
        relative = href.split("://", 1)[-1].split("/", 1)[1]
        assert (production / relative).is_file(), href
    for css in (production / "theme").rglob("*.css"):
        for reference in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if reference.startswith(("data:", "#", "http")):
                continue
            target = (css.parent / reference.split("?")[0].split("#")[0]).resolve()
            assert target.is_file(), f"{css.name}: {reference}"


def test_text_files_have_deterministic_gzip_and_brotli_copies(production):
    compressed = sorted(production.rglob("*.gz"))
    assert any(p.name == "index.html.gz" for p in compressed)
    assert any(p.name.endswith(".css.gz") for p in compressed)
    for packed in compressed:
        original = packed.with_name(packed.name[: -len(".gz")])
        data = original.read_bytes()
        assert gzip.decompress(packed.read_bytes()) == data
        header = packed.read_bytes()[:10]
        assert header[4:8] == b"\0\0\0\0", f"{packed}: time stamp in the gzip header"
        assert header[3] & 0x08 == 0, f"{packed}: file name in the gzip header"
        brotli_copy = original.with_name(original.name + ".br")
        assert brotli.decompress(brotli_copy.read_bytes()) == data
    # Binary files (fonts) are not compressed again.
    assert not list(production.rglob("*.woff2.gz"))


def test_development_build_keeps_plain_names(site):
    assert (site.output / "theme" / "css").is_dir()
    assert not list(site.output.rglob("*.gz"))
    assert not [p for p in site.output.rglob("*") if HASHED.search(p.name)]


# --- make deploy --------------------------------------------------------------------------------


def deploy(output: Path, target: str, rsync: str = "rsync") -> subprocess.CompletedProcess:
    from conftest import run_newsroom

    return run_newsroom("deploy", "--output", str(output), "--target", target, "--rsync", rsync)


def prepared_target(tmp_path: Path, production: Path) -> Path:
    """A target holding an older site: one stale file, one changed file, the rest equal."""
    target = tmp_path / "www"
    shutil.copytree(production, target)
    (target / "pressemitteilungen" / "alt").mkdir()
    (target / "pressemitteilungen" / "alt" / "index.html").write_text("alt", encoding="utf-8")
    (target / "index.html").write_text("die alte Startseite", encoding="utf-8")
    return target


@pytest.mark.parametrize("rsync", ["rsync", "kein-rsync-vorhanden"])
def test_deploy_to_a_local_folder(tmp_path, production, rsync):
    if rsync == "rsync" and shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (the Python copy is tested instead)")
    target = prepared_target(tmp_path, production)
    done = deploy(production, str(target), rsync)
    assert done.returncode == 0, done.stderr
    assert digests(target) == digests(production)
    assert not (target / "pressemitteilungen" / "alt").exists()
    assert "ohne rsync" in done.stdout if rsync != "rsync" else "(rsync)" in done.stdout


def test_deploy_refuses_without_target_or_build(tmp_path, production):
    no_target = deploy(production, "")
    assert no_target.returncode == 1
    assert "DEPLOY_TARGET" in no_target.stderr
    empty = tmp_path / "leer"
    empty.mkdir()
    no_build = deploy(empty, str(tmp_path / "www"))
    assert no_build.returncode == 1
    assert "make publish" in no_build.stderr
    assert not (tmp_path / "www").exists()


def test_rsync_copies_first_and_deletes_second():
    from newsroom.tools.deploy import is_remote, rsync_passes

    first, second = rsync_passes("rsync", Path("/srv/output"), "user@host:/srv/www")
    assert "--delay-updates" in first and "--delete" not in first
    assert "--delete" in second
    assert first[-2:] == ["/srv/output/", "user@host:/srv/www/"]
    assert "--checksum" in first  # every build writes every file anew: compare content
    assert is_remote("user@host:/srv/www") and is_remote("rsync://host/www")
    assert not is_remote("/srv/www") and not is_remote("relative/dir:with-colon")


def test_recover_puts_back_an_output_a_killed_swap_left_aside(tmp_path):
    """Killed between the two renames of a swap: the next build restores the old output."""
    from newsroom.tools.build import recover

    output = tmp_path / "ausgabe"
    retired = tmp_path / ".ausgabe-alt-4711"
    retired.mkdir()
    (retired / "index.html").write_text("bisher", encoding="utf-8")
    half_built = tmp_path / ".ausgabe-neu-abc123"
    half_built.mkdir()
    recover(output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bisher"
    assert not retired.exists() and not half_built.exists()


def test_swap_in_replaces_the_output_in_one_step(tmp_path):
    from newsroom.tools.build import swap_in

    output, staging = tmp_path / "ausgabe", tmp_path / ".ausgabe-neu-1"
    for folder, text in ((output, "alt"), (staging, "neu")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    swap_in(staging, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "neu"
    # Either the old output now sits in the staging folder (exchanged), or it is gone.
    leftovers = [p for p in tmp_path.iterdir() if p != output]
    assert all((p / "index.html").read_text(encoding="utf-8") == "alt" for p in leftovers)


def test_a_feed_without_entries_is_dated_by_the_build_not_the_clock(build_site):
    """With nothing published yet, the feeds carry SOURCE_DATE_EPOCH, not the current time."""
    import xml.etree.ElementTree as ElementTree

    build = build_site("publish-ohne-meldungen", settings=PRODUCTION)
    assert build.ok, build.messages
    atom = ElementTree.parse(build.path("/feeds/alle.atom.xml")).getroot()
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    assert atom.findall("atom:entry", namespace) == []
    assert atom.findtext("atom:updated", namespaces=namespace) == "2026-11-26T12:00:00+00:00"
    rss = ElementTree.parse(build.path("/feeds/alle.rss.xml")).getroot()
    assert rss.findtext("channel/lastBuildDate") == "Thu, 26 Nov 2026 12:00:00 +0000"
