"""Security: a Content-Security-Policy without 'unsafe-inline' that every page keeps, the same
policy and headers in the server configurations, raw HTML in Markdown checked, external links
with rel="noopener"."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from newsroom.delivery.security import header_policy, meta_policy

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
HASHED = re.compile(r"\.[0-9a-f]{10}\.(?:css|js|mjs|woff2?|ttf|otf)(?:\.gz|\.br)?$")
EXTRA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def production_settings() -> dict:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))


def pages(build) -> list[tuple[str, BeautifulSoup]]:
    return [
        (name, BeautifulSoup((build.output / name).read_text(encoding="utf-8"), "lxml"))
        for name in build.html_pages()
    ]


# --- No inline code anywhere in the production build -------------------------------------------


def test_no_inline_script_style_or_handler_in_any_page(production_site):
    found = []
    all_pages = pages(production_site)
    assert len(all_pages) > 15
    for name, soup in all_pages:
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not script.get_text(strip=True), f"{name}: script with src and body"
            elif script.get("type") != "application/ld+json":
                found.append(f"{name}: inline <script>")
        found += [f"{name}: <style>" for _ in soup.find_all("style")]
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                if attribute == "style":
                    found.append(f"{name}: style= on <{element.name}>")
                elif attribute.lower().startswith("on"):
                    found.append(f"{name}: {attribute}= on <{element.name}>")
                elif isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                    found.append(f"{name}: javascript: URL on <{element.name}>")
    assert found == []


def test_every_page_carries_the_policy_first_in_its_head(production_site):
    expected = meta_policy(production_settings())
    assert "'unsafe-inline'" not in expected and "'unsafe-eval'" not in expected
    assert "default-src 'self'" in expected and "object-src 'none'" in expected
    for name, soup in pages(production_site):
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [m["content"] for m in metas] == [expected], name
        # Before anything it governs: no stylesheet or script comes ahead of it.
        earlier = metas[0].find_all_previous(["link", "script", "style"])
        assert earlier == [], name


def header_blocks(text: str) -> dict[str, dict[str, str]]:
    """A ``_headers`` file: path pattern → header → value."""
    blocks: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = blocks.setdefault(line.strip(), {})
        else:
            assert current is not None
            name, value = line.strip().split(":", 1)
            current[name.strip()] = value.strip()
    return blocks


def test_headers_file_sends_the_same_policy_and_headers():
    blocks = header_blocks((DEPLOY / "_headers").read_text(encoding="utf-8"))
    everything = blocks["/*"]
    assert everything["Content-Security-Policy"] == header_policy(production_settings())
    assert "frame-ancestors 'none'" in everything["Content-Security-Policy"]
    for name, value in EXTRA_HEADERS.items():
        assert everything[name] == value
    assert "camera=()" in everything["Permissions-Policy"]
    assert "Cache-Control" not in everything  # pages are revalidated: news appears at once
    immutable = [
        path for path, headers in blocks.items() if "immutable" in headers.get("Cache-Control", "")
    ]
    assert immutable
    for path in immutable:
        assert "max-age=31536000" in blocks[path]["Cache-Control"]


def test_hashed_cache_paths_hold_only_hashed_files(production_site):
    """What ``_headers`` caches for a year carries a content hash in its name."""
    blocks = header_blocks((DEPLOY / "_headers").read_text(encoding="utf-8"))
    prefixes = [
        path.rstrip("*").lstrip("/")
        for path, headers in blocks.items()
        if "immutable" in headers.get("Cache-Control", "")
    ]
    cached = [
        name
        for name in production_site.files()
        if any(name.startswith(prefix) for prefix in prefixes)
    ]
    assert cached, "none of the year-long cache paths exists in the build"
    assert [name for name in cached if not HASHED.search(name)] == []


def test_nginx_sends_the_same_policy_and_headers():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    policies = re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', text)
    assert policies and set(policies) == {header_policy(production_settings())}
    for name, value in EXTRA_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in text
    assert "add_header Permissions-Policy" in text
    # Every location that sets a header of its own repeats the security headers (nginx would
    # drop the inherited ones).
    assert text.count("add_header Content-Security-Policy") == text.count("add_header X-Content")
    assert 'Cache-Control "public, max-age=31536000, immutable"' in text
    assert "gzip_static on;" in text


# --- Raw HTML in Markdown ----------------------------------------------------------------------

RAW_HTML_SOURCE = "pressemitteilungen/2022/2022-02-01-eingebettet.md"


def test_raw_html_that_runs_code_is_an_error_with_file_and_line(build_site):
    build = build_site("publish-rohes-html")
    assert build.returncode == 1
    assert not build.output.exists()
    errors = [line for line in build.stderr.splitlines() if RAW_HTML_SOURCE in line]
    by_line = {int(re.search(r"\.md:(\d+):", line).group(1)): line for line in errors}
    assert sorted(by_line) == [9, 11, 13, 15, 17, 19]
    assert "<script>" in by_line[9]
    assert "<iframe>" in by_line[11]
    assert "onclick=" in by_line[13]
    assert "javascript:" in by_line[15] and "javascript:" in by_line[17]
    assert "style=" in by_line[19]
    for line in errors:
        assert line.startswith("Fehler: ") and "Text" in line  # the field: the body
    # Code examples (line 7's `<script>`, the fenced block at 21–23) are text, not HTML.
    assert "Traceback" not in build.messages


def test_check_command_reports_raw_html_too(tmp_path):
    from conftest import lay_out_scenario, run_newsroom

    content = lay_out_scenario("publish-rohes-html", tmp_path / "inhalt")
    done = run_newsroom("check", "--content", str(content))
    assert done.returncode == 1
    assert f"{RAW_HTML_SOURCE}:9:" in done.stderr


def test_raw_html_scanner_on_its_own():
    from newsroom.core.rawhtml import findings_in

    text = (
        "Title: T\n\n"
        "<a href=' java\tscript:x'>a</a>\n\n"
        "<img src=x onerror=alert(1)>\n\n"
        "<div>erlaubt</div> und <abbr title='x'>y</abbr>\n\n"
        "`<iframe>` im Code\n\n"
        "[ref]: javascript:void(0)\n\n"
        "<javascript:alert(1)>\n\n"
        "[gut](https://example.org/javascript:nicht)\n"
    )
    assert [f.line for f in findings_in(text)] == [3, 5, 11, 13]


# --- External links ----------------------------------------------------------------------------


def test_links_in_markdown_that_leave_the_site_get_noopener(build_site):
    build = build_site("publish-externe-links", settings="publishconf.py")
    assert build.ok, build.messages
    page = build.html("/pressemitteilungen/2022/links/")
    rels = {a["href"]: a.get("rel") or [] for a in page.select("main a[href]")}
    assert "noopener" in rels["https://www.norderstedt.de/go"]
    assert "noopener" in rels["https://www.norderstedt.de/"]  # in the lead (Summary)
    assert "noopener" not in rels["/projekte/"]
    assert "noopener" not in rels["https://presse.norderstedtgo.de/impressum/"]
    assert "noopener" not in rels["mailto:presse@norderstedt.de"]


def test_every_external_link_of_the_site_has_noopener(production_site):
    site_host = urlsplit(production_settings()["SITEURL"]).netloc
    missing = []
    for name, soup in pages(production_site):
        for link in soup.find_all("a", href=True):
            parts = urlsplit(link["href"])
            leaves = parts.scheme in ("http", "https") and parts.netloc != site_host
            if leaves and "noopener" not in (link.get("rel") or []):
                missing.append(f"{name}: {link['href']}")
    assert missing == []


# --- In a real browser: the policy blocks nothing the site needs --------------------------------

REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.browser
def test_the_policy_blocks_nothing_and_search_runs(served_production_site, browser):
    build, base_url = served_production_site
    urls = sorted(
        "/" + name.removesuffix("index.html")
        for name in build.html_pages()
        if not name.startswith("pagefind/")
    )
    problems: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda error: problems.append(f"error: {error}"))
        for url in urls:
            page.goto(base_url + url, wait_until="load")
            problems += [f"{url}: {v}" for v in page.evaluate("window.__violations")]
        # The search under the policy: WebAssembly, the (reordered) filter index, fragments.
        page.goto(base_url + "/suche/", wait_until="load")
        found = page.evaluate(
            """async () => {
              const pagefind = await import("/pagefind/pagefind.js");
              await pagefind.options({});
              const words = await pagefind.search("Unternehmen");
              const filters = await pagefind.filters();
              const first = await words.results[0].data();
              return {hits: words.results.length, filters, url: first.url};
            }"""
        )
        problems += [f"/suche/: {v}" for v in page.evaluate("window.__violations")]
    finally:
        context.close()
    assert problems == []
    assert found["hits"] >= 1
    assert found["filters"], "the filter index is readable"
    assert found["url"].startswith("/")


# --- The nginx snippet, served for real where nginx is installed --------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nginx_serves_the_build_with_the_headers(production_site, tmp_path):
    import shutil
    import subprocess
    import time
    import urllib.error
    import urllib.request

    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        pytest.skip("nginx is not installed")
    port = free_port()
    server = (DEPLOY / "nginx.conf").read_text(encoding="utf-8").split("\nserver {", 2)[1]
    server = re.sub(r"\n\s*listen [^\n]*", "", server, count=0)
    server = server.replace("root /srv/www/newsroom;", f"root {production_site.output};")
    server = f"server {{\n    listen 127.0.0.1:{port};{server}"
    (tmp_path / "site.conf").write_text(server, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"user root;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )

    def fetch(path: str, **headers: str):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    try:
        for _ in range(200):  # until it listens
            try:
                fetch("/")
                break
            except OSError:
                time.sleep(0.05)
        status, headers, _ = fetch("/pressemitteilungen/")
        assert status == 200
        assert headers["Content-Security-Policy"] == header_policy(production_settings())
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "immutable" not in (headers["Cache-Control"] or "")
        stylesheet = next(
            name
            for name in production_site.files()
            if HASHED.search(name) and name.endswith(".css")
        )
        status, headers, body = fetch(f"/{stylesheet}", **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Encoding"] == "gzip"  # the precompressed copy
        assert body == (production_site.output / f"{stylesheet}.gz").read_bytes()
        status, _, body = fetch("/gibt-es-nicht/")
        assert status == 404
        assert body == (production_site.output / "404.html").read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=30)
