"""Builds real sites from scenario folders into temporary folders.

A scenario is a folder in ``tests/content/``. Its files are laid over a copy of
``tests/content/basis/`` (the seed press release, its event, the contact registry, the project
pages), so each scenario holds only what it changes. A file named ``NAME.entfernen`` removes
``NAME`` from the copy.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "content"
BASIS = SCENARIOS / "basis"
# 2026-11-26 12:00 UTC: a fixed build time, after the seed's conference.
DEFAULT_EPOCH = 1795694400
# Browser tests drive Debian's chromium; these arguments keep it from calling any other host.
CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Build:
    """A finished (or failed) build: exit status, messages and the output folder."""

    returncode: int
    stdout: str
    stderr: str
    output: Path
    content: Path
    _parsed: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def messages(self) -> str:
        return self.stdout + self.stderr

    def path(self, url: str) -> Path:
        """The file behind a site URL: ``/projekte/`` → ``projekte/index.html``."""
        relative = url.lstrip("/")
        target = self.output / relative
        if relative == "" or relative.endswith("/"):
            target = target / "index.html"
        return target

    def text(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def html(self, url: str) -> BeautifulSoup:
        if url not in self._parsed:
            self._parsed[url] = BeautifulSoup(self.text(url), "lxml")
        return self._parsed[url]

    def json_ld(self, url: str) -> list[dict]:
        return [
            json.loads(script.string)
            for script in self.html(url).find_all("script", type="application/ld+json")
        ]

    def files(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()
        )

    def html_pages(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]


def lay_out_scenario(scenario: str | None, target: Path, scenarios: Path = SCENARIOS) -> Path:
    """Copy the basis and lay a scenario over it; return the content folder.

    ``scenarios`` is the folder of scenarios (another checkout's, to compare builds).
    """
    shutil.copytree(scenarios / "basis", target)
    if scenario is None:
        return target
    source = scenarios / scenario
    assert source.is_dir(), f"no scenario folder {source}"
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir():
            continue
        if path.suffix == ".entfernen":
            doomed = target / relative.with_suffix("")
            if doomed.is_dir():
                shutil.rmtree(doomed)
            else:
                doomed.unlink()
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)
    return target


def run_newsroom(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(DEFAULT_EPOCH),
        "PYTHONWARNINGS": "error::DeprecationWarning:newsroom",
    }
    environment.pop("DEBUG", None)
    # A CI that publishes the CMS (CMS_BACKEND …) must not change what the tests build.
    for name in [name for name in environment if name.startswith("CMS_")]:
        environment.pop(name)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_into(
    content: Path,
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    preview: bool = False,
) -> Build:
    """Build ``content`` into ``output``; the :class:`Build` says whether it succeeded.
    ``preview``: the editors' preview (drafts and embargoed releases shown, marked)."""
    done = run_newsroom(
        "build",
        *(["--preview"] if preview else []),
        "--settings",
        str(ROOT / settings),
        "--content",
        str(content),
        "--output",
        str(output),
        env=env,
    )
    return Build(done.returncode, done.stdout, done.stderr, output, content)


def build_scenario(scenario: str, folder: Path, *, settings: str = "pelicanconf.py") -> Build:
    """``scenario`` laid out in ``folder/content`` and built into ``folder/output``: must build."""
    content = lay_out_scenario(scenario, folder / "content")
    build = build_into(content, folder / "output", settings=settings)
    assert build.ok, build.stderr
    return build


def build_preview(content: Path, output: Path) -> Build:
    """``content`` built as the editors' preview into ``output``: must build."""
    build = build_into(content, output, preview=True)
    assert build.ok, build.messages
    return build


def production_content(folder: Path, root: Path = ROOT) -> Path:
    """A copy of the real content (content/) in ``folder/content``, ready for production.

    Production refuses to build while the operator data of the Impressum is incomplete; the
    real file leaves unknown entries empty, so the basis's filled-in test data stands in.
    ``root`` is the project folder to take both from (another checkout's, to compare builds).
    """
    content = folder / "content"
    shutil.copytree(root / "content", content)
    operator = root / "tests" / "content" / "basis" / "daten" / "betreiber.yaml"
    shutil.copyfile(operator, content / "daten" / "betreiber.yaml")
    return content


@pytest.fixture
def build_site(tmp_path):
    """``build_site("scenario", settings="publishconf.py", env={...})`` → :class:`Build`.

    ``scenario=None`` builds the basis alone; ``content=Path`` builds another folder as it is.
    """
    counter = iter(range(1_000_000))

    def build(
        scenario: str | None = None,
        *,
        settings: str = "pelicanconf.py",
        env: dict[str, str] | None = None,
        content: Path | None = None,
        output: Path | None = None,
    ) -> Build:
        number = next(counter)
        if content is None:
            content = lay_out_scenario(scenario, tmp_path / f"inhalt-{number}")
        output = output or tmp_path / f"ausgabe-{number}"
        return build_into(content, output, settings=settings, env=env)

    return build


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site (content/), built once for every test that only reads it."""
    build = build_into(ROOT / "content", tmp_path_factory.mktemp("site") / "output")
    assert build.ok, build.stderr
    return build


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Build:
    """The real site with the production settings (publishconf.py)."""
    folder = tmp_path_factory.mktemp("production")
    build = build_into(production_content(folder), folder / "output", settings="publishconf.py")
    assert build.ok, build.stderr
    return build


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site without logging every request into the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL, no slash at the end."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def served_production_site(tmp_path_factory):
    """The real site with the production settings, built for and served at a local address.

    ``SITEURL`` is that address, so every absolute link of the production build stays on this
    machine: for the link checker and the browser. Yields ``(Build, base_url)``.
    """
    folder = tmp_path_factory.mktemp("served")
    content = production_content(folder)
    output = folder / "output"
    with serve(output) as base_url:
        build = build_into(content, output, settings="publishconf.py", env={"SITEURL": base_url})
        assert build.ok, build.stderr
        yield build, base_url


# What each tool a browser test may miss is installed with (the text require_tool skips with).
TOOL_INSTALLS = {
    "chromium": "sudo apt-get install chromium",
    "java": "sudo apt-get install default-jre-headless",
    "npm ci": "make test-tools",
}


def pytest_unconfigure(config) -> None:
    """The run's last line, in German, when browser tests were skipped: how many, and the
    command that installs what they miss (after pytest's own summary, so it is seen)."""
    terminalreporter = config.pluginmanager.get_plugin("terminalreporter")
    if terminalreporter is None:
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in getattr(report, "keywords", {})
        or any(tool in str(report.longrepr) for tool in TOOL_INSTALLS)
    ]
    if not skipped:
        return
    reasons = " ".join(str(report.longrepr) for report in skipped)
    commands = [command for tool, command in TOOL_INSTALLS.items() if tool in reasons]
    count = len(skipped)
    tests = "Browser-Test wurde" if count == 1 else "Browser-Tests wurden"
    install = " && ".join(commands) or "make test-tools"
    terminalreporter.write_line(
        f"{count} {tests} übersprungen, weil Werkzeuge fehlen. Installieren mit: {install}"
    )


def require_tool(available: bool, what: str) -> None:
    """Skip without the tool, unless CI demands it (NEWSROOM_REQUIRE_BROWSER)."""
    if available:
        return
    message = f"{what} fehlt"
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
        pytest.fail(message + " (NEWSROOM_REQUIRE_BROWSER ist gesetzt)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright: started once for all browser tests of a run."""
    require_tool(shutil.which(str(CHROMIUM)) is not None, f"chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
