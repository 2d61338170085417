"""The CMS in a real browser, in local mode (`make redaktion`): decap-server (npm) on 127.0.0.1
writes into a copy of the test content, never into content/. An editor creates a press release
with two contacts, a topic and an event from the lists; the file is named and written as the
scaffold would, passes the check and builds with its contact blocks; an existing release is
edited; a photo is uploaded with alt text and credit; an empty required field is refused; and
the admin page makes no request to any host but 127.0.0.1. Screenshots for docs/REDAKTION.md go
to test-artifacts/.

Skipped only where chromium or the npm tools are missing and NEWSROOM_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_into, lay_out_scenario, require_tool, run_newsroom, serve
from PIL import Image

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
ARTIFACTS = ROOT / "test-artifacts"
SEED = "pressemitteilungen/2022/2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md"
SEED_ENTRY = "#/collections/pressemitteilungen/entries/2022/" + Path(SEED).stem
NEW_TITLE = "Neue Ladesäulen für Bürger*innen: „Strom“ vom Dach – {{ 1 + 1 }} & mehr"
NEW_SUMMARY = "Die Stadtwerke bauen zehn Ladesäulen – für Bürger:innen und Gäste."
NEW_FILE = "pressemitteilungen/2026/2026-11-20-neue-ladesaeulen.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"decap-server endete mit {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("decap-server antwortet nicht")


@dataclass
class Redaktion:
    repo: Path
    content: Path
    url: str
    env: dict[str, str]
    requests: list[str] = field(default_factory=list)

    def rebuild(self, output: Path):
        return build_into(self.content, output, env=self.env)


@pytest.fixture(scope="module")
def redaktion(tmp_path_factory) -> Iterator[Redaktion]:
    node = shutil.which("node")
    require_tool(node is not None and DECAP_SERVER.is_file(), "decap-server (npm ci)")
    repo = tmp_path_factory.mktemp("redaktion")
    content = lay_out_scenario(None, repo / "content")
    port = free_port()
    env = {"CMS_BACKEND": "local", "CMS_LOCAL_PORT": str(port)}
    build = build_into(content, repo.parent / f"{repo.name}-admin", env=env)
    assert build.ok, build.stderr
    server = subprocess.Popen(
        [node, str(DECAP_SERVER)],
        env={
            **os.environ,
            "GIT_REPO_DIRECTORY": str(repo),
            "BIND_HOST": "127.0.0.1",
            "PORT": str(port),
            "MODE": "fs",
            "LOG_LEVEL": "error",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, server)
        with serve(build.output) as url:
            yield Redaktion(repo, content, url, env)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def page(browser, redaktion):
    """The admin page, logged in; every request of the context is recorded, any to another
    host than 127.0.0.1 is also stopped."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})

    def record(route):
        redaktion.requests.append(route.request.url)
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(redaktion.url + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Pressemitteilungen").first.wait_for()
    yield page
    context.close()
    # No message of a blocked request (policy) or a missing file, in any test.
    assert problems == []


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"redaktion-{name}.png"))


def pick(page, label: str, option: str) -> None:
    # Optional fields are labelled „Name (optional)“.
    page.get_by_label(re.compile(f"^{re.escape(label)}( \\(optional\\))?$")).click()
    page.get_by_role("option", name=option).first.click()


def publish(page) -> None:
    page.get_by_role("button", name="Veröffentlichen", exact=True).click()
    page.get_by_role("menuitem", name="Jetzt veröffentlichen").click()
    page.get_by_text("Beitrag gespeichert").last.wait_for()


def wait_for_file(path: Path, previous: bytes | None = None) -> bytes:
    """The file once the server has written it: changed, not empty, and the same twice."""
    last = None
    for _ in range(400):
        current = path.read_bytes() if path.is_file() else None
        if current and current != previous and current == last:
            return current
        last = current
        time.sleep(0.05)
    raise AssertionError(f"{path} wurde nicht geschrieben")


def test_create_a_press_release_from_the_lists(page, redaktion, tmp_path):
    page.goto(redaktion.url + "/admin/#/collections/pressemitteilungen")
    page.get_by_text("Norderstedter Unternehmen loten").first.wait_for()
    screenshot(page, "liste")
    page.get_by_role("link", name="Pressemitteilung", exact=False).filter(has_text="＋").click()
    page.get_by_label("Titel", exact=True).fill(NEW_TITLE)
    page.get_by_label("Datum (Sperrfrist, wenn in der Zukunft)").fill("2026-11-20T10:00")
    page.get_by_label("Adresse (Slug)").fill("neue-ladesaeulen")
    page.get_by_label("Vorspann").fill(NEW_SUMMARY)
    pick(page, "Pressekontakte", "Mirjam Bantle (Stadtwerke Norderstedt)")
    pick(page, "Pressekontakte", "Sonja Bahnsen (Stadt Norderstedt)")
    pick(page, "Themen", "Smart City")
    pick(page, "Veranstaltungen", "4. Konferenz digital des Norderstedter Zukunftsdialogs")
    pick(page, "Status", "veröffentlicht")
    # The text opens as Markdown (admin.js); its label does not point at the editor.
    page.locator(".cms-editor-raw [contenteditable=true]").fill(
        "Ab sofort laden Bürger*innen „grünen“ Strom."
    )
    screenshot(page, "neue-meldung")
    publish(page)
    screenshot(page, "gespeichert")
    written = wait_for_file(redaktion.content / NEW_FILE).decode("utf-8")
    assert written == (
        f"Title: {NEW_TITLE}\n"
        "Date: 2026-11-20 10:00\n"
        "Slug: neue-ladesaeulen\n"
        f"Summary: {NEW_SUMMARY}\n"
        "Location: Norderstedt\n"
        "Tags: Smart City\n"
        "Contacts: mirjam-bantle, sonja-bahnsen\n"
        "Events: konferenz-digital-zukunftsdialog-2022\n"
        "Status: published\n"
        "\n"
        "Ab sofort laden Bürger*innen „grünen“ Strom.\n"
    )
    settings = str(ROOT / "pelicanconf.py")
    checked = run_newsroom("check", "--settings", settings, "--content", str(redaktion.content))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    build = redaktion.rebuild(tmp_path / "ausgabe")
    assert build.ok, build.stderr
    release = build.html("/pressemitteilungen/2026/neue-ladesaeulen/")
    assert " ".join(release.find("h1").get_text().split()) == NEW_TITLE
    names = [tag.get_text(strip=True) for tag in release.select(".contact-block__name")]
    assert names == ["Mirjam Bantle", "Sonja Bahnsen"]


def test_edit_an_existing_release_changes_only_that_line(page, redaktion):
    path = redaktion.content / SEED
    original = path.read_bytes()
    page.goto(redaktion.url + "/admin/" + SEED_ENTRY)
    title = page.get_by_label("Titel", exact=True)
    title.wait_for()
    title.fill("Unternehmen loten die Smart City aus")
    publish(page)
    edited = wait_for_file(path, original)
    before, after = original.decode().split("\n"), edited.decode().split("\n")
    assert after[0] == "Title: Unternehmen loten die Smart City aus"
    assert after[1:] == before[1:]
    # And back: the hand-written file is byte for byte what it was.
    page.reload()
    title = page.get_by_label("Titel", exact=True)
    title.wait_for()
    title.fill(before[0].removeprefix("Title: "))
    publish(page)
    assert wait_for_file(path, edited) == original


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_upload_a_photo_with_alt_text_credit_and_licence(page, redaktion, tmp_path):
    path = redaktion.content / SEED
    original = path.read_bytes()
    page.goto(redaktion.url + "/admin/" + SEED_ENTRY)
    page.get_by_label("Titel", exact=True).wait_for()
    page.get_by_role("button", name=re.compile("pressefoto hinzufügen", re.IGNORECASE)).click()
    page.get_by_role("button", name="Wähle ein Bild").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "ladesaeule.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_text("ladesaeule.jpg").first.wait_for()
    screenshot(page, "bilder")
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()
    page.get_by_label("Alternativtext").fill("Eine Ladesäule vor dem Rathaus")
    page.get_by_label("Bildnachweis").fill("Foto: Stadtwerke Norderstedt")
    page.get_by_label("Lizenz").fill("https://creativecommons.org/licenses/by/4.0/")
    screenshot(page, "pressefoto")
    publish(page)
    written = wait_for_file(path, original).decode("utf-8")
    photo = redaktion.content / "bilder" / "2022" / "ladesaeule.jpg"
    assert photo.read_bytes() == jpeg_bytes()
    assert (
        "Events: konferenz-digital-zukunftsdialog-2022\n"
        "Image: {static}/bilder/2022/ladesaeule.jpg\n"
        "Image-Alt: Eine Ladesäule vor dem Rathaus\n"
        "Image-Credit: Foto: Stadtwerke Norderstedt\n"
        "Image-License: https://creativecommons.org/licenses/by/4.0/\n\n"
    ) in written
    build = redaktion.rebuild(tmp_path / "ausgabe")
    assert build.ok, build.stderr
    release = build.html("/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/")
    image = release.find("img", alt="Eine Ladesäule vor dem Rathaus")
    assert image is not None
    assert "Foto: Stadtwerke Norderstedt" in release.get_text()


def test_an_empty_required_field_and_markup_are_refused(page, redaktion):
    before = sorted(p.relative_to(redaktion.content) for p in redaktion.content.rglob("*"))
    page.goto(redaktion.url + "/admin/#/collections/pressemitteilungen/new")
    page.get_by_label("Titel", exact=True).fill("Nur ein Titel <script>alert(1)</script>")
    page.get_by_role("button", name="Veröffentlichen", exact=True).click()
    page.get_by_role("menuitem", name="Jetzt veröffentlichen").click()
    page.get_by_text("Oops, einige zwingend erforderliche Felder sind nicht ausgefüllt.").wait_for()
    page.get_by_text("Vorspann ist erforderlich.", exact=False).wait_for()
    page.get_by_text("Schreiben Sie den Wert als reinen Text ohne HTML", exact=False).wait_for()
    screenshot(page, "pflichtfeld")
    after = sorted(p.relative_to(redaktion.content) for p in redaktion.content.rglob("*"))
    assert after == before


def test_the_admin_page_talks_to_127_0_0_1_only(page, redaktion):
    page.goto(redaktion.url + "/admin/" + SEED_ENTRY)
    page.get_by_label("Titel", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in redaktion.requests}
    assert hosts == {"127.0.0.1"}
    assert any(url.endswith("/api/v1") for url in redaktion.requests)
    assert any(url.endswith("/admin/decap/decap-cms.js") for url in redaktion.requests)
    page_html = BeautifulSoup(page.content(), "lxml")
    assert page_html.find("html")["lang"] == "de"
