"""``make devserver`` and ``make preview`` in the editor's time scale: one process keeps Pelican
warm and renders a page when the browser asks for it.

After a save the whole site is read again in this process — settings, every check, every source
(Markdown comes from the content cache, so only the changed file is rendered anew; the checks of
one file alone are kept for unchanged texts, the checks across files run), embargoes, drafts,
contacts, events — exactly as a full build reads it. What differs is the writing: each page and
feed Pelican would write is recorded, not rendered, and the generators that write their own
files (calendars, vCards, press kits, static files) wait for the background. The browser is told
to reload at once, and the page it asks for is rendered on request; a background thread writes
the generators' files, renders the rest, then runs the steps after the pages (sitemap, search
index) and swaps the finished folder in place of the output. A request for a file not written
yet waits for the step that writes it. So a served page is always of the newest state, the
search index is never in the way between saving and seeing, and the output folder on disk ends
as a full build would leave it.

A content error, a broken template or YAML file is printed in German and shown in the browser as
an error page until it is fixed; one found in the background reloads the browser onto it. A
change to the plugin's code restarts the process (new code needs a fresh interpreter); a change
to the settings is read with the next state.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import io
import logging
import mimetypes
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.kept import SETTING as KEPT_CONTENT
from ..core.kept import KeptContent
from ..core.report import ContentError
from ..core.settings import capability_settings
from ..core.templates import template_key
from .build import (
    CountingHandler,
    leftovers,
    swap_in,
    template_error_message,
    yaml_error_message,
)
from .deploy import PREVIEW_MARKER
from .settings import SettingsProblem, load_settings

PLUGIN_FOLDER = Path(__file__).resolve().parents[1]  # plugins/newsroom
ERROR_TEMPLATE = Path(__file__).resolve().with_name("vorschau-fehler.html")
NOT_FOUND_PAGE = "404.html"
# How long a request for a file the steps after the pages write (sitemap, search index) waits
# for them before the answer is „not found“.
FINISH_WAIT_SECONDS = 120.0


# --- Recording what Pelican would write -----------------------------------------------------


@dataclass
class Job:
    """One ``write_file`` call of Pelican's generators and the files it writes."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    names: list[str]
    done: bool = False
    feed: bool = False  # a ``write_feed`` call, not a page


def recording_writer_class() -> type:
    from pelican.paginator import Paginator
    from pelican.writers import Writer

    class RecordingWriter(Writer):
        """Pelican's writer, with ``write_file`` and ``write_feed`` recorded instead of
        rendered; the generators' own files are written as usual."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.jobs: list[Job] = []
            self.by_name: dict[str, list[Job]] = {}

        def write_file(
            self,
            name: str,
            template: Any,
            context: dict[str, Any],
            relative_urls: bool = False,
            paginated: dict[str, Any] | None = None,
            template_name: str | None = None,
            override_output: bool = False,
            url: str | None = None,
            **kwargs: Any,
        ) -> None:
            if not name:
                return
            arguments = (name, template, context, relative_urls, paginated, template_name)
            job = Job(arguments, {"override_output": override_output, "url": url, **kwargs}, [])
            job.names = self.file_names(name, url, paginated, template_name, kwargs)
            self.jobs.append(job)
            for written in job.names:
                self.by_name.setdefault(os.path.normpath(written), []).append(job)

        def write_feed(
            self,
            elements: Any,
            context: dict[str, Any],
            path: str | None = None,
            url: str | None = None,
            feed_type: str = "atom",
            override_output: bool = False,
            feed_title: str | None = None,
        ) -> None:
            if not path:
                return
            arguments = (elements, context, path, url, feed_type, override_output, feed_title)
            job = Job(arguments, {}, [path], feed=True)
            self.jobs.append(job)
            self.by_name.setdefault(os.path.normpath(path), []).append(job)

        def file_names(
            self,
            name: str,
            url: str | None,
            paginated: dict[str, Any] | None,
            template_name: str | None,
            kwargs: dict[str, Any],
        ) -> list[str]:
            """The files one call writes: one, or one per page of a paginated list (the same
            reckoning as Pelican's ``write_file``)."""
            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
            templates = self.settings["PAGINATED_TEMPLATES"]
            if not paginated or template_name not in templates:
                return [name]
            per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
            paginator = Paginator(
                name, url, next(iter(paginated.values())), self.settings, per_page
            )
            return [paginator.page(number).save_as for number in range(1, paginator.num_pages + 1)]

        def render(self, job: Job) -> None:
            if not job.done:
                job.done = True
                if job.feed:
                    Writer.write_feed(self, *job.args)
                else:
                    Writer.write_file(self, *job.args, **job.kwargs)

    return RecordingWriter


def keep_writing_here(generator: Any) -> None:
    """Signal ``article_generator_finalized``: the pages are recorded in this process, so the
    press releases' pages are not handed to processes on other cores."""
    generator.__dict__.pop("generate_pages", None)


def writes_pages_first(generator: Any) -> bool:
    """Pelican's press releases and pages: their output is only recorded, so it runs before
    the page is served. The other generators write their own files (calendars, vCards, press
    kits, static files …): that waits for the background (:meth:`State.finish`)."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    return isinstance(generator, (ArticlesGenerator, PagesGenerator))


def writes_shared_assets(generator: Any) -> bool:
    """What every page loads (the stylesheet, the theme's fonts and scripts) is written first
    in the background, so that a page served right after a save does not wait for its
    stylesheet while calendars and press kits are written. A generator says so with
    ``WRITES_SHARED_ASSETS``; Pelican's static files hold the theme's. Each writes files no
    other generator writes, so the order does not change the output."""
    from pelican.generators import StaticGenerator

    return isinstance(generator, StaticGenerator) or getattr(
        generator, "WRITES_SHARED_ASSETS", False
    )


def compiled_templates() -> Any:
    """A Jinja bytecode cache kept in memory by the preview across states: a template whose
    source, name and environment are unchanged is not compiled again after a save
    (key: :func:`newsroom.core.templates.template_key`)."""
    from jinja2 import BytecodeCache

    class CompiledTemplates(BytecodeCache):
        def __init__(self) -> None:
            self.stored: dict[tuple[str, tuple[Any, ...]], bytes] = {}

        key = staticmethod(template_key)  # the core's key, also that of the build's cache

        def load_bytecode(self, bucket: Any) -> None:
            code = self.stored.get(self.key(bucket))
            if code is not None:
                bucket.bytecode_from_string(code)  # checks the source's checksum itself

        def dump_bytecode(self, bucket: Any) -> None:
            self.stored[self.key(bucket)] = bucket.bytecode_to_string()

    return CompiledTemplates()


def read_site(
    pelican: Any, templates: Any = None
) -> tuple[Any, list[Callable[[], None]], list[Callable[[], None]]]:
    """Pelican's ``run`` up to the generators' output, with writes recorded; returns the
    writer and the other generators' output steps, still to run: those that write what every
    page loads (:func:`writes_shared_assets`), then the rest, each in the order of a build.

    The same steps in the same order as ``Pelican.run`` (4.12); ``finalized`` is sent once the
    pages are written (:meth:`State.finish`). ``templates``: a Jinja bytecode cache the
    generators' environments share (see :func:`compiled_templates`).
    """
    from pelican import signals

    signals.article_generator_finalized.connect(keep_writing_here)
    context = pelican.settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = pelican.settings["SITEURL"]
    generators = [
        cls(
            context=context,
            settings=pelican.settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]
    for generator in generators:
        if templates is not None and getattr(generator, "env", None) is not None:
            generator.env.bytecode_cache = templates
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    writer = recording_writer_class()(pelican.output_path, settings=pelican.settings)
    shared, later = [], []
    for generator in generators:
        if not hasattr(generator, "generate_output"):
            continue
        if writes_pages_first(generator):
            generator.generate_output(writer)
        else:
            step = functools.partial(generator.generate_output, writer)
            (shared if writes_shared_assets(generator) else later).append(step)
    return writer, shared, later


def settle_memory() -> None:
    """Once a state is finished: collect the earlier states' garbage, then set what is left
    aside from the garbage collector (``gc.freeze``). The kept site is millions of objects;
    without this, the full collections that a save's reading triggers traverse all of them
    each time (a fifth of a save's CPU time at N = 1,000). The next finished state unfreezes
    them again, so nothing stays longer than one state."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def failure_message(error: BaseException) -> str:
    """The German words for a failed state, as the build says them."""
    if isinstance(error, ContentError):
        return error.report.render()
    if isinstance(error, SettingsProblem):
        return str(error)
    message = template_error_message(error) or yaml_error_message(error)  # type: ignore[arg-type]
    if message:
        return message
    return f"Interner Fehler beim Bauen: {type(error).__name__}: {error}"


@contextlib.contextmanager
def logged_errors() -> Any:
    """Errors Pelican logs in this thread while the block runs (a file it could not read …);
    the other threads' errors belong to another state of the site."""
    handler = CountingHandler()
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.messages
    finally:
        root.removeHandler(handler)


# --- One state of the site ------------------------------------------------------------------


@dataclass
class State:
    """The site as read after one save: its folder, its recorded pages, or what went wrong."""

    number: int
    folder: Path  # the staging folder, then (once finished) the output itself
    pelican: Any = None
    writer: Any = None
    shared: list[Callable[[], None]] = field(default_factory=list)  # see read_site
    later: list[Callable[[], None]] = field(default_factory=list)
    error: str | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    shared_written: threading.Event = field(default_factory=threading.Event)  # ``shared``
    written: threading.Event = field(default_factory=threading.Event)  # and the ``later`` steps
    finished: threading.Event = field(default_factory=threading.Event)
    cancelled: threading.Event = field(default_factory=threading.Event)

    def render(self, name: str) -> None:
        """Write the file ``name`` (output-relative) now, if it is one of the recorded pages."""
        if self.writer is None or self.error is not None:
            return
        jobs = self.writer.by_name.get(os.path.normpath(name), [])
        with self.lock:
            for job in jobs:
                self.render_job(job)

    def render_job(self, job: Job) -> None:
        try:
            with logged_errors() as errors:
                self.writer.render(job)
        except Exception as error:
            self.fail(failure_message(error))
            return
        if errors:
            self.fail("\n".join(f"Fehler: {message}" for message in errors))

    def fail(self, message: str) -> None:
        if self.error is None:
            self.error = message
            print(message, file=sys.stderr, flush=True)
            print(
                "Die Vorschau zeigt eine Fehlerseite, bis der Fehler behoben ist.",
                file=sys.stderr,
                flush=True,
            )

    def write_later_steps(self) -> None:
        """The generators' own files, and the pages they record, in the order of a build."""
        try:
            for number, step in enumerate(self.shared + self.later):
                if number == len(self.shared):
                    self.shared_written.set()
                if self.cancelled.is_set() or self.error is not None:
                    return
                if not self.run_reported(step):
                    return
        finally:
            self.shared_written.set()
            self.written.set()

    def run_reported(self, step: Callable[[], object]) -> bool:
        """Run one step; an exception or a logged error fails this state. True: it went through."""
        try:
            with logged_errors() as errors:
                step()
        except Exception as error:
            self.fail(failure_message(error))
            return False
        if errors:
            self.fail("\n".join(f"Fehler: {message}" for message in errors))
            return False
        return True

    def finish(self, is_current: Callable[[State], bool], final: Path, preview: bool) -> None:
        """The generators' own files, the rest of the pages, the steps after them, then the
        folder swapped in."""
        try:
            self.write_later_steps()
            for job in list(self.writer.jobs):
                if self.cancelled.is_set() or self.error is not None:
                    return
                with self.lock:
                    self.render_job(job)
            if self.cancelled.is_set() or self.error is not None:
                return
            from pelican import signals

            if not self.run_reported(lambda: signals.finalized.send(self.pelican)):
                return
            if preview:
                (self.folder / PREVIEW_MARKER).write_text(
                    "Vorschau mit Entwürfen und Sperrfristen: nie veröffentlichen.\n",
                    encoding="utf-8",
                )
            with self.lock:
                if not is_current(self) or self.cancelled.is_set():
                    return
                staging = self.folder
                swap_in(staging, final)
                self.folder = final
            shutil.rmtree(staging, ignore_errors=True)
        finally:
            self.shared_written.set()
            self.written.set()
            self.finished.set()
            if self.folder != final:
                shutil.rmtree(self.folder, ignore_errors=True)


class LivePreview:
    """The states of the site, one after the other; the newest is served."""

    def __init__(self, settings_file: str, overrides: dict[str, Any], output: Path) -> None:
        self.settings_file = settings_file
        self.overrides = overrides
        self.output = output
        self.preview = bool(overrides.get("EMBARGO_PREVIEW"))
        self.cache = output.parent / f".{output.name}-cache"
        self.current: State | None = None
        self.last_good: State | None = None
        self.counter = 0
        self.switch = threading.Lock()
        self.templates = compiled_templates()
        # Press releases and pages as read, kept from one state to the next (core/kept.py).
        self.kept = KeptContent()

    def is_current(self, state: State) -> bool:
        return self.current is state

    def read(self) -> State:
        """Read the site anew (in the calling thread); its pages are rendered later."""
        from pelican import Pelican

        self.counter += 1
        self.output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}-neu-", dir=self.output.parent))
        staging.chmod(0o755)
        state = State(self.counter, staging)
        printed = io.StringIO()
        try:
            with logged_errors() as errors, contextlib.redirect_stdout(printed):
                settings = load_settings(
                    self.settings_file,
                    {
                        **self.overrides,
                        "OUTPUT_PATH": str(staging),
                        "SPEED_CACHE_PATH": str(self.cache),
                        KEPT_CONTENT: self.kept,
                    },
                )
                state.pelican = Pelican(settings)
                state.writer, state.shared, state.later = read_site(state.pelican, self.templates)
            if errors:
                state.fail("\n".join(f"Fehler: {message}" for message in errors))
        except Exception as error:
            if os.environ.get("DEBUG"):
                traceback.print_exc()
            state.fail(failure_message(error))
        if printed.getvalue().strip():
            print(printed.getvalue().strip(), flush=True)
        with self.switch:
            previous, self.current = self.current, state
            if previous is not None:
                previous.cancelled.set()
        if state.error is not None:
            state.shared_written.set()
            state.written.set()
            state.finished.set()
            shutil.rmtree(staging, ignore_errors=True)
        return state

    def finish_in_background(
        self, state: State, on_failure: Callable[[], None] | None = None
    ) -> threading.Thread:
        """The rest of ``state`` in a thread; ``on_failure`` once it failed there (the page
        the browser shows is then no longer the newest state)."""

        def finish() -> None:
            state.finish(self.is_current, self.output, self.preview)
            if state.error is not None and self.is_current(state) and on_failure is not None:
                on_failure()
            if self.is_current(state):
                self.kept.save_later()  # the reader caches, for the next start
                settle_memory()

        thread = threading.Thread(
            target=finish,
            name=f"vorschau-{state.number}",
            daemon=True,
        )
        thread.start()
        return thread

    def file_for(self, name: str) -> tuple[State | None, Path | None]:
        """The file behind an output-relative name, rendered first if it is a recorded page;
        (state, None) if there is none yet."""
        state = self.current
        if state is None:
            return None, None
        state.render(name)
        with state.lock:
            folder = state.folder if state.error is None else self.output
            path = folder / name
        if state.error is None and not path.is_file() and not state.shared_written.is_set():
            # The stylesheet, a font: written first of the other generators' files.
            state.shared_written.wait(FINISH_WAIT_SECONDS)
            with state.lock:
                path = (state.folder if state.error is None else self.output) / name
        if state.error is None and not path.is_file() and not state.written.is_set():
            # A file of the other generators (calendar, vCard, press kit, event page …).
            state.written.wait(FINISH_WAIT_SECONDS)
            state.render(name)
            with state.lock:
                path = (state.folder if state.error is None else self.output) / name
        if (
            state.error is None
            and not path.is_file()
            and not state.finished.is_set()
            and written_after_pages(state.pelican.settings, name)
        ):
            # Sitemap and search index come after the pages: wait for them.
            state.finished.wait(FINISH_WAIT_SECONDS)
            with state.lock:
                path = state.folder / name
        return state, (path if path.is_file() else None)


def written_after_pages(settings: dict[str, Any], name: str) -> bool:
    """A file of the steps after the pages: the search index, the sitemap, robots.txt."""
    search = capability_settings(settings, "SEARCH")
    sitemap = capability_settings(settings, "SITEMAP")
    bundle = str(search["bundle_dir"]).strip("/") + "/"
    return name.startswith(bundle) or name in (sitemap["save_as"], sitemap["robots_save_as"])


# --- Watching the files ---------------------------------------------------------------------

PLUGINS = Path(__file__).resolve().parents[2]  # plugins/
# Folders and files an editor or a tool writes that are not part of the site.
IGNORED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache", "node_modules"}


def ignored(path: str) -> bool:
    """Editor backups, caches and hidden files do not trigger a rebuild."""
    parts = Path(path).parts
    name = parts[-1] if parts else ""
    return (
        bool(IGNORED_PARTS.intersection(parts)) or name.startswith((".", "#")) or name.endswith("~")
    )


def watched_paths(settings: dict[str, Any], settings_file: str) -> list[Path]:
    """Content, theme, plugin and the settings: whatever changes the built site."""
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), PLUGINS]
    paths += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    own = Path(settings_file).resolve()
    paths += [own, own.with_name("pelicanconf.py")]
    unique: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if resolved.exists() and resolved not in unique:
            unique.append(resolved)
    return unique


def changed_code(paths: Iterable[str]) -> bool:
    """A change to the plugin's own code: only a fresh interpreter runs it."""
    return any(
        Path(path).suffix == ".py" and Path(path).resolve().is_relative_to(PLUGIN_FOLDER)
        for path in paths
    )


def restart() -> None:
    print("Der Code des Plugins hat sich geändert: die Vorschau startet neu …", flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "newsroom", *sys.argv[1:]])


def watch(paths: list[Path], on_change: Callable[[set[str]], None], stop: threading.Event) -> None:
    """Call ``on_change`` with the changed paths after each save (inotify, via watchfiles)."""
    from watchfiles import watch as watch_files

    def relevant(change: Any, path: str) -> bool:
        return not ignored(path)

    for changes in watch_files(
        *paths,
        watch_filter=relevant,
        debounce=400,
        step=30,
        stop_event=stop,
        raise_interrupt=False,
    ):
        on_change({path for _, path in changes})


# --- The server -----------------------------------------------------------------------------


def error_page(message: str) -> bytes:
    from jinja2 import Environment, FileSystemLoader

    environment = Environment(
        loader=FileSystemLoader(ERROR_TEMPLATE.parent), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template(ERROR_TEMPLATE.name).render(message=message).encode("utf-8")


ADMIN_PATH = "/admin/"  # the CMS (CMS_SAVE_AS): never live-reloaded


def application(preview: LivePreview, port: int) -> Any:
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web

    script = f'<script src="/livereload.js?port={port}"></script>'.encode()

    class PageHandler(web.RequestHandler):
        def head(self, path: str) -> None:
            self.get(path, head=True)

        def get(self, path: str, head: bool = False) -> None:
            name = os.path.normpath(path or ".")
            if name.startswith("..") or os.path.isabs(name) or "\0" in name:
                self.send_error(404)
                return
            is_folder = path == "" or path.endswith("/")
            name = "index.html" if name == "." else name
            if is_folder and name != "index.html":
                name = f"{name}/index.html"
            state, found = preview.file_for(name)
            is_page = name.endswith(".html") or is_folder
            if state is not None and state.error is not None and is_page:
                self.send_page(500, error_page(state.error), head)
                return
            if found is None and not is_folder:
                # A folder's address without its slash: redirect like a web server.
                _, index = preview.file_for(f"{name}/index.html")
                if index is not None:
                    self.redirect(f"/{path}/")
                    return
            if found is None:
                self.send_error(404)
                return
            data = found.read_bytes()
            if found.suffix == ".html":
                self.send_page(200, data, head)
                return
            kind, _ = mimetypes.guess_type(found.name)
            self.set_header("Content-Type", kind or "application/octet-stream")
            self.set_header("Cache-Control", "no-store")
            if not head:
                self.write(data)

        def send_page(self, status: int, data: bytes, head: bool) -> None:
            # A save in the CMS rebuilds the preview; that must not reload the CMS page itself.
            if b"</head>" in data and not self.request.path.startswith(ADMIN_PATH):
                data = data.replace(b"</head>", script + b"</head>", 1)
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            if not head:
                self.write(data)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            # The site's own 404 page, rendered first if the background has not come to it.
            _, page = preview.file_for(NOT_FOUND_PAGE) if status_code == 404 else (None, None)
            if page is not None:
                self.send_page(404, page.read_bytes(), False)
                self.finish()
            else:
                from .localserver import ERROR_PAGE

                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(ERROR_PAGE % {"code": status_code})

        def log_exception(self, *args: Any) -> None:
            pass

    return web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", PageHandler),
        ],
        log_function=lambda handler: None,
    )


def reload_browsers() -> None:
    """Tell every open page to load again (livereload's protocol)."""
    from livereload.handlers import LiveReloadHandler

    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:  # a page closed meanwhile
            LiveReloadHandler.waiters.discard(waiter)


def serve(args: argparse.Namespace, settings: dict[str, Any], overrides: dict[str, Any]) -> int:
    """Read the site, serve it on ``host:port``, read it anew after every save, until Ctrl+C."""
    from tornado import ioloop

    output = Path(args.output or settings["OUTPUT_PATH"]).resolve()
    for folder in leftovers(output, "neu"):  # of an earlier preview that was killed
        shutil.rmtree(folder, ignore_errors=True)
    preview = LivePreview(args.settings, overrides, output)
    first = preview.read()
    if first.error is None:
        print(f"Gelesen: {len(first.writer.jobs)} Seiten bereit.", flush=True)
    loop = ioloop.IOLoop.current()

    def reload_later() -> None:
        loop.add_callback(reload_browsers)

    if first.error is None:
        preview.finish_in_background(first, reload_later)

    def reread(paths: set[str]) -> None:
        if changed_code(paths):
            restart()
        started = time.monotonic()
        state = preview.read()
        if state.error is None:
            seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")
            print(f"Neu gelesen in {seconds} s: {', '.join(sorted(relative(paths)))}", flush=True)
            preview.finish_in_background(state, reload_later)
        reload_browsers()

    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(watched_paths(settings, args.settings), lambda p: loop.add_callback(reread, p), stop),
        name="beobachter",
        daemon=True,
    )
    try:
        application(preview, args.port).listen(args.port, address=args.host)
    except OSError as error:
        print(
            f"Fehler: Feld „PORT“: Port {args.port} auf {args.host} ist nicht verfügbar "
            f"({error.strerror}). Nehmen Sie einen anderen, z. B. PORT={args.port + 1}.",
            file=sys.stderr,
        )
        return 2
    watcher.start()
    what = "Vorschau (mit Entwürfen und Sperrfristen)" if preview.preview else "Website"
    print(
        f"{what} unter http://{args.host}:{args.port}/ – Änderungen werden sofort neu gebaut. "
        "Beenden mit Strg+C.",
        flush=True,
    )
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    print("\nServer beendet.", flush=True)
    return 0


def relative(paths: Iterable[str]) -> list[str]:
    names = []
    for path in paths:
        with contextlib.suppress(ValueError):
            path = str(Path(path).resolve().relative_to(Path.cwd()))
        names.append(path)
    return names
