"""The first hour of a new user: `make serve` and `make devserver` answer an unknown address
with the site's own 404 page and the status 404, every line they print is German, and
`make help` shows real values."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

NOT_FOUND_TITLE = "Seite nicht gefunden – NorderstedtGO! Newsroom"
# A line with any of these words is Pelican's, livereload's or Tornado's own, in English.
ENGLISH = re.compile(r"\b(Done|Processed|Serving|Tap|CTRL-C|Shutting|Detected|Error response)\b")


def direct_opener() -> urllib.request.OpenerDirector:
    """HTTP to 127.0.0.1 without any proxy of the environment."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str]:
    try:
        with direct_opener().open(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(process: subprocess.Popen, pattern: str, seen: list[str]) -> re.Match[str]:
    """Read the server's output until a line matches; every line read is kept in ``seen``."""
    for line in process.stdout:
        seen.append(line.rstrip("\n"))
        match = re.search(pattern, line)
        if match:
            return match
    pytest.fail("Der Server endete ohne Startmeldung:\n" + "\n".join(seen))


@contextlib.contextmanager
def running(command: list[str], pattern: str, env: dict[str, str]) -> Iterator[tuple[str, list]]:
    """Start a server command, yield its base URL and its output lines, stop it with Ctrl+C."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen: list[str] = []
    try:
        match = wait_for_line(process, pattern, seen)
        yield match["url"].rstrip("/"), seen
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            rest, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            rest, _ = process.communicate()
        seen.extend(rest.splitlines())


@pytest.fixture(scope="module")
def make_serve(tmp_path_factory):
    """`make serve` as a user starts it, on a free port, building into a temporary folder."""
    output = tmp_path_factory.mktemp("serve") / "output"
    # -o: the shared .venv counts as set up (its requirements.txt may be older than ours).
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]
    command += [f"OUTPUT={output}", "PORT=0"]
    env: dict[str, str] = {}
    with running(command, r"Website unter (?P<url>http://\S+) – beenden mit Strg\+C", env) as (
        base,
        seen,
    ):
        yield base, seen
    # After Ctrl+C: every line the user saw, from the build to the end, is German.
    english = [line for line in seen if ENGLISH.search(line)]
    assert not english, "\n".join(seen)
    assert "Server beendet." in seen


def test_serve_answers_an_unknown_address_with_the_sites_404_page(make_serve):
    base, _ = make_serve
    status, body = fetch(base + "/gibt-es-nicht/")
    assert status == 404
    page = BeautifulSoup(body, "lxml")
    assert page.title.get_text() == NOT_FOUND_TITLE
    assert page.find("h1").get_text(strip=True) == "Seite nicht gefunden"
    assert fetch(base + "/theme/")[0] == 404  # a folder without a page is not listed
    assert fetch(base + "/")[0] == 200
    assert fetch(base + "/impressum/")[0] == 200


def test_serve_says_in_german_what_it_did(make_serve):
    base, seen = make_serve
    fetch(base + "/noch-eine-falsche-adresse/")
    assert any(
        re.fullmatch(r"Fertig: \d+ Pressemitteilung(?:en)? und \d+ Seiten? in .*", line)
        for line in seen
    ), seen
    assert any(line.startswith("Website gebaut: ") for line in seen), seen


@pytest.mark.browser
def test_the_browser_shows_the_404_page(browser, make_serve):
    base, _ = make_serve
    page = browser.new_page()
    try:
        response = page.goto(base + "/pressemitteilungen/2099/gibt-es-nicht/")
        assert response.status == 404
        assert page.title() == NOT_FOUND_TITLE
        assert page.locator("h1").inner_text().strip() == "Seite nicht gefunden"
        # The page's own stylesheet loads from any depth: it is styled, not bare.
        assert page.locator("link[rel=stylesheet]").count() >= 1
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert font and "Times" not in font
    finally:
        page.close()


def test_devserver_answers_an_unknown_address_with_the_sites_404_page(tmp_path):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "newsroom",
        "devserver",
        "--settings",
        "pelicanconf.py",
        "--output",
        str(tmp_path / "output"),
        "--port",
        str(port),
    ]
    env: dict[str, str] = {}
    pattern = r"Website unter (?P<url>http://\S+) – Änderungen werden sofort neu gebaut"
    with running(command, pattern, env) as (base, seen):
        for _ in range(100):  # the server starts listening right after its line
            with contextlib.suppress(OSError):
                status, body = fetch(base + "/gibt-es-nicht/")
                break
            time.sleep(0.2)
        assert status == 404
        assert BeautifulSoup(body, "lxml").title.get_text() == NOT_FOUND_TITLE
    english = [line for line in seen if ENGLISH.search(line)]
    assert not english, "\n".join(seen)
    assert "Server beendet." in seen


def test_make_help_shows_values_not_variables():
    done = subprocess.run(
        ["make", "--no-print-directory", "help", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "$(" not in done.stdout
    assert "PORT=8123" in done.stdout
    assert re.search(r"^  serve\s+bauen und unter http://127\.0\.0\.1:PORT/", done.stdout, re.M)


def test_the_first_setup_says_what_it_installs_and_that_it_happens_once(tmp_path):
    done = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", "setup", f"VENV={tmp_path / 'neu'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    first_command = next(i for i, line in enumerate(lines) if "-m venv" in line)
    said = " ".join(lines[:first_command])
    assert "Einmalige Einrichtung" in said
    assert "requirements.txt" in said and "nur beim ersten Mal" in said
    assert "Einrichtung fertig." in lines[-1]


def test_without_chromium_the_run_ends_with_one_line_on_what_to_install():
    """`make test` on a machine without chromium: the browser tests are skipped, and the last
    line says how many and how to install what they need."""
    env = {**os.environ, "NEWSROOM_CHROMIUM": "/nicht/vorhanden/chromium"}
    env.pop("NEWSROOM_REQUIRE_BROWSER", None)
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            "tests/test_local_server.py::test_the_browser_shows_the_404_page",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if "Browser-Test" in line]
    assert done.stdout.splitlines()[-1] == lines[-1]  # the very last line of the run
    assert lines == [
        "1 Browser-Test wurde übersprungen, weil Werkzeuge fehlen. "
        "Installieren mit: sudo apt-get install chromium"
    ], done.stdout
