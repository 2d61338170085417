"""The live preview (`make devserver`, `make preview`): one warm process that shows each kind of
change after a save — a press release, a contact, an event, a template, the settings — shows a
broken file as a German error page instead of the stale page, and leaves the same site on disk
as a full build of the same sources (drafts and embargoes decided the same way)."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import DEFAULT_EPOCH, ROOT, build_into, lay_out_scenario, run_newsroom

RELEASE = "pressemitteilungen/2022/2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md"
RELEASE_URL = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
EVENT = "veranstaltungen/2022-01-12-konferenz-digital-zukunftsdialog.md"
EVENT_URL = "/veranstaltungen/konferenz-digital-zukunftsdialog-2022/"
SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
THEME = {theme!r}
SITESUBTITLE = {subtitle!r}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, what: str, limit: float = 240.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def write_settings(path: Path, theme: Path, subtitle: str) -> None:
    path.write_text(
        SETTINGS.format(root=str(ROOT), theme=str(theme), subtitle=subtitle), encoding="utf-8"
    )


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Preview:
    def __init__(self, folder: Path, preview: bool = False, scenario: str | None = None) -> None:
        self.folder = folder
        self.content = lay_out_scenario(scenario, folder / "inhalt")
        self.theme = folder / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = folder / "einstellungen.py"
        write_settings(self.settings, self.theme, "Untertitel eins")
        self.output = folder / ("vorschau" if preview else "ausgabe")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        command = [sys.executable, "-m", "newsroom", "devserver", "--port", str(self.port)]
        command += ["--settings", str(self.settings), "--content", str(self.content)]
        command += ["--output", str(self.output)]
        if preview:
            command.append("--preview")
        environment = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(folder),
            "SOURCE_DATE_EPOCH": str(DEFAULT_EPOCH),
            "PYTHONWARNINGS": "error::DeprecationWarning:newsroom",
        }
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: self.get("/"), "the first state of the site")

    def get(self, url: str) -> tuple[int, str] | None:
        return fetch(self.base + url)

    def page_with(self, url: str, text: str, status: int = 200) -> str:
        """Poll until ``url`` answers with ``status`` and contains ``text``; return the page."""

        def ready() -> str | None:
            answer = self.get(url)
            if answer and answer[0] == status and text in answer[1]:
                return answer[1]
            return None

        return wait_for(ready, f"{text!r} on {url}")

    def finished(self) -> None:
        """Wait until the output on disk holds the newest state (search index included)."""
        wait_for(lambda: (self.output / "pagefind" / "pagefind-entry.json").is_file(), "output")
        wait_for(lambda: not list(self.folder.glob(f".{self.output.name}-neu-*")), "swap")

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.log.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    preview = Preview(tmp_path_factory.mktemp("live"))
    yield preview
    preview.stop()


def test_a_changed_release_text_shows_on_its_page(live):
    replace_in(live.content / RELEASE, "Die Smart City ist", "Bearbeitet1: Die Smart City ist")
    page = live.page_with(RELEASE_URL, "Bearbeitet1")
    assert '<script src="/livereload.js?port=' in page
    # Right after the save, before the background has rendered it: the site's own 404 page.
    status, body = live.get("/gibt-es-nicht/")
    assert status == 404
    assert "Seite nicht gefunden" in body


def test_search_index_and_robots_txt_come_after_the_page_and_on_request(live):
    """Built in the background; a request for them waits until they are there."""
    status, entry = live.get("/pagefind/pagefind-entry.json")
    assert status == 200
    assert json.loads(entry)["languages"]["de"]["page_count"] > 0
    status, robots = live.get("/robots.txt")  # the sitemap needs SITEURL: production only
    assert status == 200
    assert "User-agent" in robots


def test_a_changed_release_title_shows_on_the_lists(live):
    replace_in(live.content / RELEASE, "Title: Norderstedter Unternehmen", "Title: Titel2 Firmen")
    live.page_with("/pressemitteilungen/", "Titel2 Firmen")
    live.page_with("/themen/wirtschaft/", "Titel2 Firmen")
    live.page_with("/", "Titel2 Firmen")


def test_a_changed_contact_shows_on_the_release_and_the_contacts_page(live):
    replace_in(
        live.content / "daten/kontakte.yaml",
        "rolle: Nachhaltigkeitskommunikation",
        "rolle: Rolle3 Kommunikation",
    )
    live.page_with(RELEASE_URL, "Rolle3 Kommunikation")
    live.page_with("/pressekontakte/", "Rolle3 Kommunikation")


def test_a_changed_event_shows_on_its_page_and_the_release(live):
    replace_in(
        live.content / EVENT,
        "Title: 4. Konferenz digital",
        "Title: Veranstaltung4 Konferenz digital",
    )
    live.page_with(EVENT_URL, "Veranstaltung4 Konferenz")
    live.page_with(RELEASE_URL, "Veranstaltung4 Konferenz")


def test_a_changed_template_shows_on_every_page(live):
    replace_in(
        live.theme / "templates/article.html", "{% block content %}", "{% block content %}Vorlage5"
    )
    live.page_with(RELEASE_URL, "Vorlage5")


def test_changed_settings_show(live):
    write_settings(live.settings, live.theme, "Untertitel sechs")
    live.page_with("/", "Untertitel sechs")


def test_a_broken_file_shows_a_german_error_page_until_it_is_fixed(live):
    source = live.content / RELEASE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("Date: 2022-01-13", "Date: 2022-13-45"), encoding="utf-8")
    page = live.page_with(RELEASE_URL, "Date", status=500)
    soup = BeautifulSoup(page, "lxml")
    assert soup.html["lang"] == "de"
    message = soup.find("pre").get_text()
    assert RELEASE.split("/")[-1] in message
    assert "Date" in message
    # The error page reloads itself once the file is fixed: the live-reload script is in it.
    assert '<script src="/livereload.js?port=' in page
    assert "Bearbeitet1" not in page  # not the stale page
    # Every page of the site shows it, not only the broken one.
    assert live.get("/")[0] == 500
    log = live.log.read_text(encoding="utf-8")
    assert "2022-13-45" in log or "Date" in log
    source.write_text(good, encoding="utf-8")
    live.page_with(RELEASE_URL, "Bearbeitet1")


def test_a_release_naming_an_unknown_contact_shows_an_error_until_it_is_fixed(live):
    """A problem across files that the save brings in: the release is checked against the
    contacts even though only the release changed."""
    replace_in(live.content / RELEASE, "Contacts: mirjam-bantle,", "Contacts: mirjam-bantel,")
    page = live.page_with(RELEASE_URL, "mirjam-bantel", status=500)
    message = BeautifulSoup(page, "lxml").find("pre").get_text()
    assert RELEASE.split("/")[-1] in message
    assert "Contacts" in message
    assert "mirjam-bantle" in message  # the id it probably means
    replace_in(live.content / RELEASE, "Contacts: mirjam-bantel,", "Contacts: mirjam-bantle,")
    live.page_with(RELEASE_URL, "Bearbeitet1")


def test_an_error_in_the_event_a_release_reports_on_shows_on_the_release(live):
    """The release did not change; the event it names did, and is broken."""
    replace_in(live.content / EVENT, "Start: 2022-01-12", "Start: 2022-01-32")
    page = live.page_with(RELEASE_URL, "2022-01-32", status=500)
    message = BeautifulSoup(page, "lxml").find("pre").get_text()
    assert EVENT.split("/")[-1] in message
    assert "Start" in message
    assert "Bearbeitet1" not in page
    replace_in(live.content / EVENT, "Start: 2022-01-32", "Start: 2022-01-12")
    live.page_with(RELEASE_URL, "Bearbeitet1")


def test_a_broken_template_of_a_later_page_shows_an_error_page(live):
    """The event pages are written after the requested page: their template error still
    replaces the site with the error page once it is found."""
    template = live.theme / "templates/event.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block content %}", "{% block content %}{{ 1 + }}", 1))
    try:
        page = live.page_with(EVENT_URL, "event.html", status=500)
        assert "Bearbeitet1" not in page
        live.page_with(RELEASE_URL, "event.html", status=500)
    finally:
        template.write_text(good, encoding="utf-8")
    live.page_with(EVENT_URL, "Veranstaltung4 Konferenz")
    live.page_with(RELEASE_URL, "Bearbeitet1")


NEW_RELEASE = "pressemitteilungen/2022/2022-02-01-neue-mitteilung.md"
NEW_URL = "/pressemitteilungen/2022/neue-mitteilung-sieben/"
NEW_TITLE = "Neue Mitteilung7 zum Stadtlabor"


def new_release_text(live, title: str = NEW_TITLE, date: str = "2022-02-01") -> str:
    """The fixture's release as another one: its own title, slug and date, no event."""
    text = (live.content / RELEASE).read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    lines = [line for line in header.splitlines() if not line.startswith("Events:")]
    fields = {"Title": title, "Date": date, "Slug": "neue-mitteilung-sieben"}
    lines = [
        f"{line.split(':', 1)[0]}: {fields[line.split(':', 1)[0]]}"
        if line.split(":", 1)[0] in fields
        else line
        for line in lines
    ]
    return "\n".join(lines) + "\n\nNeu7: " + body


def test_an_added_release_shows_on_its_page_and_the_lists(live):
    (live.content / NEW_RELEASE).write_text(new_release_text(live), encoding="utf-8")
    page = live.page_with(NEW_URL, "Neu7:")
    assert NEW_TITLE in page
    live.page_with("/pressemitteilungen/", NEW_TITLE)
    live.page_with("/themen/wirtschaft/", NEW_TITLE)
    live.page_with("/pressemitteilungen/2022/", NEW_TITLE)


def test_a_release_saved_twice_in_a_row_shows_the_second_save(live):
    source = live.content / NEW_RELEASE
    replace_in(source, "Neu7:", "Zweimal8a Neu7:")
    live.page_with(NEW_URL, "Zweimal8a")
    replace_in(source, "Zweimal8a", "Zweimal8b")
    time.sleep(0.05)  # a second save while the first is still being read
    replace_in(source, "Zweimal8b", "Zweimal8c")
    page = live.page_with(NEW_URL, "Zweimal8c")
    assert "Zweimal8a" not in page
    assert "Zweimal8b" not in page
    # The state after the last save stays: no later, older state replaces it.
    time.sleep(2)
    status, page = live.get(NEW_URL)
    assert status == 200
    assert "Zweimal8c" in page


def test_a_save_that_brings_a_duplicate_slug_shows_an_error_until_it_is_fixed(live):
    """A problem across files: the new file is fine alone, its slug is taken."""
    duplicate = live.content / "pressemitteilungen/2022/2022-02-02-doppelt.md"
    duplicate.write_text(new_release_text(live, title="Doppelt9 Mitteilung"), encoding="utf-8")
    try:
        page = live.page_with(NEW_URL, "ist schon vergeben", status=500)
        message = BeautifulSoup(page, "lxml").find("pre").get_text()
        assert "2022-02-02-doppelt.md" in message
        assert "neue-mitteilung-sieben" in message
        assert live.get(RELEASE_URL)[0] == 500  # every page shows it
    finally:
        duplicate.unlink()
    page = live.page_with(NEW_URL, "Zweimal8c")
    assert "Doppelt9" not in page
    assert "Doppelt9" not in live.page_with("/pressemitteilungen/", NEW_TITLE)


def test_an_embargo_date_in_the_future_hides_the_release_until_it_is_due(live):
    """Without --preview a release under embargo is neither listed nor has a page; edited back
    to a past date it is there again."""
    source = live.content / NEW_RELEASE
    replace_in(source, "Date: 2022-02-01", "Date: 2027-03-01")
    live.page_with(NEW_URL, "Seite nicht gefunden", status=404)
    for url in ("/pressemitteilungen/", "/themen/wirtschaft/", "/"):
        status, page = live.get(url)
        assert status == 200
        assert NEW_TITLE not in page, url
        assert "Norderstedter Unternehmen" in page or "Titel2 Firmen" in page, url
    replace_in(source, "Date: 2027-03-01", "Date: 2022-02-01")
    live.page_with(NEW_URL, "Zweimal8c")
    live.page_with("/pressemitteilungen/", NEW_TITLE)


def test_a_renamed_release_keeps_its_page_and_a_deleted_one_is_gone(live):
    listed = live.page_with("/pressemitteilungen/", NEW_TITLE).count(NEW_TITLE)
    source = live.content / NEW_RELEASE
    renamed = source.with_name("2022-02-01-umbenannt.md")
    source.rename(renamed)
    replace_in(renamed, "Zweimal8c", "Umbenannt10")
    live.page_with(NEW_URL, "Umbenannt10")
    # Listed once, as before: the old file's release is gone, not shown beside the new one.
    assert live.page_with("/pressemitteilungen/", NEW_TITLE).count(NEW_TITLE) == listed
    renamed.unlink()
    live.page_with(NEW_URL, "Seite nicht gefunden", status=404)
    for url in ("/pressemitteilungen/", "/themen/wirtschaft/", "/pressemitteilungen/2022/"):
        assert NEW_TITLE not in live.page_with(url, "Titel2 Firmen"), url


def test_the_output_equals_a_full_build_of_the_same_sources(live, tmp_path):
    live.finished()
    time.sleep(1)
    live.finished()
    full = build_into(live.content, tmp_path / "voll", settings=str(live.settings))
    assert full.ok, full.stderr
    assert digests(live.output) == digests(full.output)


def test_the_preview_decides_drafts_and_embargoes_like_a_full_preview_build(tmp_path):
    folder = tmp_path / "live"
    folder.mkdir()
    preview = Preview(folder, preview=True, scenario="redaktion-sperrfrist")
    try:
        # The embargoed release and the draft are shown, marked, as a full preview shows them.
        preview.page_with("/pressemitteilungen/2026/schnellladepark-am-rathaus/", "Sperrfrist bis")
        preview.page_with("/pressemitteilungen/2026/glasfaserausbau-nord/", "Entwurf")
        preview.finished()
    finally:
        log = preview.stop()
    assert "Traceback" not in log
    done = run_newsroom(
        "build",
        "--preview",
        "--settings",
        str(preview.settings),
        "--content",
        str(preview.content),
        "--output",
        str(tmp_path / "vorschau-voll"),
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "vorschau-voll" / "pressemitteilungen").is_dir()
    assert digests(preview.output) == digests(tmp_path / "vorschau-voll")


# --- Reading again only what changed (in this process, one state after the other) ----------

PHOTO_RELEASE = "pressemitteilungen/2022/2022-03-03-foto-cc-by-sa.md"
PHOTO_URL = "pressemitteilungen/2022/foto-cc-by-sa/index.html"
SOURCE_FOLDERS = ("pressemitteilungen/", "projekte/", "seiten/")  # ARTICLE_PATHS, PAGE_PATHS


class InProcess:
    """The live preview's states without the server: each :meth:`save` reads the site anew
    and finishes it; ``read`` lists the files Pelican's reader read for that state."""

    def __init__(self, folder: Path, monkeypatch, scenario: str = "bildrechte") -> None:
        from pelican.readers import Readers

        from newsroom.tools.livepreview import LivePreview

        self.folder = folder
        self.content = lay_out_scenario(scenario, folder / "inhalt")
        self.settings = folder / "einstellungen.py"
        write_settings(self.settings, ROOT / "theme", "Untertitel eins")
        self.output = folder / "ausgabe"
        self.read: list[str] = []
        original = Readers.read_file

        def counted(readers, base_path, path, *args, **kwargs):
            name = str(Path(base_path, path).relative_to(self.content))
            if name.startswith(SOURCE_FOLDERS):  # not the events, not the static files
                self.read.append(name)
            return original(readers, base_path, path, *args, **kwargs)

        monkeypatch.setattr(Readers, "read_file", counted)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DEFAULT_EPOCH))
        self.preview = LivePreview(str(self.settings), {"PATH": str(self.content)}, self.output)
        self.save()
        self.everything = sorted(self.read)

    def save(self):
        """Read and finish one state; return it."""
        self.read = []
        state = self.preview.read()
        assert state.error is None, state.error
        self.preview.finish_in_background(state).join()
        assert state.error is None, state.error
        return state

    def page(self, name: str) -> str:
        return (self.output / name).read_text(encoding="utf-8")

    def same_as_full_build(self, folder: Path, env: dict[str, str] | None = None) -> None:
        full = build_into(self.content, folder, settings=str(self.settings), env=env)
        assert full.ok, full.stderr
        assert digests(self.output) == digests(full.output)


def release_object(state, name: str):
    """The content object the recorded page ``name`` of ``state`` shows."""
    (job,) = state.writer.by_name[name]
    return job.kwargs["article"]


@pytest.fixture
def in_process(tmp_path, monkeypatch):
    import gc

    yield InProcess(tmp_path / "vorschau", monkeypatch)
    gc.unfreeze()  # the preview's last state is set aside until then (``settle_memory``)


def test_a_save_reads_only_the_changed_file_and_equals_a_full_build(in_process, tmp_path):
    assert PHOTO_RELEASE in in_process.everything
    assert len(in_process.everything) > 5  # releases, projects, pages
    replace_in(in_process.content / PHOTO_RELEASE, "Text.", "Neuer Text11.")
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    assert "Neuer Text11." in in_process.page(PHOTO_URL)
    in_process.save()  # nothing changed: nothing read
    assert in_process.read == []
    # A licence is read when the release is (``content_object_init``): the new one shows.
    replace_in(
        in_process.content / PHOTO_RELEASE,
        "Image-License: https://creativecommons.org/licenses/by-sa/4.0/deed.de",
        "Image-License: https://creativecommons.org/licenses/by/4.0/deed.de",
    )
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    page = in_process.page(PHOTO_URL)
    assert "(CC BY 4.0)" in page
    assert "licenses/by-sa/" not in page
    in_process.same_as_full_build(tmp_path / "voll")


def test_a_renamed_release_is_read_under_its_new_name_and_the_old_one_is_gone(in_process, tmp_path):
    source = in_process.content / PHOTO_RELEASE
    renamed = source.with_name("2022-03-03-umbenannt.md")
    source.rename(renamed)
    in_process.save()
    assert in_process.read == [str(renamed.relative_to(in_process.content))]
    assert (in_process.output / PHOTO_URL).is_file()  # the slug is in the file
    kept = in_process.preview.kept.entries
    assert all("2022-03-03-foto-cc-by-sa" not in path for _, path in kept)
    renamed.rename(source)
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]  # a new file for the store: read once
    in_process.same_as_full_build(tmp_path / "voll")


def test_the_key_of_a_kept_release_is_what_the_check_read_with_its_byte_order_mark(
    in_process, tmp_path
):
    """A save takes each file's key from the content check's reading (no second reading of
    every file); a byte order mark, which the check's text leaves out, still changes it."""
    source = in_process.content / PHOTO_RELEASE
    text = source.read_bytes()
    source.write_bytes(b"\xef\xbb\xbf" + text)
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    in_process.same_as_full_build(tmp_path / "voll")
    source.write_bytes(text)
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    in_process.save()
    assert in_process.read == []


def test_a_release_changed_after_the_check_read_it_is_not_kept_under_the_checked_text(
    in_process, monkeypatch
):
    """Saved again between the check and Pelican's reading: what Pelican read is not kept
    under the key of the text the check read, so that this text, saved once more, is read and
    shown, not the one in between."""
    from newsroom.core import checks

    source = in_process.content / PHOTO_RELEASE
    check_site = checks.check_site
    saved_between = []

    def check_then_save(settings):
        report = check_site(settings)
        if saved_between:
            replace_in(source, "Zwischenstand21.", saved_between.pop())
        return report

    monkeypatch.setattr(checks, "check_site", check_then_save)
    replace_in(source, "Text.", "Erster Stand21.")
    in_process.save()
    replace_in(source, "Erster Stand21.", "Zwischenstand21.")
    saved_between.append("Dritter Stand21.")
    in_process.save()  # the check reads the second text, Pelican the third
    assert in_process.read == [PHOTO_RELEASE]
    replace_in(source, "Dritter Stand21.", "Zwischenstand21.")
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    page = in_process.page(PHOTO_URL)
    assert "Zwischenstand21." in page
    assert "Dritter Stand21." not in page


def test_a_changed_contact_shows_on_the_releases_naming_it(tmp_path, monkeypatch):
    live = InProcess(tmp_path / "vorschau", monkeypatch, scenario=None)
    replace_in(
        live.content / "daten/kontakte.yaml",
        "rolle: Nachhaltigkeitskommunikation",
        "rolle: Rolle12 Kommunikation",
    )
    live.save()
    assert "Rolle12 Kommunikation" in live.page(RELEASE_URL.strip("/") + "/index.html")
    live.same_as_full_build(tmp_path / "voll")


def test_a_data_file_read_when_a_release_is_read_makes_it_read_again(in_process):
    """A receiver of ``content_object_init`` may read a data file below PATH: a change to it
    is a change to every object, which is read anew."""
    from pelican import signals

    note = in_process.content / "daten" / "notiz.yaml"
    note.write_text("eins\n", encoding="utf-8")

    def attach_note(content):
        content.test_note = note.read_text(encoding="utf-8").strip()

    signals.content_object_init.connect(attach_note)
    try:
        state = in_process.save()
        assert sorted(in_process.read) == in_process.everything
        assert release_object(state, PHOTO_URL).test_note == "eins"
        in_process.save()
        assert in_process.read == []
        note.write_text("zwei\n", encoding="utf-8")
        state = in_process.save()
        assert sorted(in_process.read) == in_process.everything
        assert release_object(state, PHOTO_URL).test_note == "zwei"
    finally:
        signals.content_object_init.disconnect(attach_note)


def test_a_changed_setting_makes_everything_read_again(in_process, tmp_path):
    write_settings(in_process.settings, ROOT / "theme", "Untertitel13 neu")
    in_process.save()
    assert sorted(in_process.read) == in_process.everything
    assert "Untertitel13 neu" in in_process.page("index.html")
    in_process.save()
    assert in_process.read == []
    in_process.same_as_full_build(tmp_path / "voll")


def test_an_embargo_that_lifts_between_two_saves_shows_the_release(in_process, tmp_path):
    """The embargo is decided after reading, on each state's own copy: a kept release whose
    date has come is published, like in a full build at that time."""
    source = in_process.content / PHOTO_RELEASE
    replace_in(source, "Date: 2022-03-03 10:00", "Date: 2026-11-27 10:00")  # after the epoch
    url = "pressemitteilungen/2026/foto-cc-by-sa/index.html"
    in_process.save()
    assert in_process.read == [PHOTO_RELEASE]
    assert not (in_process.output / url).exists()
    assert "foto-cc-by-sa" not in in_process.page("pressemitteilungen/index.html")
    later = DEFAULT_EPOCH + 2 * 86400  # 2026-11-28: the embargo has lifted
    with pytest.MonkeyPatch().context() as patched:
        patched.setenv("SOURCE_DATE_EPOCH", str(later))
        state = in_process.save()
        assert in_process.read == []  # the kept object, not a new reading
        assert release_object(state, url).slug == "foto-cc-by-sa"
        assert "Ein Foto unter CC BY-SA" in in_process.page(url)
        assert "foto-cc-by-sa" in in_process.page("pressemitteilungen/index.html")
        in_process.same_as_full_build(tmp_path / "voll", env={"SOURCE_DATE_EPOCH": str(later)})


def test_the_stylesheet_is_served_while_the_press_kits_are_still_written(
    in_process, tmp_path, monkeypatch
):
    """What every page loads is the first of the background steps: a page served right after
    a save gets its stylesheet and the theme's script while a slow later step (here the press
    kits, held back) is still running; the output still equals a full build."""
    from newsroom.presskit.generator import PressKitGenerator

    original = PressKitGenerator.generate_output
    release = threading.Event()

    def held_back(generator, writer):
        assert release.wait(120)
        return original(generator, writer)

    monkeypatch.setattr(PressKitGenerator, "generate_output", held_back)
    # Waiting for all steps instead would end in this time with no file: the test fails fast.
    monkeypatch.setattr("newsroom.tools.livepreview.FINISH_WAIT_SECONDS", 15.0)
    replace_in(in_process.content / PHOTO_RELEASE, "Text.", "Neuer Text12.")
    state = in_process.preview.read()
    assert state.error is None, state.error
    finishing = in_process.preview.finish_in_background(state)
    try:
        _, stylesheet = in_process.preview.file_for("theme/css/newsroom.css")
        _, script = in_process.preview.file_for("theme/js/suche.js")
        assert stylesheet is not None and script is not None
        assert ".press-release" in stylesheet.read_text(encoding="utf-8")
        assert script.stat().st_size > 0
        assert not state.written.is_set()  # the press kits are still held back
    finally:
        release.set()
        finishing.join()
    assert state.error is None, state.error
    monkeypatch.setattr(PressKitGenerator, "generate_output", original)
    in_process.same_as_full_build(tmp_path / "voll")


def test_a_finished_state_sets_the_site_aside_and_frees_the_earlier_one(in_process):
    """``settle_memory``: after each finished state the collector no longer traverses the kept
    site, and the state before it is freed (nothing stays frozen for longer than one state)."""
    import gc
    import weakref

    first = in_process.save()
    assert gc.get_freeze_count() > 0
    earlier = weakref.ref(first.pelican)
    del first
    replace_in(in_process.content / PHOTO_RELEASE, "Text.", "Neuer Text12.")
    in_process.save()
    assert earlier() is None
    assert gc.get_freeze_count() > 0


def kit_label(page: str) -> str:
    """The press kit's link text on a release page: „Pressemappe (ZIP, 45 kB)“."""
    links = BeautifulSoup(page, "html.parser").select('a[href$="pressemappe.zip"]')
    assert len(links) == 1, page
    return links[0].get_text(" ", strip=True)


def test_the_page_asked_for_first_shows_its_press_kit_as_a_full_build(in_process, tmp_path):
    """The preview makes a release's press kit when its page shows it (the other kits in the
    background): a changed press photo changes the ZIP's size on the page asked for, the same
    bytes as a full build, and no other release's kit was made for that page."""
    import random

    from PIL import Image

    from newsroom.presskit.generator import LaterPressKit, PressKit

    before = kit_label(in_process.page(PHOTO_URL))
    photo = in_process.content / "bilder/2022/konferenz-saal.jpg"
    noise = random.Random(14).randbytes(1600 * 1000 * 3)
    Image.frombytes("RGB", (1600, 1000), noise).save(photo, quality=95)
    state = in_process.preview.read()
    assert state.error is None, state.error
    _, page = in_process.preview.file_for(PHOTO_URL)  # only this page, before the background
    assert page is not None
    shown = kit_label(page.read_text(encoding="utf-8"))
    assert shown != before
    assert isinstance(release_object(state, PHOTO_URL).press_kit, PressKit)
    others = [
        name
        for name, jobs in state.writer.by_name.items()
        if name != PHOTO_URL and "article" in jobs[0].kwargs
    ]
    assert others
    assert all(isinstance(release_object(state, name).press_kit, LaterPressKit) for name in others)
    in_process.preview.finish_in_background(state).join()
    assert state.error is None, state.error
    assert kit_label(in_process.page(PHOTO_URL)) == shown
    in_process.same_as_full_build(tmp_path / "voll")


def test_a_changed_release_changes_its_press_kit_like_a_full_build(in_process, tmp_path):
    """The release's text is in its kit: the page asked for first shows the new size, and
    the ZIP and text files equal a full build's."""
    replace_in(in_process.content / PHOTO_RELEASE, "Text.", "Ein viel längerer Text. " * 200)
    state = in_process.preview.read()
    assert state.error is None, state.error
    _, page = in_process.preview.file_for(PHOTO_URL)
    shown = kit_label(page.read_text(encoding="utf-8"))
    in_process.preview.finish_in_background(state).join()
    assert state.error is None, state.error
    full = build_into(in_process.content, tmp_path / "voll", settings=str(in_process.settings))
    assert full.ok, full.stderr
    assert kit_label((full.output / PHOTO_URL).read_text(encoding="utf-8")) == shown
    assert digests(in_process.output) == digests(full.output)
    # The kits' plain texts stay in memory between saves: the same entries as on the disk.
    import pickle

    (name, (_, remembered)), *_ = [
        item for item in in_process.preview.kept.results.items() if "pressemappen" in item[0]
    ]
    on_disk = pickle.loads(Path(name.removeprefix("ergebnisse:")).read_bytes())
    assert remembered == on_disk
    assert any("Ein viel längerer Text." in text for text in remembered.values())


def test_events_are_kept_and_a_changed_one_is_read_alone_like_a_full_build(tmp_path, monkeypatch):
    """The events are kept like the releases: a save reads only the changed event; its page
    and the release that links to it show the change, the output equals a full build."""
    live = InProcess(tmp_path / "vorschau", monkeypatch, scenario=None)
    store = live.preview.kept
    assert ("EventsGenerator", EVENT) in store.entries
    second = live.content / "veranstaltungen/2022-02-01-zweite.md"
    text = (live.content / EVENT).read_text(encoding="utf-8")
    text = text.replace("Slug: konferenz-digital-zukunftsdialog-2022", "Slug: zweite-konferenz")
    second.write_text(text.replace("4. Konferenz", "Zweite16 Konferenz"), encoding="utf-8")
    live.save()
    assert "Zweite16 Konferenz" in live.page("veranstaltungen/zweite-konferenz/index.html")
    reads = store.reads
    live.save()
    assert store.reads == reads  # nothing changed: no event read either
    replace_in(
        live.content / EVENT, "Title: 4. Konferenz digital", "Title: Veranstaltung15 digital"
    )
    live.save()
    assert store.reads == reads + 1
    assert "Veranstaltung15 digital" in live.page(EVENT_URL.strip("/") + "/index.html")
    assert "Veranstaltung15 digital" in live.page(RELEASE_URL.strip("/") + "/index.html")
    live.same_as_full_build(tmp_path / "voll")
    second.unlink()  # a deleted event is forgotten, its page gone
    live.save()
    assert store.reads == reads + 1
    assert ("EventsGenerator", str(second.relative_to(live.content))) not in store.entries
    assert not (live.output / "veranstaltungen/zweite-konferenz/index.html").exists()
    live.same_as_full_build(tmp_path / "voll2")


def test_the_reader_caches_are_written_once_the_state_is_finished(in_process):
    """Pelican's reader caches stay in memory between saves and go to the disk (for the next
    start) after the state is finished, not between the save and the page: the changed text
    is in the file then."""
    import gzip
    import pickle

    replace_in(in_process.content / PHOTO_RELEASE, "Text.", "Gespeichert31.")
    store = in_process.preview.kept
    state = in_process.preview.read()
    assert state.error is None, state.error
    assert store.unsaved
    in_process.preview.finish_in_background(state).join()
    assert not store.unsaved
    source = str(in_process.content / PHOTO_RELEASE)
    (cache,) = [path for path, entries in store.readers[1].items() if source in entries]
    raw = Path(cache).read_bytes()
    entries = pickle.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    _stamp, (text, _metadata) = entries[source]
    assert "Gespeichert31." in text
