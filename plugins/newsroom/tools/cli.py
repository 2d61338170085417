"""The site's commands: ``python -m newsroom build|check|new|serve|devserver|deploy``, called by
the Makefile.

Each command imports what it needs when it runs (a module of its own in this package), so that
``deploy`` loads neither Pelican nor any plugin.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ..core.schema import COMMAND_NAMES
from .deploy import DeployError
from .deploy import deploy as copy_to_target
from .settings import PREVIEW_OUTPUT


def configure_logging(debug: bool) -> None:
    """Log messages as they are written (ours are German), without English level names."""
    from pelican.log import init as init_logging

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    init_logging(level=logging.DEBUG if debug else logging.WARNING, handler=handler)


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Settings given on the command line: another content folder (tests, benchmarks)."""
    return {"PATH": str(Path(args.content).resolve())} if args.content else {}


def deploy(output: str, target: str, rsync: str) -> int:
    """Copy a finished build to its target; see :mod:`newsroom.tools.deploy`."""
    try:
        print(copy_to_target(Path(output), target, rsync))
    except DeployError as error:
        print(f"Fehler: Veröffentlichen: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsroom")
    commands = parser.add_subparsers(dest="command", required=True)
    deploy_cmd = commands.add_parser("deploy", help="die fertige Ausgabe veröffentlichen")
    deploy_cmd.add_argument("--output", default="output")
    deploy_cmd.add_argument("--target", default=os.environ.get("DEPLOY_TARGET", ""))
    deploy_cmd.add_argument("--rsync", default=os.environ.get("DEPLOY_RSYNC", "rsync"))
    build_cmd = commands.add_parser("build", help="die Website bauen (atomar)")
    build_cmd.add_argument("--output", default=None)
    check_cmd = commands.add_parser("check", help="alle Inhalte prüfen, nichts schreiben")
    serve_cmd = commands.add_parser("devserver", help="bauen, zeigen, bei Änderungen neu bauen")
    serve_cmd.add_argument("--output", default=None)
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    local_cmd = commands.add_parser("serve", help="die gebaute Website auf diesem Rechner zeigen")
    local_cmd.add_argument("--output", default="output")
    local_cmd.add_argument("--host", default="127.0.0.1")
    local_cmd.add_argument("--port", type=int, default=8000)
    for command in (build_cmd, serve_cmd):
        command.add_argument(
            "--preview", action="store_true", help="Vorschau: Entwürfe und Sperrfristen zeigen"
        )
    new_cmd = commands.add_parser("new", help="eine neue Inhaltsdatei aus der Vorlage anlegen")
    new_cmd.add_argument("kind", choices=sorted(COMMAND_NAMES))
    new_cmd.add_argument("--title", required=True, help="der Titel")
    new_cmd.add_argument("--date", default=None, help="JJJJ-MM-TT (sonst heute)")
    new_cmd.add_argument("--section", default=None, help="Ordner einer Seite: projekte, seiten")
    for command in (build_cmd, check_cmd, serve_cmd, new_cmd):
        command.add_argument("--settings", default="pelicanconf.py")
        command.add_argument("--content", default=None, help="anderer Inhaltsordner")
    args = parser.parse_args(argv)
    debug = bool(os.environ.get("DEBUG"))
    if args.command == "deploy":  # copies files only: no Pelican, no plugin
        return deploy(args.output, args.target, args.rsync)
    configure_logging(debug)
    overrides = overrides_from(args) if hasattr(args, "content") else {}
    if getattr(args, "preview", False):
        overrides["EMBARGO_PREVIEW"] = True
        args.output = args.output or PREVIEW_OUTPUT
    if args.command == "build":
        from .build import build

        return build(args.settings, args.output, overrides, debug)
    if args.command == "serve":
        from .localserver import serve as serve_output

        return serve_output(args.output, args.host, args.port)
    if args.command == "devserver":
        from .devserver import serve

        return serve(args, overrides)
    if args.command == "new":
        from .new import create
        from .settings import SettingsProblem, load_settings

        try:
            settings = load_settings(args.settings, overrides)
        except SettingsProblem as problem:
            print(problem, file=sys.stderr)
            return 2
        return create(settings, args.kind, args.title, args.date, args.section)
    from .check import check

    return check(args.settings, overrides, debug)
