"""``make devserver`` and ``make preview``: show the site on this computer only, read it anew on
every save and reload the browser. For development, never for publishing.

The work is done by :mod:`newsroom.tools.livepreview` (one warm process, pages rendered when
asked for). The browser's live-reload script is served by this server itself, as a file: no
third-party host, and no inline script that the Content-Security-Policy would block.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .build import preview_refusal
from .settings import SettingsProblem, load_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PLUGINS = Path(__file__).resolve().parents[2]
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
    from .livepreview import serve as serve_live

    return serve_live(args, settings, overrides)
