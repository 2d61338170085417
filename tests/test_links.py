"""Every internal link, image and asset reference of the production build resolves.

LinkChecker crawls the production build, served on this machine, from the start page, the
sitemap (through robots.txt) and the 404 page, following pages, stylesheets, feeds and
calendars. Links to other hosts are not followed: no network.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def run_linkchecker(start_urls: list[str], home: Path, *options: str) -> list[dict[str, str]]:
    """LinkChecker's CSV report, one row per URL it checked."""
    environment = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    environment.update({"HOME": str(home), "LC_ALL": "C.UTF-8", "no_proxy": "*"})
    done = subprocess.run(
        [
            str(LINKCHECKER),
            "--verbose",  # every URL, not only the broken ones: the test counts them
            "--output=csv",
            "--no-status",
            "--threads=2",
            "--timeout=30",
            *options,
            *start_urls,
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: broken links found; else it failed
    lines = [line for line in done.stdout.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def broken(rows: list[dict[str, str]], base_url: str) -> list[str]:
    return [
        f"{row['url']} (auf {row['parentname']}): {row['result']}"
        for row in rows
        if row["url"].startswith(base_url) and row["valid"] != "True"
    ]


def test_no_broken_internal_links(served_production_site, tmp_path):
    build, base_url = served_production_site
    rows = run_linkchecker([f"{base_url}/", f"{base_url}/404.html"], tmp_path)
    assert broken(rows, base_url) == []
    checked = {row["url"].split("#")[0] for row in rows if row["url"].startswith(base_url)}
    # It really crawled the site: pages, stylesheet, fonts, feeds, calendars, vCards.
    assert f"{base_url}/pressemitteilungen/" in checked
    for ending in (".css", ".woff2", ".atom.xml", ".ics", ".vcf"):
        assert any(url.endswith(ending) for url in checked), ending
    # And every page of the build was reached by some link.
    reached = {url[len(base_url) + 1 :] for url in checked}
    reached |= {f"{url}index.html" for url in reached if url.endswith("/") or url == ""}
    pages = [p for p in build.html_pages() if not p.startswith("pagefind/")]
    assert sorted(page for page in pages if page not in reached) == []


def test_a_broken_link_is_reported(served_production_site, tmp_path):
    """The check can fail: links to missing pages and images are found."""
    build, base_url = served_production_site
    page = build.output / "linkpruefung-test.html"
    page.write_text(
        '<!DOCTYPE html><html lang="de"><head><title>Test</title></head><body>'
        '<a href="/gibt-es-nicht/">weg</a> <img src="/theme/fehlt.png" alt="">'
        '<a href="/pressemitteilungen/">da</a></body></html>',
        encoding="utf-8",
    )
    try:
        rows = run_linkchecker([f"{base_url}/linkpruefung-test.html"], tmp_path, "-r1")
    finally:
        page.unlink()
    assert sorted(r.split(" (")[0] for r in broken(rows, base_url)) == [
        f"{base_url}/gibt-es-nicht/",
        f"{base_url}/theme/fehlt.png",
    ]
