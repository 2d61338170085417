"""`make bench`: our production build against stock Pelican, at 1,000 and 5,000 press releases.

For each size it generates the synthetic site once, then, in every round, builds it cold with
our production settings (with and without the search index), with stock Pelican of the same
version (default theme, no plugins, no typogrify), and warm after editing one press release
(ours and stock, each with its content cache). Every build runs in its own process through
``tests.bench.measure``, which reports the peak memory of the build and of its children.
The table goes to stdout and between the markers in docs/PERFORMANCE.md.

Then the editor's loop at each size (:mod:`tests.bench.editloop`): save a press release → the
changed page served, ``BENCH_EDITS`` times (median), for our live preview and for stock
Pelican's ``--autoreload``.

Switches: ``BENCH_SIZES=1000,5000``, ``BENCH_RUNS=3``, ``BENCH_EDITS=5``, ``BENCH_PROFILE=1`` (a
cProfile run of our full build at the largest size, its top entries into the document).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata as package_metadata
from io import StringIO
from pathlib import Path

from tests.bench import editloop
from tests.bench.generate import edit_release, write_site

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "PERFORMANCE.md"
START_MARK = "<!-- bench:start -->"
END_MARK = "<!-- bench:end -->"
# The fixed build time of the test suite: no synthetic release is under embargo.
BUILD_EPOCH = "1795694400"
SEARCH_STEP = "newsroom.search.index:index_output"

STOCK_SETTINGS = """\
# Stock Pelican: default theme, no plugins, no typogrify; only where the content lies.
ARTICLE_PATHS = ["pressemitteilungen"]
PAGE_PATHS = ["projekte", "seiten"]
SITENAME = "Leistungstest"
SITEURL = ""
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
"""
STOCK_CACHE_SETTINGS = """\
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""
OURS_WITHOUT_SEARCH = """\
import sys
sys.path.insert(0, {root!r})
from publishconf import *  # noqa: F403
THEME = {theme!r}
SEARCH_ENABLED = False
"""


@dataclass
class Measurement:
    seconds: float
    peak_mib: float
    children_peak_mib: float
    pages: int
    timed: dict[str, float] = field(default_factory=dict)


@dataclass
class Series:
    label: str
    runs: list[Measurement] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(m.seconds for m in self.runs)

    @property
    def low(self) -> float:
        return min(m.seconds for m in self.runs)

    @property
    def high(self) -> float:
        return max(m.seconds for m in self.runs)

    @property
    def peak(self) -> float:
        return max(m.peak_mib for m in self.runs)

    @property
    def children_peak(self) -> float:
        return max(m.children_peak_mib for m in self.runs)

    @property
    def pages(self) -> int:
        return self.runs[-1].pages

    def timed_median(self, name: str) -> float | None:
        values = [m.timed[name] for m in self.runs if name in m.timed]
        return statistics.median(values) if values else None


class BuildFailed(RuntimeError):
    pass


def environment() -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    env.pop("DEBUG", None)
    return env


def html_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def measure(
    module_args: list[str],
    output: Path,
    *,
    timed: tuple[str, ...] = (),
    profile: Path | None = None,
) -> Measurement:
    """Run one build in a fresh process and return what it cost; a failed build stops the run
    (no second try: it would hide a build that fails now and then)."""
    return measure_once(module_args, output, timed, profile)


def measure_once(
    module_args: list[str], output: Path, timed: tuple[str, ...], profile: Path | None
) -> Measurement:
    command = [sys.executable, "-m", "tests.bench.measure"]
    for name in timed:
        command += ["--time", name]
    if profile is not None:
        command += ["--profile", str(profile)]
    started = time.perf_counter()
    done = subprocess.run(
        command + module_args,
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError) as error:
        raise BuildFailed(f"{' '.join(module_args)}:\n{done.stdout}\n{done.stderr}") from error
    if report["returncode"] != 0:
        raise BuildFailed(f"{' '.join(module_args)}:\n{done.stdout}\n{done.stderr}")
    return Measurement(
        seconds=seconds,
        peak_mib=report["peak_kib"] / 1024,
        children_peak_mib=report["children_peak_kib"] / 1024,
        pages=html_pages(output),
        timed=report.get("timed", {}),
    )


def ours(settings: Path, content: Path, output: Path) -> list[str]:
    return ["newsroom", "build", "--settings", str(settings), "--content", str(content),
            "--output", str(output)]  # fmt: skip


def stock(settings: Path, content: Path, output: Path) -> list[str]:
    return ["pelican", str(content), "--settings", str(settings), "--output", str(output), "-q"]


def fresh(folder: Path) -> Path:
    """An empty folder for one build: no output, no cache from before."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def edit_loop_series(label: str, seconds: list[float]) -> Series:
    return Series(label, [Measurement(value, 0.0, 0.0, 0) for value in seconds])


def bench_size(
    count: int, runs: int, work: Path, profile: Path | None, edits: int = 0
) -> dict[str, Series]:
    site = write_site(work / f"inhalt-{count}", count)
    publishconf = ROOT / "publishconf.py"
    without_search = work / "ohne-suche.py"
    without_search.write_text(
        OURS_WITHOUT_SEARCH.format(root=str(ROOT), theme=str(ROOT / "theme")),
        encoding="utf-8",
    )
    stock_plain = work / "stock.py"
    stock_plain.write_text(STOCK_SETTINGS, encoding="utf-8")
    stock_cached = work / "stock-cache.py"
    stock_cached.write_text(
        STOCK_SETTINGS + STOCK_CACHE_SETTINGS + f"CACHE_PATH = {str(work / 'stock-cache')!r}\n",
        encoding="utf-8",
    )
    series = {
        key: Series(key) for key in ("stock", "ours", "ours_no_search", "ours_warm", "stock_warm")
    }
    # Stock Pelican's warm rebuilds share one cache, filled once.
    shutil.rmtree(work / "stock-cache", ignore_errors=True)
    measure(stock(stock_cached, site.content, fresh(work / "stock-warm") / "output"),
            work / "stock-warm" / "output")  # fmt: skip
    edited = 0
    for round_number in range(1, runs + 1):
        print(f"  N={count}, Runde {round_number}/{runs}", file=sys.stderr, flush=True)
        folder = fresh(work / f"stock-{count}") / "output"
        series["stock"].runs.append(measure(stock(stock_plain, site.content, folder), folder))

        folder = fresh(work / f"ohne-suche-{count}") / "output"
        series["ours_no_search"].runs.append(
            measure(ours(without_search, site.content, folder), folder)
        )

        folder = fresh(work / f"unser-{count}") / "output"
        series["ours"].runs.append(
            measure(ours(publishconf, site.content, folder), folder, timed=(SEARCH_STEP,))
        )
        # One editor changes one press release; the cache of the cold build above is kept.
        edited += 1
        edit_release(site.releases[(edited * 7919) % len(site.releases)], edited)
        series["ours_warm"].runs.append(
            measure(ours(publishconf, site.content, folder), folder, timed=(SEARCH_STEP,))
        )
        folder = work / "stock-warm" / "output"
        edited += 1
        edit_release(site.releases[(edited * 7919) % len(site.releases)], edited)
        series["stock_warm"].runs.append(measure(stock(stock_cached, site.content, folder), folder))
    if edits:
        print(f"  N={count}, Bearbeiten → Seite ({edits}×)", file=sys.stderr, flush=True)
        releases = list(site.releases)
        try:
            series["edit_ours"] = edit_loop_series(
                "edit_ours", editloop.ours(site.content, work, releases, edits, environment())
            )
        except RuntimeError as error:
            raise BuildFailed(f"Live-Vorschau: {error}") from error
        try:
            series["edit_stock"] = edit_loop_series(
                "edit_stock",
                editloop.stock(site.content, work, STOCK_SETTINGS, releases, edits, environment()),
            )
        except RuntimeError as error:  # stock Pelican's loop is a comparison, not ours
            print(f"  Pelican --autoreload nicht messbar: {error}", file=sys.stderr, flush=True)
    if profile is not None:
        print(f"  N={count}, Profil", file=sys.stderr, flush=True)
        folder = fresh(work / f"profil-{count}") / "output"
        measure(ours(publishconf, site.content, folder), folder, profile=profile)
    shutil.rmtree(site.content)
    return series


# --- The report ---------------------------------------------------------------------------


def number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def count_de(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 1
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {number(pages / 2**30)} GiB Arbeitsspeicher"
    except (ValueError, OSError):
        pass
    return f"**CPU:** {model}, {cores} Kerne ({usable} nutzbar){memory}"


LABELS = {
    "stock": "Pelican {pelican}, Standard-Theme, ohne Plugins und typogrify (kalt)",
    "ours": "unser Produktions-Build mit Suchindex (kalt)",
    "ours_no_search": "unser Produktions-Build ohne Suchindex (kalt)",
    "ours_warm": "unser Build warm: Cache, 1 Pressemitteilung geändert",
    "stock_warm": "Pelican warm: Cache, 1 Pressemitteilung geändert",
    "edit_ours": "Bearbeiten → Seite: unsere Live-Vorschau (`make devserver`)",
    "edit_stock": "Bearbeiten → Seite: Pelican `--autoreload` mit Cache (Datei geschrieben)",
}


def table(results: dict[int, dict[str, Series]]) -> list[str]:
    pelican = package_metadata.version("pelican")
    lines = [
        "| N | Build | Median | min–max | Spitze Pelican-Prozess | Spitze Kindprozesse "
        "| HTML-Seiten | Seiten/s | ÷ Pelican kalt |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, series in results.items():
        base = series["stock"].median
        for key in ("stock", "ours", "ours_no_search", "ours_warm", "stock_warm"):
            s = series[key]
            lines.append(
                f"| {count_de(count)} | {LABELS[key].format(pelican=pelican)} "
                f"| {number(s.median)} s | {number(s.low)}–{number(s.high)} s "
                f"| {number(s.peak, 0)} MiB | {number(s.children_peak, 0)} MiB "
                f"| {count_de(s.pages)} | {number(s.pages / s.median, 0)} "
                f"| {number(s.median / base, 2)} |"
            )
        for key in ("edit_ours", "edit_stock"):
            if key in series:
                s = series[key]
                lines.append(
                    f"| {count_de(count)} | {LABELS[key].format(pelican=pelican)} "
                    f"| {number(s.median, 2)} s | {number(s.low, 2)}–{number(s.high, 2)} s "
                    f"| | | | | {number(s.median / base, 2)} |"
                )
        search = series["ours"].timed_median(SEARCH_STEP)
        if search is not None:
            lines.append(
                f"| {count_de(count)} | davon Suchindex allein (Pagefind, im kalten Build) "
                f"| {number(search)} s | | | | | | {number(search / base, 2)} |"
            )
    return lines


def verdict(ok: bool) -> str:
    return "erfüllt" if ok else "**nicht erfüllt**"


def targets(results: dict[int, dict[str, Series]]) -> list[str]:
    lines = ["| Ziel | gemessen | |", "|---|---|---|"]
    largest = max(results)
    series = results[largest]
    n = count_de(largest)
    ratio = series["ours"].median / series["stock"].median
    lines.append(
        f"| N = {n}: mit Suchindex ≤ 1,5 × Pelican kalt | {number(ratio, 2)} × | "
        f"{verdict(ratio <= 1.5)} |"
    )
    ratio = series["ours_no_search"].median / series["stock"].median
    lines.append(
        f"| N = {n}: ohne Suchindex ≤ 1,0 × Pelican kalt | {number(ratio, 2)} × | "
        f"{verdict(ratio <= 1.0)} |"
    )
    for count, s in results.items():
        share = s["ours_warm"].median / s["ours"].median
        lines.append(
            f"| N = {count_de(count)}: warm ≤ 40 % von kalt | {number(share * 100, 0)} % | "
            f"{verdict(share <= 0.4)} |"
        )
    share = series["ours_warm"].median / series["ours"].median
    lines.append(
        f"| N = {n}: warm ≤ 25 % von kalt | {number(share * 100, 0)} % | {verdict(share <= 0.25)} |"
    )
    for count, s in results.items():
        if "edit_ours" in s:
            loop = s["edit_ours"].median
            ratio = loop / s["edit_stock"].median if "edit_stock" in s else None
            beside = f" (Pelican --autoreload: {number(ratio, 2)} ×)" if ratio else ""
            lines.append(
                f"| N = {count_de(count)}: Speichern → geänderte Seite ≤ 1,0 s (Kür ≤ 0,3 s) "
                f"| {number(loop, 2)} s{beside} | {verdict(loop <= 1.0)} |"
            )
    peak = max(series["ours"].peak, series["ours_no_search"].peak)
    lines.append(
        f"| N = {n}: Pelican-Prozess ≤ 400 MiB (Pagefind getrennt: "
        f"{number(series['ours'].children_peak, 0)} MiB) | {number(peak, 0)} MiB | "
        f"{verdict(peak <= 400)} |"
    )
    if len(results) > 1:
        smallest = min(results)
        growth = series["ours"].median / results[smallest]["ours"].median
        factor = largest / smallest
        limit = 5.5 * factor / 5
        lines.append(
            f"| linear: N = {n} ≤ {number(limit, 1)} × N = {count_de(smallest)} | "
            f"{number(growth, 2)} × | {verdict(growth <= limit)} |"
        )
    return lines


PROFILE_NOISE = ("runpy", "builtins.exec", "measure.py", "__main__.py")


def profile_lines(profile: Path, entries: int = 25) -> list[str]:
    """The top entries of a cProfile file, by cumulative and by own time, as Markdown."""
    lines: list[str] = []
    for order, title in (("cumulative", "kumulierter Zeit"), ("tottime", "eigener Zeit")):
        text = StringIO()
        stats = pstats.Stats(str(profile), stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(entries + 10)
        body = text.getvalue().strip().splitlines()
        start = next((i for i, line in enumerate(body) if "ncalls" in line), 0)
        rows = [line for line in body[start + 1 :] if not any(n in line for n in PROFILE_NOISE)]
        lines += [f"Nach {title}:", "", "```", body[start], *rows[:entries], "```", ""]
    return lines[:-1]


def load_average() -> str:
    try:
        return " / ".join(number(value, 2) for value in os.getloadavg())
    except OSError:
        return "–"


def report(
    results: dict[int, dict[str, Series]], runs: int, profile: Path | None, load_before: str
) -> str:
    python = platform.python_version()
    pelican = package_metadata.version("pelican")
    sizes = ",".join(str(c) for c in results)
    lines = [
        machine(),
        "",
        f"Python {python}, Pelican {pelican}; {runs} Läufe je Zeile, Median; gemessen "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC mit "
        f"`make bench BENCH_SIZES={sizes} BENCH_RUNS={runs}`. Zeiten: Prozessstart bis -ende "
        "(Wanduhr); Speicher: Spitze des resident set (`getrusage`), getrennt für den "
        "Pelican-Prozess und seine Kindprozesse (Pagefind, die Arbeitsprozesse für Markdown, "
        "Seiten und Komprimieren). Last der "
        f"Maschine (loadavg 1/5/15 min) vorher {load_before}, nachher {load_average()}: "
        "andere Prozesse auf denselben Kernen verlängern die Zeiten.",
        "",
        *table(results),
        "",
        "### Ziele",
        "",
        *targets(results),
    ]
    if profile is not None and profile.exists():
        lines += [
            "",
            f"### Profil danach (N = {count_de(max(results))}, cProfile)",
            "",
            "Nur der Hauptprozess: was die Arbeitsprozesse auf dem zweiten Kern rechnen, "
            "erscheint als Warten (`acquire`, `poll`), Pagefind als `epoll`.",
            "",
            *profile_lines(profile),
        ]
    return "\n".join(lines) + "\n"


def write_document(text: str) -> None:
    """Replace the part between the markers; the hand-written rest stays."""
    document = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else ""
    block = f"{START_MARK}\n{text}{END_MARK}"
    if START_MARK in document and END_MARK in document:
        head, rest = document.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        document = head + block + tail
    else:
        document = f"# Leistung\n\n{block}\n" + document
    DOCUMENT.write_text(document, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run")
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,5000"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument(
        "--profile", action=argparse.BooleanOptionalAction,
        default=os.environ.get("BENCH_PROFILE", "1") not in ("", "0"),
    )  # fmt: skip
    parser.add_argument("--edits", type=int, default=int(os.environ.get("BENCH_EDITS", "5")))
    parser.add_argument("--no-write", action="store_true", help="docs/PERFORMANCE.md lassen")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    profile = work / "profil.pstats" if args.profile else None
    results: dict[int, dict[str, Series]] = {}
    load_before = load_average()
    try:
        for count in sizes:
            results[count] = bench_size(
                count, args.runs, work, profile if count == max(sizes) else None, args.edits
            )
            # Each finished size goes into the document at once: a long run that is stopped
            # later still leaves what it measured.
            print(report(results, args.runs, None, load_before), file=sys.stderr, flush=True)
            if not args.no_write:
                write_document(report(results, args.runs, None, load_before))
        text = report(results, args.runs, profile, load_before)
    except BuildFailed as error:
        print(f"Ein Build ist fehlgeschlagen: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(text)
    if not args.no_write:
        write_document(text)
        print(f"geschrieben: {DOCUMENT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
