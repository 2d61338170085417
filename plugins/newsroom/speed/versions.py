"""The one version check of the fast paths.

They replace or reach into internals of these packages — Pelican's reader and page loop,
Markdown's per-text inline step, where typogrify runs, the feed library's date of an empty
feed — which may change in any release. With exactly these versions installed the fast paths
are used; with any other, the build says so once and takes the packages' own, plain path.
"""

from __future__ import annotations

import logging
from importlib import metadata as package_metadata
from typing import Any

logger = logging.getLogger(__name__)

WRITTEN_FOR = {
    "pelican": "4.12.0",
    "markdown": "3.11.3",
    "typogrify": "2.1.0",
    "smartypants": "2.0.2",
    "feedgenerator": "2.2.1",
}


def installed_version(package: str) -> str | None:
    try:
        return package_metadata.version(package)
    except package_metadata.PackageNotFoundError:
        return None


def unexpected_versions() -> dict[str, str | None]:
    """Each package whose installed version is not the one the fast paths were written for."""
    installed = {package: installed_version(package) for package in WRITTEN_FOR}
    return {
        package: version
        for package, version in installed.items()
        if version != WRITTEN_FOR[package]
    }


def fast_paths_usable() -> bool:
    return not unexpected_versions()


def warn_plain_path(pelican: Any) -> None:
    """Signal ``initialized`` (other versions only): the build is correct, only slower."""
    found = ", ".join(
        f"{package} {version or 'fehlt'} (geschrieben für {WRITTEN_FOR[package]})"
        for package, version in sorted(unexpected_versions().items())
    )
    logger.warning(
        "Schnellwege des Builds aus, andere Versionen installiert: %s. Gebaut wird auf dem "
        "üblichen Weg von Pelican und Markdown; das Ergebnis ist dasselbe, nur langsamer. "
        "Abhilfe: die Versionen aus requirements.txt installieren (make setup) oder "
        "plugins/newsroom/speed/ an die neuen Versionen anpassen.",
        found,
    )
