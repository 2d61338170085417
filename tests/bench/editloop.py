"""The editor's loop, measured: save a press release → the changed page is there.

Ours: ``python -m newsroom devserver`` (development settings), the time from writing the file
until the page, asked for over HTTP every 10 ms, contains the new sentence. Stock Pelican:
``pelican --autoreload`` with its content cache, the time until the page file it writes
contains the sentence (a static server would serve it from there). Between two edits each waits
until its previous work is done (our background steps, Pelican's whole rebuild), as an editor
who reads the page before the next change would.
"""

from __future__ import annotations

import functools
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.01
LIMIT_SECONDS = 600.0
# Stock Pelican's --autoreload may never notice a save (it misses some): a comparison, so it
# gets less patience than our own preview.
STOCK_LIMIT_SECONDS = 120.0
# Pause before each save, for both servers: Pelican's ``--autoreload`` arms a new watcher only
# after each rebuild has finished, so a save right after „Done:“ would go unnoticed. An editor
# does not save again within a second of reading the page either; the pause is not measured.
SETTLE_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def slug_of(path: Path) -> str:
    return re.search(r"^Slug: (.+)$", path.read_text(encoding="utf-8"), re.M)[1].strip()


def append_sentence(path: Path, marker: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{marker}: Die Anmeldung ist ab sofort möglich.\n")


class Lines:
    """The output lines of a process, collected in a thread."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self.read, args=(process,), daemon=True)
        self.thread.start()

    def read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def count(self, text: str) -> int:
        return sum(1 for line in list(self.lines) if text in line)

    def wait_for(
        self, text: str, count: int, process: subprocess.Popen, limit: float = LIMIT_SECONDS
    ) -> None:
        deadline = time.monotonic() + limit
        while self.count(text) < count:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("\n".join(self.lines[-30:]))
            time.sleep(0.05)


def until(condition, what: str, limit: float = LIMIT_SECONDS) -> float:
    """Seconds until ``condition()`` holds, polled every 10 ms."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def page_contains(url: str, marker: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return marker in response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def file_contains(path: Path, marker: str) -> bool:
    try:
        return marker in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def ours(
    content: Path, work: Path, releases: list[Path], edits: int, env: dict[str, str]
) -> list[float]:
    port = free_port()
    output = work / "live"
    command = [sys.executable, "-m", "newsroom", "devserver", "--settings", "pelicanconf.py"]
    command += ["--content", str(content), "--output", str(output), "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = Lines(process)
    seconds: list[float] = []
    try:
        lines.wait_for("Änderungen werden sofort neu gebaut", 1, process)
        idle = lambda: output.is_dir() and not list(work.glob(".live-neu-*"))  # noqa: E731
        until(idle, "the first state on disk")
        for number in range(1, edits + 1):
            path = releases[(number * 7919 + 13) % len(releases)]
            url = f"http://127.0.0.1:{port}/pressemitteilungen/{path.parent.name}/{slug_of(path)}/"
            marker = f"Schleife {number} unser"
            time.sleep(SETTLE_SECONDS)
            append_sentence(path, marker)
            seconds.append(until(functools.partial(page_contains, url, marker), url))
            until(idle, "the background steps")
    finally:
        stop(process)
    return seconds


STOCK_SETTINGS_EXTRA = """
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""


def stock(
    content: Path, work: Path, settings: str, releases: list[Path], edits: int, env: dict[str, str]
) -> list[float]:
    settings_file = work / "stock-autoreload.py"
    settings_file.write_text(
        settings + STOCK_SETTINGS_EXTRA.format(cache=str(work / "stock-autoreload-cache")),
        encoding="utf-8",
    )
    output = work / "stock-autoreload"
    command = [sys.executable, "-m", "pelican", str(content), "--settings", str(settings_file)]
    command += ["--output", str(output), "--autoreload"]
    process = subprocess.Popen(
        command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = Lines(process)
    seconds: list[float] = []
    try:
        lines.wait_for("Done:", 1, process)
        for number in range(1, edits + 1):
            path = releases[(number * 7919 + 29) % len(releases)]
            page = output / f"{slug_of(path)}.html"
            marker = f"Schleife {number} Pelican"
            builds = lines.count("Done:")
            time.sleep(SETTLE_SECONDS)
            append_sentence(path, marker)
            seconds.append(
                until(
                    functools.partial(file_contains, page, marker), str(page), STOCK_LIMIT_SECONDS
                )
            )
            lines.wait_for("Done:", builds + 1, process, STOCK_LIMIT_SECONDS)
    finally:
        stop(process)
    return seconds


def median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    """The edit loop alone, on a generated site: ``python -m tests.bench.editloop --size 1000``."""
    import argparse
    import os
    import shutil
    import tempfile

    from tests.bench.generate import write_site
    from tests.bench.run import environment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--work", help="folder for the site (kept between runs when given)")
    parser.add_argument("--stock", action="store_true", help="also stock Pelican --autoreload")
    args = parser.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="editloop-"))
    work.mkdir(parents=True, exist_ok=True)
    # The same bytes each time; the preview's cache in ``work`` is kept when ``--work`` is given.
    content = work / f"inhalt-{args.size}"
    releases = write_site(content, args.size).releases
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    seconds = ours(content, work, releases, args.edits, environment())
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    print("ours: " + ", ".join(f"{value:.2f}" for value in seconds), flush=True)
    print(f"ours median: {median(seconds):.2f} s", flush=True)
    if args.stock:
        from tests.bench.run import STOCK_SETTINGS

        stock_seconds = stock(content, work, STOCK_SETTINGS, releases, args.edits, environment())
        print(f"stock median: {median(stock_seconds):.2f} s", flush=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
