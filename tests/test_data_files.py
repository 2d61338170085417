"""Each data file below PATH is read once per build: the content check, the generators and the
signal receivers share what it gave (core/datafiles.py)."""

from __future__ import annotations

import builtins
import io
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import DEFAULT_EPOCH, ROOT, lay_out_scenario

from newsroom.core.checks import check_site
from newsroom.tools.build import run_pelican
from newsroom.tools.settings import load_settings

DATA_FILES = ("kontakte.yaml", "betreiber.yaml")


def count_reads(monkeypatch) -> Counter[str]:
    """Every opening of a data file in this process, by file name."""
    reads: Counter[str] = Counter()
    original = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file).name in DATA_FILES:
            reads[Path(file).name] += 1
        return original(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)  # Path.read_text opens through io.open
    monkeypatch.setattr(builtins, "open", counting_open)
    return reads


def test_one_build_reads_each_data_file_once(tmp_path, monkeypatch):
    content = lay_out_scenario(None, tmp_path / "content")
    output = tmp_path / "output"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DEFAULT_EPOCH))
    settings = load_settings(
        str(ROOT / "pelicanconf.py"),
        # One process: every read of the build happens where it is counted.
        {"PATH": str(content), "OUTPUT_PATH": str(output), "SPEED_PROCESSES": 1},
    )
    reads = count_reads(monkeypatch)
    assert run_pelican(settings) == []
    assert reads == Counter({"kontakte.yaml": 1, "betreiber.yaml": 1})
    # What both files gave reached the pages: the directory and the Impressum's operator rows.
    directory = BeautifulSoup((output / "pressekontakte/index.html").read_text(), "html.parser")
    assert directory.select("[href$='.vcf']")
    assert list(output.glob("pressekontakte/*.vcf"))
    impressum = (output / "impressum/index.html").read_text(encoding="utf-8")
    assert "Beispiel-Anbieter (Testdaten)" in impressum


def test_the_check_alone_reads_each_data_file_once_and_reports_each_problem_once(
    tmp_path, monkeypatch
):
    content = lay_out_scenario(None, tmp_path / "content")
    registry = content / "daten/kontakte.yaml"
    # An organisation the events name, with a web address that is no address: an error of
    # the registry, found while both the contacts' and the events' checks read the file.
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "organisationen:\n", "organisationen:\n  - id: kaputt\n    name: X\n    web: nix\n", 1
        ),
        encoding="utf-8",
    )
    settings = load_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content)})
    reads = count_reads(monkeypatch)
    report = check_site(settings)
    assert reads == Counter({"kontakte.yaml": 1, "betreiber.yaml": 1})
    line = registry.read_text(encoding="utf-8").splitlines().index("    web: nix") + 1
    problems = [p for p in report.errors if p.path.endswith("kontakte.yaml")]
    assert [(p.field, p.line) for p in problems] == [("web", line)], report.render()
