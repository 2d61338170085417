"""``make deploy``: the finished output to ``DEPLOY_TARGET``, new files in place before stale go.

The target is a local folder or an rsync destination (``user@host:/srv/www/newsroom/``,
``rsync://…``). rsync runs twice: the first pass copies new and changed files and, with
``--delay-updates``, puts them in place together at its end; only the second pass deletes what
the new site no longer has. A reader never gets a page whose stylesheet is not there yet, nor
loses a file the page in their browser still needs. Files are compared by content, not by
time stamp: every build writes every file anew.

Without rsync, a local target gets the same order from Python: changed files are written beside
their place and renamed over the old ones (pages last), then stale files are removed.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from pathlib import Path

# Readable by the web server whatever the build machine's umask was.
RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--times",
    "--checksum",
    "--perms",
    "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r",
]
PAGES_LAST = (".html", ".htm")
# Written into every preview output by the build; a folder holding it is never deployed. No
# static file can carry this name (static folders publish only pictures and PDF).
PREVIEW_MARKER = ".newsroom-vorschau"


class DeployError(Exception):
    """The output cannot be deployed; the message says why, in German, for the log."""


def is_remote(target: str) -> bool:
    """rsync's own rule: ``rsync://…`` or a colon before the first slash (``host:path``)."""
    return target.startswith("rsync://") or ":" in target.split("/", 1)[0]


def rsync_passes(rsync: str, source: Path, target: str) -> list[list[str]]:
    """The two rsync commands: copy without deleting, then delete what is stale."""
    origin = f"{source}/"
    destination = target if target.endswith("/") else f"{target}/"
    return [
        [rsync, *RSYNC_OPTIONS, "--delay-updates", origin, destination],
        [rsync, *RSYNC_OPTIONS, "--delete", origin, destination],
    ]


def copy_in_place(source: Path, target: Path) -> None:
    """Local deploy without rsync: changed files first (pages last), then stale files go."""
    target.mkdir(parents=True, exist_ok=True)
    files = sorted(
        (p for p in source.rglob("*") if p.is_file()),
        key=lambda p: (p.suffix.lower() in PAGES_LAST, p.as_posix()),
    )
    for path in files:
        destination = target / path.relative_to(source)
        if destination.is_file() and filecmp.cmp(path, destination, shallow=False):
            continue
        if destination.is_dir():
            shutil.rmtree(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        incoming = destination.with_name(f".{destination.name}.neu")
        shutil.copy2(path, incoming)
        os.replace(incoming, destination)
    wanted = {p.relative_to(source) for p in source.rglob("*")}
    for path in sorted(target.rglob("*"), reverse=True):  # deepest first: files before folders
        if path.relative_to(target) in wanted:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def deploy(source: Path, target: str, rsync: str = "rsync") -> str:
    """Deploy ``source`` to ``target``; return how it was done, for the log."""
    if not target:
        raise DeployError(
            "Kein Ziel angegeben. Setzen Sie DEPLOY_TARGET, z. B. "
            "„make deploy DEPLOY_TARGET=/srv/www/newsroom“ oder „…=user@host:/srv/www/newsroom“."
        )
    if not (source / "index.html").is_file():
        raise DeployError(
            f"{source} enthält keine fertige Website (index.html fehlt). "
            "Bauen Sie sie zuerst mit „make publish“."
        )
    if (source / PREVIEW_MARKER).exists():
        raise DeployError(
            f"{source} ist eine Vorschau mit Entwürfen und Sperrfristen und wird nie "
            "veröffentlicht. Bauen Sie die Website mit „make publish“."
        )
    remote = is_remote(target)
    if not remote:
        resolved = Path(target).resolve()
        if resolved == source.resolve() or source.resolve() in resolved.parents:
            raise DeployError(f"Das Ziel {target} liegt in der Ausgabe selbst.")
    program = shutil.which(rsync)
    if program is None:
        if remote:
            raise DeployError(
                f"„{rsync}“ ist nicht installiert, wird aber für das Ziel {target} gebraucht. "
                "Installieren Sie rsync (Debian: „apt-get install rsync“)."
            )
        copy_in_place(source, Path(target))
        return f"Veröffentlicht nach {target} (ohne rsync kopiert)."
    for command in rsync_passes(program, source, target):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise DeployError(
                f"rsync ist fehlgeschlagen ({done.returncode}): "
                f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}"
            )
    return f"Veröffentlicht nach {target} (rsync)."
