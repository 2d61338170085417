"""``python -m newsroom check``: every content check, nothing written."""

from __future__ import annotations

import sys
import traceback
from typing import Any

from ..core.checks import check_site
from .build import yaml_error_message
from .settings import SettingsProblem, load_settings


def check(settings_file: str, overrides: dict[str, Any], debug: bool = False) -> int:
    try:
        report = check_site(load_settings(settings_file, overrides))
    except SettingsProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    except Exception as error:  # a failure of the check itself, not of content
        if debug:
            traceback.print_exc()
        message = yaml_error_message(error)
        if message:
            print(message, file=sys.stderr)
            return 1
        print(f"Interner Fehler beim Prüfen: {type(error).__name__}: {error}", file=sys.stderr)
        print("Mit DEBUG=1 erscheinen die Einzelheiten.", file=sys.stderr)
        return 2
    stream = sys.stderr if report.errors else sys.stdout
    print(report.render(), file=stream)
    return 1 if report.errors else 0
