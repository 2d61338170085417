"""``make devserver`` and ``make preview``: show the site on this computer only, read it anew on
every save and reload the browser. For development, never for publishing.

The work is done by :mod:`newsroom.tools.livepreview` (one warm process, pages rendered when
asked for). The browser's live-reload script is served by this server itself, as a file: no
third-party host, and no inline script that the Content-Security-Policy would block.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .build import preview_refusal
from .settings import SettingsProblem, load_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
