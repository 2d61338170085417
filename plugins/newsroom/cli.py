"""The site's commands: ``python -m newsroom build|check``, called by the Makefile.

``build`` writes the whole site into a fresh folder beside the output and puts it in place
only when every step succeeded: a failed build leaves the last output exactly as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from .validation import ContentError


class CountingHandler(logging.Handler):
    """Remembers errors Pelican logs (a template error, a file it could not read)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


def load_settings(settings_file: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    from pelican.settings import read_settings

    return read_settings(settings_file, override=overrides or {})


def configure_logging(debug: bool) -> None:
    from pelican.log import init as init_logging

    init_logging(level=logging.DEBUG if debug else logging.WARNING)


def run_pelican(settings: dict[str, Any]) -> list[str]:
    """Run Pelican once; return the errors it logged."""
    from pelican import Pelican

    handler = CountingHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        Pelican(settings).run()
    finally:
        root.removeHandler(handler)
    return handler.messages


def swap_in(staging: Path, output: Path) -> None:
    """Put the finished build in place of the old output with two renames."""
    retired = output.with_name(f".{output.name}-alt-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        if retired.exists():
            retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Settings given on the command line: another content folder (tests, benchmarks)."""
    return {"PATH": str(Path(args.content).resolve())} if args.content else {}


def build(settings_file: str, output: str | None, overrides: dict[str, Any], debug: bool) -> int:
    try:
        settings = load_settings(settings_file, overrides)
    except Exception as error:
        print(f"Fehler: {settings_file}: Einstellungen nicht lesbar: {error}", file=sys.stderr)
        return 2
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-neu-", dir=final.parent))
    try:
        settings = load_settings(settings_file, {**overrides, "OUTPUT_PATH": str(staging)})
        errors = run_pelican(settings)
        if errors:
            print("Die Website wurde nicht gebaut:", file=sys.stderr)
            for message in errors:
                print(f"Fehler: {message}", file=sys.stderr)
            return 1
        swap_in(staging, final)
    except ContentError as error:
        print(error.report.render(), file=sys.stderr)
        print("Die Website wurde nicht gebaut; die bisherige Ausgabe bleibt.", file=sys.stderr)
        return 1
    except Exception as error:  # a failure of the build itself, not of content
        if debug:
            traceback.print_exc()
        print(f"Interner Fehler beim Bauen: {type(error).__name__}: {error}", file=sys.stderr)
        print("Mit DEBUG=1 erscheinen die Einzelheiten.", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Website gebaut: {final}")
    return 0


def check(settings_file: str, overrides: dict[str, Any]) -> int:
    from .checks import check_site

    report = check_site(load_settings(settings_file, overrides))
    stream = sys.stderr if report.errors else sys.stdout
    print(report.render(), file=stream)
    return 1 if report.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsroom")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="die Website bauen (atomar)")
    build_cmd.add_argument("--output", default=None)
    check_cmd = commands.add_parser("check", help="alle Inhalte prüfen, nichts schreiben")
    for command in (build_cmd, check_cmd):
        command.add_argument("--settings", default="pelicanconf.py")
        command.add_argument("--content", default=None, help="anderer Inhaltsordner")
    args = parser.parse_args(argv)
    debug = bool(os.environ.get("DEBUG"))
    configure_logging(debug)
    if args.command == "build":
        return build(args.settings, args.output, overrides_from(args), debug)
    return check(args.settings, overrides_from(args))
