"""``make devserver`` and ``make preview``: build, show the site on this computer only, rebuild on
every save and reload the browser (the ``livereload`` package). For development, never for
publishing.

Each rebuild runs ``python -m newsroom build`` as a new process, so changes to the plugin and the
settings count too, and a failed build leaves the last good site in place (the build swaps its
output in only on success). The browser's live-reload script is served by this server itself,
as a file: no third-party host, and no inline script that the Content-Security-Policy would block.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .build import preview_refusal
from .settings import SettingsProblem, load_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ADMIN_PATH = "/admin/"  # the CMS (CMS_SAVE_AS): never reloaded by the live reload
PLUGINS = Path(__file__).resolve().parents[2]
# Folders and files an editor or a tool writes that are not part of the site.
IGNORED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache", "node_modules"}


def live_reload_server() -> Any:
    """livereload's server, its client script included as a file of this server.

    An unknown address gets the site's own 404 page with the status 404 (not Tornado's
    English one); livereload's and Tornado's English log lines are left out, only their
    errors are shown.
    """
    from livereload import Server
    from livereload.handlers import (
        ForceReloadHandler,
        LiveReloadHandler,
        LiveReloadJSHandler,
        StaticFileHandler,
    )
    from livereload.server import LiveScriptInjector
    from tornado import escape, web

    from .localserver import ERROR_PAGE, NOT_FOUND_PAGE

    class SiteFileHandler(StaticFileHandler):
        def write_error(self, status_code: int, **kwargs: Any) -> None:
            page = Path(self.root) / NOT_FOUND_PAGE
            self.set_header("Content-Type", "text/html; charset=utf-8")
            if status_code == 404 and page.is_file():
                self.finish(page.read_bytes())
            else:
                self.finish(ERROR_PAGE % {"code": status_code})

    class LocalServer(Server):
        def __init__(self) -> None:
            super().__init__()
            self.SFH = SiteFileHandler

        def _setup_logging(self) -> None:
            quiet = logging.StreamHandler()
            quiet.setLevel(logging.ERROR)
            for name in ("livereload", "tornado"):
                logging.getLogger(name).addHandler(quiet)
                logging.getLogger(name).setLevel(logging.ERROR)

        def application(self, port, host, liveport=None, debug=None, live_css=True):
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            tag = escape.utf8(f'<script src="/livereload.js?port={port}"></script>')

            class Injector(LiveScriptInjector):
                script = tag

                def __init__(self, request: Any) -> None:
                    super().__init__(request)
                    self.path = request.path

                def transform_first_chunk(self, status_code, headers, chunk, finishing):
                    # A rebuild after saving in the CMS must not reload the CMS page itself.
                    if self.path.startswith(ADMIN_PATH):
                        return status_code, headers, chunk
                    return super().transform_first_chunk(status_code, headers, chunk, finishing)

            handlers = [
                (r"/livereload", LiveReloadHandler),
                (r"/forcereload", ForceReloadHandler),
                (r"/livereload.js", LiveReloadJSHandler),
                *self.get_web_handlers(tag),
            ]
            application = web.Application(handlers=handlers, transforms=[Injector])
            application.listen(port, address=host)

    return LocalServer()


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


def builder(args: argparse.Namespace, output: Path) -> Callable[[], None]:
    """The rebuild: a fresh ``python -m newsroom build`` into ``output``."""
    command = [sys.executable, "-m", "newsroom", "build", "--settings", args.settings]
    command += ["--output", str(output)]
    if args.content:
        command += ["--content", args.content]
    if args.preview:
        command.append("--preview")

    def rebuild() -> None:
        print("Baue die Website …", flush=True)
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            print(
                "Der Bau ist fehlgeschlagen (Meldungen oben); der Browser zeigt weiter den "
                "letzten gelungenen Stand.",
                flush=True,
            )

    return rebuild


def serve(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """Build, serve on 127.0.0.1 and rebuild on every change until Ctrl+C."""
    if args.host not in LOOPBACK:
        print(
            f"Fehler: Feld „HOST“: „{args.host}“ – der Entwicklungsserver zeigt Entwürfe und "
            "läuft darum nur auf diesem Rechner. Nehmen Sie HOST=127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    try:
        settings = load_settings(args.settings, overrides)
    except SettingsProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    refusal = preview_refusal(settings, args.settings)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    output = Path(args.output or settings["OUTPUT_PATH"]).resolve()
    rebuild = builder(args, output)
    rebuild()
    for name in ("livereload", "tornado"):  # they log through handlers of their own
        logging.getLogger(name).propagate = False
    server = live_reload_server()
    for path in watched_paths(settings, args.settings):
        server.watch(str(path), rebuild, ignore=ignored)
    what = "Vorschau (mit Entwürfen und Sperrfristen)" if args.preview else "Website"
    print(
        f"{what} unter http://{args.host}:{args.port}/ – Änderungen werden sofort neu gebaut. "
        "Beenden mit Strg+C.",
        flush=True,
    )
    server.serve(host=args.host, port=args.port, root=str(output), restart_delay=0)
    print("\nServer beendet.", flush=True)
    return 0
