"""``python -m newsroom build``: the whole site into a fresh folder beside the output, put in
place only when every step succeeded: a failed build leaves the last output exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import io
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.publication import preview_allowed, preview_requested
from ..core.report import ContentError
from ..core.settings import capability_settings
from ..core.sources import yaml_error_line
from .deploy import PREVIEW_MARKER
from .settings import PREVIEW_OUTPUT, SettingsProblem, load_settings


class CountingHandler(logging.Handler):
    """Remembers errors Pelican logs (a template error, a file it could not read)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


def yaml_error_message(error: Exception) -> str | None:
    """One line naming the YAML file and line for a data file that does not parse."""
    import yaml

    if not isinstance(error, yaml.YAMLError):
        return None
    mark = getattr(error, "problem_mark", None)
    where = mark.name if mark is not None and not mark.name.startswith("<") else "YAML-Datei"
    line = yaml_error_line(error)
    place = f"{where}:{line}" if line else where
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return (
        f"Fehler: {place}: Die Datei ist kein gültiges YAML ({problem}). Prüfen Sie Einrückung "
        "und Doppelpunkte in dieser Zeile."
    )


# Pelican's closing line (printed, not logged), and the German one that replaces it.
# Rich wraps it at the width of its console, so any space may be a line break.
PELICAN_DONE = re.compile(
    r"Done: Processed (?P<articles>\d+) articles?, \d+ drafts?, \d+ hidden articles?, "
    r"(?P<pages>\d+) pages?, \d+ hidden pages? and \d+ draft pages? in "
    r"(?P<seconds>[\d.]+) seconds\.".replace(" ", r"\s+")
)


def german_done(match: re.Match[str]) -> str:
    """„Fertig: 2 Pressemitteilungen und 9 Seiten in 1,9 Sekunden verarbeitet.“"""
    from babel.numbers import format_decimal

    articles, pages = int(match["articles"]), int(match["pages"])
    seconds = format_decimal(float(match["seconds"]), "#,##0.0", locale="de_DE")
    releases = "Pressemitteilung" if articles == 1 else "Pressemitteilungen"
    return (
        f"Fertig: {articles} {releases} und {pages} {'Seite' if pages == 1 else 'Seiten'} "
        f"in {seconds} Sekunden verarbeitet."
    )


def run_pelican(settings: dict[str, Any]) -> list[str]:
    """Run Pelican once; return the errors it logged.

    What Pelican prints instead of logging (its English closing line) is caught and said in
    German; anything else it prints is passed on as it is.
    """
    from pelican import Pelican

    handler = CountingHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            Pelican(settings).run()
    finally:
        root.removeHandler(handler)
        text = printed.getvalue()
        done = PELICAN_DONE.search(text)
        rest = PELICAN_DONE.sub("", text).strip()
        if rest:
            print(rest)
        if done:
            print(german_done(done))
    return handler.messages


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return done == 0


def swap_in(staging: Path, output: Path) -> None:
    """Put the finished build in place of the old output.

    Where the system can, both folders trade places in one step, so ``output`` never goes
    missing; the old output then sits in ``staging`` (:func:`discard` it). Elsewhere two
    renames do it, and :func:`recover` repairs the gap should the process die between them.
    """
    if output.is_dir() and not output.is_symlink() and exchange(staging, output):
        return
    retired = output.with_name(f".{output.name}-alt-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        if retired.exists():
            retired.rename(output)
        raise
    if retired.exists():
        discard(retired, output)


# The old output after a swap, on its way out: deleted, never restored, served or published.
REPLACED = "ersetzt"


def discard(folder: Path, output: Path) -> None:
    """Delete ``folder`` (an output a build replaced) without waiting for it.

    Deleting the ~12,000 entries of an output took a tenth of a warm build. The folder is
    renamed in one step to ``.NAME-ersetzt-…`` beside the output, a name that only ever means
    "delete me", and a process of its own deletes it while the build finishes; should that
    process be killed, :func:`recover` deletes the rest before the next build.
    """
    target = output.with_name(f".{output.name}-{REPLACED}-{os.getpid()}-{time.time_ns()}")
    try:
        folder.rename(target)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    delete_in_background(target)


def delete_in_background(folder: Path) -> None:
    """``rm -rf folder`` in a process detached from this one: in a session of its own (Ctrl+C
    in the terminal does not stop it), not waited for, and no zombie left behind."""
    script = 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &'
    try:
        shell = os.posix_spawnp(
            "sh", ["sh", "-c", script, "sh", str(folder)], os.environ, setsid=True
        )
        os.waitpid(shell, 0)  # the shell returns at once; rm goes on, adopted by init
    except OSError:  # no POSIX shell here: delete it now
        shutil.rmtree(folder, ignore_errors=True)


def leftovers(output: Path, kind: str) -> list[Path]:
    """Folders an earlier build left beside the output (``neu``, ``alt`` or ``ersetzt``)."""
    pattern = f".{output.name}-{kind}-*"
    return sorted(p for p in output.parent.glob(pattern) if p.is_dir())


def recover(output: Path) -> None:
    """Undo what a build killed midway left: restore the output, remove half-built folders,
    delete what remains of replaced outputs (those are never restored).

    Runs under the build lock, so every ``alt`` or ``neu`` folder belongs to a build that is
    gone; an ``ersetzt`` folder may still be being deleted, a second ``rm`` does no harm.
    """
    retired = leftovers(output, "alt")
    if retired and not output.exists():
        newest = max(retired, key=lambda p: p.stat().st_mtime_ns)
        newest.rename(output)
        retired.remove(newest)
    for folder in retired + leftovers(output, "neu"):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in leftovers(output, REPLACED):
        delete_in_background(folder)


@contextlib.contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits for the first."""
    lock_file = output.with_name(f".{output.name}-sperre")
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class BuildTooLong(BaseException):
    """The build ran past ``LIMITS_BUILD_SECONDS``; a BaseException, so no step swallows it."""


def stop_after_time_limit(signum: int, frame: Any) -> None:
    raise BuildTooLong


def stop_on_signal(signum: int, frame: Any) -> None:
    """SIGTERM/SIGHUP end the build like an error: the staging folder is removed."""
    raise SystemExit(128 + signum)


def template_error_message(error: Exception) -> str | None:
    """One line naming the template file and line for an error inside a Jinja template."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from pelican.generators import PelicanTemplateNotFound

    if isinstance(error, PelicanTemplateNotFound):
        return f"Fehler: Vorlage fehlt im Theme: {error}. Legen Sie sie in theme/templates/ an."
    if not isinstance(error, TemplateError):
        return None
    where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not isinstance(error, TemplateSyntaxError):
        frames = [
            frame
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename.endswith((".html", ".xml", ".txt", ".ics"))
        ]
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    where = where or "Vorlage"
    with contextlib.suppress(ValueError):
        where = str(Path(where).resolve().relative_to(Path.cwd()))
    place = f"{where}:{line}" if line else where
    return (
        f"Fehler: {place}: Vorlagenfehler: {(error.message or type(error).__name__).rstrip('.')}. "
        "Korrigieren Sie die Vorlage im Theme."
    )


def build(settings_file: str, output: str | None, overrides: dict[str, Any], debug: bool) -> int:
    try:
        settings = load_settings(settings_file, overrides)
    except SettingsProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    refusal = preview_refusal(settings, settings_file)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    refusal = preview_output_refusal(settings, final)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    final.parent.mkdir(parents=True, exist_ok=True)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    with build_lock(final):
        recover(final)
        return build_into(settings_file, final, overrides, debug)


def build_into(settings_file: str, final: Path, overrides: dict[str, Any], debug: bool) -> int:
    """Build into a fresh folder beside ``final``; swap it in only if everything succeeded."""
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-neu-", dir=final.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the site from the web server
    try:
        settings = load_settings(settings_file, {**overrides, "OUTPUT_PATH": str(staging)})
        # The content cache belongs to this output (builds of it are locked against each other).
        settings.setdefault("SPEED_CACHE_PATH", str(final.parent / f".{final.name}-cache"))
        # Files that come out as in the output this build replaces are linked, not written.
        settings.setdefault("SPEED_REUSE_OUTPUT", str(final))
        seconds = float(capability_settings(settings, "LIMITS")["build_seconds"])
        signal.signal(signal.SIGALRM, stop_after_time_limit)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            errors = run_pelican(settings)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if errors:
            print("Die Website wurde nicht gebaut:", file=sys.stderr)
            for message in errors:
                print(f"Fehler: {message}", file=sys.stderr)
            return 1
        if preview_requested(settings):
            (staging / PREVIEW_MARKER).write_text(
                "Vorschau mit Entwürfen und Sperrfristen: nie veröffentlichen.\n", encoding="utf-8"
            )
        swap_in(staging, final)
        if staging.exists():  # the replaced output, exchanged into it
            discard(staging, final)
    except ContentError as error:
        print(error.report.render(), file=sys.stderr)
        print("Die Website wurde nicht gebaut; die bisherige Ausgabe bleibt.", file=sys.stderr)
        return 1
    except BuildTooLong:
        print(
            f"Fehler: Der Build dauerte länger als {seconds:g} Sekunden (LIMITS_BUILD_SECONDS) "
            "und wurde abgebrochen. Prüfen Sie zuletzt geänderte Inhalte auf sehr große oder "
            "tief verschachtelte Dateien.",
            file=sys.stderr,
        )
        print("Die Website wurde nicht gebaut; die bisherige Ausgabe bleibt.", file=sys.stderr)
        return 1
    except Exception as error:  # a failure of the build itself, not of content
        if debug:
            traceback.print_exc()
        message = template_error_message(error) or yaml_error_message(error)
        if message:
            print(message, file=sys.stderr)
            print("Die Website wurde nicht gebaut; die bisherige Ausgabe bleibt.", file=sys.stderr)
            return 1
        print(f"Interner Fehler beim Bauen: {type(error).__name__}: {error}", file=sys.stderr)
        print("Mit DEBUG=1 erscheinen die Einzelheiten.", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Website gebaut: {final}")
    return 0


def preview_refusal(settings: dict[str, Any], settings_file: str) -> str | None:
    """Why this build may not run as a preview: never with the production settings."""
    if preview_requested(settings) and not preview_allowed(settings):
        return (
            f"Fehler: {settings_file}: Die Vorschau mit Entwürfen und Sperrfristen darf nicht mit "
            "den Produktions-Einstellungen gebaut werden. Nehmen Sie `make preview` "
            "(pelicanconf.py)."
        )
    return None


def preview_output_refusal(settings: dict[str, Any], final: Path) -> str | None:
    """Why a preview may not go to ``final``: the production output, or any folder that holds
    a site built without the preview (it would be overwritten with drafts and embargoes)."""
    if not preview_requested(settings):
        return None
    production = Path(settings["OUTPUT_PATH"]).resolve()
    if final == production:
        return (
            f"Fehler: {final}: Die Vorschau darf nicht in den Ausgabeordner der Website "
            f"geschrieben werden. Nehmen Sie `make preview` (Ordner {PREVIEW_OUTPUT}/)."
        )
    if (final / "index.html").exists() and not (final / PREVIEW_MARKER).is_file():
        return (
            f"Fehler: {final}: Der Ordner enthält eine Website, die keine Vorschau ist; die "
            "Vorschau überschreibt sie nicht. Wählen Sie einen anderen Ordner mit --output; "
            "liegt dort nur eine ältere Vorschau, löschen Sie den Ordner (`make clean`)."
        )
    return None
