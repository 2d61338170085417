"""`make compare-builds REF=<commit>`: the production build of a commit against the working tree.

Both sides are built the way `make publish` builds (``python -m newsroom build --settings
publishconf.py``), each with its own code (its ``plugins/`` folder first on ``PYTHONPATH``), its
own settings, theme and content, with the same Python (this one, from ``.venv``) and the same
environment: ``SOURCE_DATE_EPOCH`` fixed to the test suite's build time
(``tests.conftest.DEFAULT_EPOCH``), the same locale, time zone, hash seed and terminal width,
``SITEURL`` and ``DEBUG`` unset. The commit is checked out with ``git worktree add --detach``
into a temporary folder that is removed afterwards; the working tree is built as it is, with
its uncommitted changes.

The sites built on each side:

- the repository's own ``content/``, with ``content/daten/betreiber.yaml`` replaced by the
  filled-in test operator data of that side's ``tests/content/basis/daten/betreiber.yaml``
  (production refuses to build while the Impressum's operator data is incomplete; the tests'
  ``production_content`` fills it the same way);
- ``basis`` (``tests/content/basis/`` alone) and every scenario of ``tests/content/``, laid over
  the basis by ``tests.conftest.lay_out_scenario``, each side from its own ``tests/content/``.
  Scenarios that are meant to fail fail on both sides; then the messages an editor sees
  (stderr, with the temporary folders replaced by placeholders) are compared instead.

The two output folders of a site are compared file by file (the set of paths and every byte).
A site that differs is built once more on both sides (unless ``--ohne-wiederholung``): if the
second attempt is identical, the difference came from a build that does not reproduce itself,
not from the change; it counts as identical and is named in a warning with the first attempt's
differences.
The summary is German; the exit status is 0 when every site is identical, 1 when anything
differs (a file, a message, or a site that builds on one side only), 2 when the comparison
itself could not run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import DEFAULT_EPOCH, ROOT, lay_out_scenario, production_content

REPOSITORY_SITE = "Inhalt des Repositoriums"
BASIS_SITE = "basis"
# How many builds run at the same time (each is one process).
DEFAULT_JOBS = 2
# Paths listed per kind of difference unless --alle is given.
LISTED = 10


class ComparisonProblem(Exception):
    """The comparison cannot run (unknown commit, git failed); the message is German."""


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a project folder and what to call it."""

    name: str
    root: Path
    work: Path  # temporary folder for this side's content and output copies


@dataclass
class SiteBuild:
    """One site built on one side."""

    returncode: int
    messages: str
    output: Path


@dataclass
class FolderDifference:
    """How two output folders differ; empty lists when they are identical."""

    only_left: list[str] = field(default_factory=list)
    only_right: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    file_count: int = 0

    @property
    def identical(self) -> bool:
        return not (self.only_left or self.only_right or self.differing)


def files_below(folder: Path) -> set[str]:
    """Every file below ``folder``, as a POSIX path relative to it."""
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}


def compare_folders(left: Path, right: Path) -> FolderDifference:
    """The files only in ``left``, only in ``right``, and those whose bytes differ."""
    left_files, right_files = files_below(left), files_below(right)
    common = sorted(left_files & right_files)
    return FolderDifference(
        only_left=sorted(left_files - right_files),
        only_right=sorted(right_files - left_files),
        differing=[
            name for name in common if not filecmp.cmp(left / name, right / name, shallow=False)
        ],
        file_count=len(left_files | right_files),
    )


def normalise_messages(text: str, side: Side) -> str:
    """Messages without what differs by side alone: the temporary and the project folder."""
    for folder, placeholder in ((side.work, "<TEMP>"), (side.root, "<PROJEKT>")):
        text = text.replace(str(folder), placeholder)
    return text


def build_environment(side: Side) -> dict[str, str]:
    """The same environment for both sides; only the code's folder differs."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SITEURL", "PYTHONPATH", "PYTHONHASHSEED", "PYTHONWARNINGS"}
    }
    environment.update(
        {
            "PYTHONPATH": str(side.root / "plugins"),
            "SOURCE_DATE_EPOCH": str(DEFAULT_EPOCH),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "PYTHONHASHSEED": "0",
            "COLUMNS": "100",
        }
    )
    return environment


def build_site(side: Side, site: str, attempt: int = 1) -> SiteBuild:
    """Lay out one site's content on one side and build it for production."""
    folder = side.work / f"versuch-{attempt}" / site
    folder.mkdir(parents=True)
    if site == REPOSITORY_SITE:
        content = production_content(folder, root=side.root)
    else:
        scenario = None if site == BASIS_SITE else site
        content = lay_out_scenario(scenario, folder / "content", side.root / "tests" / "content")
    output = folder / "output"
    command = [sys.executable, "-m", "newsroom", "build", "--settings", "publishconf.py"]
    done = subprocess.run(
        [*command, "--content", str(content), "--output", str(output)],
        cwd=side.root,
        env=build_environment(side),
        capture_output=True,
        text=True,
        timeout=900,
    )
    return SiteBuild(done.returncode, normalise_messages(done.stderr, side), output)


def scenarios_of(root: Path) -> set[str]:
    """The scenario folders of a project folder (without the basis itself)."""
    folder = root / "tests" / "content"
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if p.is_dir() and p.name != "basis"}


def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ComparisonProblem(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


@dataclass
class SiteResult:
    """The verdict for one site: identical, or the lines that say how it differs."""

    site: str
    verdict: str
    details: list[str] = field(default_factory=list)
    identical: bool = True
    # Identical only in the second attempt: the first attempt's result.
    unstable: SiteResult | None = None


def listed(label: str, names: list[str], show_all: bool) -> list[str]:
    shown = names if show_all else names[:LISTED]
    lines = [f"{label}: {name}" for name in shown]
    if len(names) > len(shown):
        lines.append(f"… und {len(names) - len(shown)} weitere ({label}; alle mit --alle)")
    return lines


def judge(
    site: str, ref: SiteBuild | None, work: SiteBuild | None, show_all: bool = False
) -> SiteResult:
    """Compare one site's builds of both sides (None: the site does not exist on that side)."""
    if ref is None or work is None:
        where = "im Arbeitsstand" if ref is None else "in REF"
        return SiteResult(site, f"UNTERSCHIED: das Szenario gibt es nur {where}", identical=False)
    if ref.returncode != 0 and work.returncode != 0:
        if ref.messages == work.messages and ref.returncode == work.returncode:
            return SiteResult(site, "identisch (beide scheitern mit derselben Meldung)")
        details = ["Meldung REF:", *indent(ref.messages), "Meldung Arbeitsstand:"]
        details += indent(work.messages)
        return SiteResult(
            site, "UNTERSCHIED: beide scheitern, aber mit anderer Meldung", details, False
        )
    if ref.returncode != 0 or work.returncode != 0:
        failing, failed = ("REF", ref) if ref.returncode != 0 else ("Arbeitsstand", work)
        details = [f"Meldung {failing}:", *indent(failed.messages)]
        return SiteResult(site, f"UNTERSCHIED: scheitert nur in {failing}", details, False)
    difference = compare_folders(ref.output, work.output)
    details: list[str] = []
    if not difference.identical:
        details += listed("verschieden", difference.differing, show_all)
        details += listed("nur in REF", difference.only_left, show_all)
        details += listed("nur im Arbeitsstand", difference.only_right, show_all)
    if ref.messages != work.messages:
        details += ["Meldungen verschieden. REF:", *indent(ref.messages), "Arbeitsstand:"]
        details += indent(work.messages)
    if not details:
        return SiteResult(site, f"identisch ({difference.file_count} Dateien)")
    verdict = (
        f"UNTERSCHIED: {len(difference.differing)} verschieden, "
        f"{len(difference.only_left)} nur in REF, "
        f"{len(difference.only_right)} nur im Arbeitsstand"
    )
    return SiteResult(site, verdict, details, False)


def indent(text: str) -> list[str]:
    return ["  " + line for line in text.strip().splitlines()] or ["  (keine)"]


def compare(
    ref: str,
    jobs: int = DEFAULT_JOBS,
    only: list[str] | None = None,
    show_all: bool = False,
    report: Callable[[str], None] = print,
    retry: bool = True,
) -> int:
    """Build both sides, print the summary; the exit status (0 identical, 1 different)."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ComparisonProblem:
        raise ComparisonProblem(f"„{ref}“ ist kein Commit dieses Repositoriums.") from None
    subject = git("log", "-1", "--format=%h %s", commit)
    with tempfile.TemporaryDirectory(prefix="vergleich-") as temporary:
        temp = Path(temporary)
        checkout = temp / "ref-projekt"
        git("worktree", "add", "--detach", str(checkout), commit)
        try:
            sides = (
                Side("REF", checkout, temp / "ref"),
                Side("Arbeitsstand", ROOT, temp / "arbeitsstand"),
            )
            results = build_and_judge(sides, jobs, only, show_all, report, retry)
        finally:
            git("worktree", "remove", "--force", str(checkout))
    report("")
    report(f"Produktions-Builds verglichen: REF {subject} ↔ Arbeitsstand ({ROOT})")
    for result in results:
        report(f"  {result.site}: {result.verdict}")
        for line in result.details:
            report(f"      {line}")
    different = [r for r in results if not r.identical]
    unstable = [r for r in results if r.unstable is not None]
    if unstable:
        report(
            f"Warnung: {len(unstable)} Website(s) erst im zweiten Versuch identisch – der erste "
            "Build war nicht reproduzierbar (ein Fehler des Builds, nicht des Vergleichs):"
        )
        for result in unstable:
            first = result.unstable
            report(f"  {result.site}: erster Versuch: {first.verdict}")
            for line in first.details:
                report(f"      {line}")
    report(
        f"Ergebnis: {len(results) - len(different)} von {len(results)} Websites identisch"
        + (f", {len(different)} mit Unterschieden." if different else ".")
    )
    return 1 if different else 0


def build_round(
    sides: tuple[Side, Side],
    sites: list[str],
    scenarios: dict[str, set[str]],
    jobs: int,
    attempt: int,
) -> dict[tuple[str, str], SiteBuild]:
    """Every given site on both sides where it exists, ``jobs`` builds at a time."""
    futures: dict[tuple[str, str], concurrent.futures.Future[SiteBuild]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for site in sites:
            for side in sides:
                if site in (REPOSITORY_SITE, BASIS_SITE) or site in scenarios[side.name]:
                    futures[side.name, site] = pool.submit(build_site, side, site, attempt)
    return {key: future.result() for key, future in futures.items()}


def build_and_judge(
    sides: tuple[Side, Side],
    jobs: int,
    only: list[str] | None,
    show_all: bool,
    report: Callable[[str], None],
    retry: bool = True,
) -> list[SiteResult]:
    """Every site on both sides; one result per site.

    A site whose builds differ is built once more on both sides: a difference that is gone
    then came from a build that does not reproduce itself (it is named as a warning), not from
    the change between the two sides.
    """
    scenarios = {side.name: scenarios_of(side.root) for side in sides}
    sites = [REPOSITORY_SITE, BASIS_SITE, *sorted(scenarios["REF"] | scenarios["Arbeitsstand"])]
    if only:
        sites = [site for site in sites if site in only]
        unknown = sorted(set(only) - set(sites))
        if unknown:
            raise ComparisonProblem(f"Unbekannte Website(s): {', '.join(unknown)}")
    report(f"Baue {len(sites)} Websites je Seite, {jobs} Builds gleichzeitig …")
    builds = build_round(sides, sites, scenarios, jobs, attempt=1)
    names = [side.name for side in sides]
    results = {
        site: judge(site, *(builds.get((name, site)) for name in names), show_all) for site in sites
    }
    again = [
        site
        for site, result in results.items()
        if retry and not result.identical and all((name, site) in builds for name in names)
    ]
    if again:
        report(f"Baue {len(again)} abweichende Websites ein zweites Mal …")
        rebuilt = build_round(sides, again, scenarios, jobs, attempt=2)
        for site in again:
            second = judge(site, *(rebuilt[name, site] for name in names), show_all)
            if second.identical:
                second.unstable = results[site]
            results[site] = second
    return [results[site] for site in sites]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.tools.compare_builds",
        description="Produktions-Build eines Commits mit dem Arbeitsstand vergleichen",
    )
    parser.add_argument("ref", help="der Commit, gegen den verglichen wird (z. B. HEAD)")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="Builds gleichzeitig")
    parser.add_argument(
        "--nur", action="append", metavar="WEBSITE", help="nur diese Website(s) vergleichen"
    )
    parser.add_argument("--alle", action="store_true", help="alle abweichenden Dateien nennen")
    parser.add_argument(
        "--ohne-wiederholung",
        action="store_true",
        help="abweichende Websites nicht ein zweites Mal bauen",
    )
    args = parser.parse_args(argv)
    if not args.ref.strip():
        print("Fehler: Nennen Sie den Commit: make compare-builds REF=…", file=sys.stderr)
        return 2
    if shutil.which("git") is None:
        print("Fehler: git fehlt.", file=sys.stderr)
        return 2
    try:
        return compare(
            args.ref, max(1, args.jobs), args.nur, args.alle, retry=not args.ohne_wiederholung
        )
    except ComparisonProblem as problem:
        print(f"Fehler: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
