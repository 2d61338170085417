"""Many production builds in a row of a large synthetic site: does the search index ever fail?

``make stress-search`` (or ``python -m tests.bench.stress_search --builds 100 --releases 400``)
writes a synthetic site (:mod:`tests.bench.generate`), then builds it with publishconf.py again
and again into one output folder, as CI does. Every build must succeed, and Pagefind's files
must be the same bytes every time. With ``--other-folder`` (default: /dev/shm, a tmpfs) one more
build goes to another file system, whose directory order differs, and must give the same index.
Not part of ``make test``: it takes long.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.generate import write_site
from tests.bench.run import ROOT, environment


def build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsroom", "build", "--settings", "publishconf.py"]
    command += ["--content", str(content), "--output", str(output)]
    return subprocess.run(
        command, cwd=ROOT, env=environment(), capture_output=True, text=True, check=False
    )


def index_fingerprint(output: Path) -> str:
    """One hash over the names and bytes of every file of the search bundle."""
    digest = hashlib.sha256()
    bundle = output / "pagefind"
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        digest.update(path.relative_to(bundle).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.stress_search")
    parser.add_argument("--builds", type=int, default=int(os.environ.get("STRESS_BUILDS", 100)))
    parser.add_argument("--releases", type=int, default=int(os.environ.get("STRESS_RELEASES", 400)))
    parser.add_argument("--work", default=None, help="Arbeitsordner (sonst ein temporärer)")
    parser.add_argument("--other-folder", default="/dev/shm", help="zweites Dateisystem")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="stress-suche-"))
    work.mkdir(parents=True, exist_ok=True)
    content = work / "inhalt"
    output = work / "ausgabe"
    write_site(content, args.releases)
    print(f"{args.releases} Pressemitteilungen in {content}", flush=True)

    failures: list[str] = []
    fingerprints: dict[str, list[int]] = {}
    started = time.monotonic()
    for number in range(1, args.builds + 1):
        done = build(content, output)
        if done.returncode != 0:
            failures.append(f"Build {number}: {done.stderr.strip()}")
            print(f"Build {number}: FEHLER\n{done.stderr.strip()}", flush=True)
            continue
        fingerprint = index_fingerprint(output)
        fingerprints.setdefault(fingerprint, []).append(number)
        elapsed = time.monotonic() - started
        print(f"Build {number}: ok ({elapsed / number:.0f} s je Build) {fingerprint[:12]}")
        sys.stdout.flush()

    other = Path(args.other_folder)
    if other.is_dir():
        elsewhere = Path(tempfile.mkdtemp(prefix="stress-suche-", dir=other))
        try:
            copy = elsewhere / "inhalt"
            shutil.copytree(content, copy)
            done = build(copy, elsewhere / "ausgabe")
            if done.returncode != 0:
                failures.append(f"Build in {other}: {done.stderr.strip()}")
            else:
                fingerprints.setdefault(index_fingerprint(elsewhere / "ausgabe"), []).append(0)
                print(f"Build in {other}: ok")
        finally:
            shutil.rmtree(elsewhere, ignore_errors=True)

    builds = args.builds + (1 if other.is_dir() else 0)
    print(f"\n{builds} Builds, {len(failures)} fehlgeschlagen, {len(fingerprints)} verschiedene "
          "Suchindizes (0 = Build auf dem zweiten Dateisystem).")  # fmt: skip
    for fingerprint, numbers in fingerprints.items():
        print(f"  {fingerprint[:12]}: Builds {numbers}")
    return 1 if failures or len(fingerprints) > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
