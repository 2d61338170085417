"""The settings a command works with: Pelican's, read from the settings file, or one German line
saying what is wrong with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The preview goes to a folder of its own, so that it can never be published by mistake.
PREVIEW_OUTPUT = "vorschau"


class SettingsProblem(Exception):
    """Settings that cannot be used; the message is one German line naming file and fix."""


def load_settings(settings_file: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's settings, or a :class:`SettingsProblem` that says what is wrong with them."""
    from pelican.settings import get_settings_from_file, read_settings

    overrides = overrides or {}
    if not Path(settings_file).is_file():
        raise SettingsProblem(
            f"Fehler: {settings_file}: Die Einstellungsdatei gibt es nicht. Rufen Sie den Befehl "
            "im Projektordner auf oder nennen Sie die Datei mit --settings."
        )
    try:
        own = get_settings_from_file(settings_file)
    except SyntaxError as error:
        raise SettingsProblem(
            f"Fehler: {settings_file}:{error.lineno}: Einstellungen nicht lesbar: {error.msg}. "
            "Korrigieren Sie die Zeile (Python-Schreibweise)."
        ) from None
    except Exception as error:
        raise SettingsProblem(
            f"Fehler: {settings_file}: Einstellungen nicht lesbar: {type(error).__name__}: {error}."
        ) from None
    content = overrides.get("PATH", own.get("PATH"))
    if content is not None:
        folder = Path(settings_file).resolve().parent / content
        if not folder.is_dir():
            raise SettingsProblem(
                f"Fehler: {content}: Feld „PATH“: Den Inhaltsordner gibt es nicht. Prüfen Sie "
                f"PATH in {settings_file} oder den Ordner nach --content."
            )
    try:
        return read_settings(settings_file, override=overrides)
    except Exception as error:
        raise SettingsProblem(
            f"Fehler: {settings_file}: Einstellungen nicht verwendbar: {error}"
        ) from None
