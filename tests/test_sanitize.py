"""Content is data, never code: templates escape every value, one allowlist sanitizer (nh3)
cleans every piece of rendered HTML, and URL fields hold complete addresses only.

Hostile values are tried in every kind of field (metadata, events, the contact registry, the
operator data) and each raw-HTML bypass family in the body; the check and the build fail the
same way, naming the file, line and field, and no output is written. Values that are only odd
text (quotes, ampersands) build, and stay text in every output file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_into, lay_out_scenario, run_newsroom

from newsroom.core import sanitize
from newsroom.core.sources import markup_problem, web_address_problem

ERROR_LINE = re.compile(r"^Fehler: (?P<path>\S+?):(?P<line>\d+): (?P<rest>.*)$")

# (file, line, field) of each hostile value of the scenario sicherheit-metadaten.
METADATA_ATTACKS = {
    ("pressemitteilungen/2022/2022-03-01-angriff.md", 1, "Title"),
    ("pressemitteilungen/2022/2022-03-01-angriff.md", 4, "Location"),
    ("pressemitteilungen/2022/2022-03-01-angriff.md", 5, "Summary"),
    ("pressemitteilungen/2022/2022-03-01-angriff.md", 6, "Tags"),
    ("veranstaltungen/2022-03-02-angriff.md", 1, "Title"),
    ("veranstaltungen/2022-03-02-angriff.md", 5, "Online-URL"),
    ("veranstaltungen/2022-03-02-angriff.md", 6, "Registration"),
    ("daten/kontakte.yaml", 20, "web"),
    ("daten/kontakte.yaml", 30, "rolle"),
    ("daten/betreiber.yaml", 3, "anbieter"),
}
BYPASS_SOURCE = "pressemitteilungen/2022/2022-03-03-umgehung.md"
# Line of each bypass family in the scenario sicherheit-rohes-html.
BYPASSES = {
    9: "Kommentar, den der Browser anders schließt",
    11: "<noscript>",
    14: "Attributliste {: … }",
    16: "<script src> auf eine Datei der eigenen Website",
    21: "HTML hinter einem nie geschlossenen Codeblock",
}


def errors_of(text: str) -> list[tuple[str, int, str]]:
    found = []
    for line in text.splitlines():
        match = ERROR_LINE.match(line)
        if match:
            field = re.match(r"Feld „([^“]+)“|im Text", match.group("rest"))
            name = (field.group(1) or "Text") if field else ""
            # Shown from the content folder's parent: „inhalt/pressemitteilungen/…“.
            path = match.group("path").split("/", 1)[-1]
            found.append((path, int(match.group("line")), name))
    return found


def file_digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def check_and_build(scenario: str, folder: Path, build_site) -> tuple:
    """The check and a build over a published site; the published site must stay as it was."""
    content = lay_out_scenario(scenario, folder / "inhalt")
    checked = run_newsroom("check", "--content", str(content))
    output = folder / "ausgabe"
    published = build_site(None, output=output)
    assert published.ok, published.stderr
    before = file_digests(output)
    built = build_into(content, output)
    assert file_digests(output) == before  # nothing half-built, nothing of the attack
    return checked, built


# --- Hostile values in every kind of field ----------------------------------------------------


def test_markup_and_broken_addresses_in_fields_fail_check_and_build(tmp_path, build_site):
    checked, built = check_and_build("sicherheit-metadaten", tmp_path, build_site)
    assert checked.returncode == 1 and built.returncode == 1
    for done in (checked, built):
        found = set(errors_of(done.stderr))
        assert found >= METADATA_ATTACKS, sorted(METADATA_ATTACKS - found)
        assert "Traceback" not in done.stderr and "Interner Fehler" not in done.stderr
    # The build stops with the check's own report: the same errors, word for word.
    check_lines = {line for line in checked.stderr.splitlines() if line.startswith("Fehler:")}
    build_lines = {line for line in built.stderr.splitlines() if line.startswith("Fehler:")}
    assert check_lines == build_lines
    assert "bisherige Ausgabe bleibt" in built.stderr
    by_place = {(path, line): text for path, line, text in errors_of(checked.stderr)}
    assert by_place[("daten/kontakte.yaml", 20)] == "web"
    web_error = next(x for x in checked.stderr.splitlines() if "/kontakte.yaml:20:" in x)
    assert "Anführungszeichen" in web_error and "https://" in web_error


def test_raw_html_bypasses_fail_check_and_build_with_their_line(tmp_path, build_site):
    checked, built = check_and_build("sicherheit-rohes-html", tmp_path, build_site)
    assert checked.returncode == 1 and built.returncode == 1
    for done in (checked, built):
        lines = {line for path, line, _ in errors_of(done.stderr) if path == BYPASS_SOURCE}
        missing = {line: what for line, what in BYPASSES.items() if line not in lines}
        assert not missing, missing
        assert "Traceback" not in done.stderr
    attribute_list = next(x for x in checked.stderr.splitlines() if f"/{BYPASS_SOURCE}:14:" in x)
    assert "Attributliste" in attribute_list and "Löschen Sie" in attribute_list


# --- Odd text stays text, in every output file --------------------------------------------------

TITLE = "Bürger*innen & Co: x\" onmouseover=\"document.title='pwned'"


@pytest.fixture(scope="module")
def text_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text-bleibt-text")
    content = lay_out_scenario("sicherheit-text-bleibt-text", folder / "content")
    build = build_into(content, folder / "output", settings="publishconf.py")
    assert build.ok, build.stderr
    return build


def hostile_parts(soup: BeautifulSoup, name: str) -> list[str]:
    found = []
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on") or attribute in ("autofocus", "style"):
                found.append(f"{name}: {attribute}= on <{element.name}>")
            elif re.match(r"\s*(javascript|data|vbscript):", text, re.IGNORECASE):
                found.append(f"{name}: {attribute}={text}")
        inline = not element.get("src") or element.get_text(strip=True)
        if element.name == "script" and element.get("type") != "application/ld+json" and inline:
            found.append(f"{name}: inline <script>")
    return found


def test_quotes_and_ampersands_in_every_field_stay_text(text_site):
    page = text_site.html("/pressemitteilungen/2022/zeichen/")
    assert page.h1.get_text() == TITLE
    assert page.find("meta", property="og:title")["content"] == TITLE
    assert page.title.get_text().startswith(TITLE + " – ")
    assert (
        "Norderstedt' autofocus onfocus='window.pwned=1"
        in page.select_one(".press-release__dateline").get_text()
    )
    lead = page.select_one(".press-release__lead").get_text()
    assert "</script><script>window.pwned=9</script>" in lead  # typed as &lt;…&gt;: text
    data = text_site.json_ld("/pressemitteilungen/2022/zeichen/")
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["headline"] == TITLE
    assert "</script><script>window.pwned=9</script>" in article["description"]
    raw = text_site.text("/pressemitteilungen/2022/zeichen/")
    for script in re.findall(r'ld\+json">(.*?)</script>', raw, re.DOTALL):
        assert "<" not in script  # \u003c: no value can close the element or open a comment
    person = text_site.html("/pressekontakte/").find(class_="p-job-title")
    assert person.get_text() == 'Kommunikation " onmouseover="window.pwned=7 & Co'
    operator = text_site.html("/impressum/").select_one(".operator-facts__value")
    assert operator.get_text() == 'Anbieter " onmouseover="window.pwned=8 & Co'
    event = text_site.html("/veranstaltungen/zeichen-termin/")
    assert event.h1.get_text() == 'Termin " onmouseover="window.pwned=5'


def test_no_output_file_holds_anything_that_runs(text_site):
    """Pages and feeds parsed as a browser or feed reader would; calendars, vCards, JSON and
    the search index carry the values as text, in their own escaping."""
    import brotli
    import vobject
    from icalendar import Calendar

    found: list[str] = []
    files = [p for p in text_site.output.rglob("*") if p.is_file()]
    assert len(files) > 50
    for path in files:
        name = str(path.relative_to(text_site.output))
        data = path.read_bytes()
        if name.endswith(".gz"):
            data, name = gzip.decompress(data), name[:-3]
        elif name.endswith(".br"):
            data, name = brotli.decompress(data), name[:-3]
        if name.endswith(".html"):
            found += hostile_parts(BeautifulSoup(data.decode("utf-8"), "lxml"), name)
        elif name.endswith(".xml") and name.startswith("feeds/"):
            for element in ElementTree.fromstring(data).iter():
                if element.tag.rsplit("}", 1)[-1] in ("content", "summary", "description"):
                    found += hostile_parts(BeautifulSoup(element.text or "", "lxml"), name)
        elif name.endswith(".json") and not name.startswith("pagefind/"):
            json.loads(data)  # well-formed: no value broke out of its string
        elif name.endswith(".ics"):
            Calendar.from_ical(data)
        elif name.endswith(".vcf"):
            vobject.readOne(data.decode("utf-8"))
    assert found == []
    calendar = Calendar.from_ical(
        text_site.path("/veranstaltungen/zeichen-termin.ics").read_bytes()
    )
    event = next(c for c in calendar.walk("VEVENT"))
    assert str(event["SUMMARY"]) == 'Termin " onmouseover="window.pwned=5'
    card = vobject.readOne(text_site.path("/pressekontakte/mirjam-bantle.vcf").read_text("utf-8"))
    assert card.title.value == 'Kommunikation " onmouseover="window.pwned=7 & Co'


# --- The sanitizer itself -----------------------------------------------------------------------

BYPASS_HTML = [
    '<p>a</p><script src="/bilder/x.js"></script>',
    "<!-- --!><img src=x onerror=alert(1)> -->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    '<p onclick="alert(1)">Klick</p>',
    '<a href="JaVa&#x53;cript:alert(2)">x</a>',
    '<a href="https://x.de" onmouseover="alert(1)">x</a>',
    '<img src="data:text/html,<script>alert(1)</script>" alt="">',
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<p id="nav">Kein eigenes id</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://x.de"><button>x</button></form>',
]


@pytest.mark.parametrize("html", BYPASS_HTML)
def test_the_sanitizer_reports_and_removes_every_bypass(html):
    assert sanitize.removed_tokens(html), "not reported"
    cleaned = sanitize.clean(html)
    soup = BeautifulSoup(cleaned, "lxml")
    assert hostile_parts(soup, "x") == []
    assert soup.find(["script", "svg", "math", "form", "noscript", "iframe"]) is None
    assert not soup.find(id="nav")
    assert sanitize.removed_tokens(cleaned) == []  # cleaned once is clean


SAFE_HTML = [
    '<p>&bdquo;Zitat&ldquo; &amp; <a href="https://www.egno.de/" rel="noopener">EGNO</a></p>',
    '<p><a href="/projekte/">Projekte</a>, <a href="mailto:a@b.de">Mail</a>, '
    '<a href="tel:+4940123">Tel</a>, <a href="#fn:1">1</a></p>',
    '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
    '<div class="footnote"><hr><ol><li id="fn:1"><p>n&#160;<a class="footnote-backref" '
    'href="#fnref:1" title="zur&#252;ck">&#8617;</a></p></li></ol></div>',
    '<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td align="right">1'
    "</td></tr></tbody></table>",
    '<pre><code class="language-python">if a &lt; b:\n    pass\n</code></pre>',
    '<p><span class="caps">EGNO</span> <abbr title="Chief Digital Officer">CDO</abbr></p>',
    "<dl><dt>Ort</dt><dd>Rathaus</dd></dl><!-- ein Kommentar -->",
    "<p>Bürger*innen, Bürger:innen, BürgerInnen</p>",
]


@pytest.mark.parametrize("html", SAFE_HTML)
def test_safe_html_passes_byte_for_byte(html):
    assert sanitize.removed_tokens(html) == []
    assert sanitize.clean(html) == html


# Character references in every place the parser reads differently: text, attribute values,
# names, comments, raw text, bogus comments; ASCII, white space, several characters, none.
REFERENCE_HTML = [
    '<p title="&bdquo;x&ldquo;">&bdquo;a&ldquo; &ndash; b&hellip; &rsquo;</p>',
    "<p>&#8222;a&#x201C; &#150; &nbsp;&#160;&#x2003;x &bdquo</p>",
    '<a href="/x?a=1&amp;b=&bdquo;">x</a><a href="mailto:&#97;&#64;b.de">&#97;</a>',
    "<!-- &bdquo; --><p>&bdquo;</p>",
    "<p>&bdquo;<!-- --!><img src=x onerror=alert(1)> &ldquo;--></p>",
    '<p data-x&bdquo;="1">&bdquo;</p>',
    "<p>&bdquo;</p><script>&bdquo;</script>",
    "<p>&bdquo;</p><style>p::after { content: '&bdquo;' }</style>",
    "<p>&no&#116;in; &not&bdquo; &notin&bdquo; &NotNestedGreaterGreater; &amp;bdquo;</p>",
    "</ &bdquo;><p>&bdquo;</p>",
    "<?x &bdquo;?><p>&bdquo;</p>",
    "<s&#112;an>&bdquo;</s&#112;an>",
    '<p title=&bdquo;x>&bdquo;</p><p title="</p><script>&bdquo;</script>">x</p>',
    "<noscript><p>&bdquo;</p></noscript><textarea>&bdquo;</textarea><title>&bdquo;</title>",
    "<p>&#0; &#xD800; &#x110000; &#1114111; &#99999999; &bdquo;</p>",
]


@pytest.mark.parametrize("html", REFERENCE_HTML + BYPASS_HTML + SAFE_HTML)
def test_the_quick_comparison_finds_what_the_token_comparison_finds(html):
    """Where the cleaned HTML is the HTML with its references written out, nothing is taken
    out: the same verdict, and the same tokens, as comparing all tokens."""
    cleaned = sanitize.sanitized(html)
    assert sanitize.removed_tokens(html) == sanitize.compared_tokens(html, cleaned)
    if sanitize.same_as_cleaned(html, cleaned):
        assert sanitize.tokens(html) == sanitize.tokens(cleaned)


def test_the_quick_comparison_covers_typeset_text():
    html = '<p>Er sagte: &bdquo;Ja&ldquo; &ndash; <a href="/x/" title="&sbquo;a&lsquo;">x</a></p>'
    assert html != sanitize.sanitized(html)
    assert sanitize.same_as_cleaned(html, sanitize.sanitized(html))


def test_the_page_filter_cleans_as_the_sanitizer_and_remembers_its_verdicts(tmp_path, monkeypatch):
    settings = {"SPEED_CACHE": True, "SPEED_CACHE_PATH": str(tmp_path / "cache")}
    htmls = BYPASS_HTML + SAFE_HTML
    first = sanitize.PageSanitizer()
    first.prepare(htmls, settings)
    expected = [sanitize.safe_markup(html) for html in htmls]
    assert [first(html) for html in htmls] == expected
    for html in BYPASS_HTML:
        assert hostile_parts(BeautifulSoup(first(html), "lxml"), "x") == []

    # The next build takes the verdicts from the cache: no token comparison at all, and the
    # hostile HTML is still cleaned (the verdict says so; nh3 does the cleaning).
    def refuse(html):
        raise AssertionError("compared again")

    monkeypatch.setattr(sanitize, "removed_tokens", refuse)
    warm = sanitize.PageSanitizer()
    warm.prepare(htmls, settings)
    assert [warm(html) for html in htmls] == expected
    # HTML not prepared ahead is cleaned when a template first shows it.
    with pytest.raises(AssertionError, match="compared again"):
        warm('<p onclick="alert(2)">Neu</p>')
    assert warm(None) == ""


def test_the_build_reader_cleans_what_it_renders(tmp_path):
    """The build's own reader: even content that never went through the check is clean."""
    from pelican.settings import read_settings

    from newsroom.speed.fast_path import check_reader

    source = lay_out_scenario("sicherheit-rohes-html", tmp_path / "inhalt")
    settings = read_settings(str(Path(__file__).resolve().parent.parent / "pelicanconf.py"))
    reader = check_reader({**settings, "PATH": str(source)})
    path = source / "pressemitteilungen/2022/2022-03-03-umgehung.md"
    raw, _ = reader.render(str(path), sanitize=False)
    content, fields = reader.render(str(path))
    assert "onerror" in raw and "<script" in raw
    soup = BeautifulSoup(content, "lxml")
    assert hostile_parts(soup, "body") == [] and soup.find(["script", "noscript"]) is None
    assert "Ein Absatz ohne Probleme." in content
    assert fields["title"][0] == 'Eine Meldung mit verstecktem <span class="caps">HTML</span>'


# --- Addresses and text values -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "https://www.norderstedt.de/",
        "http://www.norderstedter-zukunftsdialog.de",
        "https://www.egno.de/pfad/?a=1&b=2#teil",
        "https://xn--mnchen-3ya.de/",
    ],
)
def test_complete_web_addresses_pass(value):
    assert web_address_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        'https://x.de" onmouseover="alert(1)',
        "https://x.de' onmouseover='alert(1)",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://x.de/<script>",
        "https://x.de/\tpfad",
        "https://x.de/\x00",
        "https://www.x.de /pfad",
        "//x.de/pfad",
        "/pfad",
        "www.norderstedt.de",
        "https://localhost/",
        "https://user:pass@x.de/",
        "https://x.de:port/",
        "ftp://x.de/",
    ],
)
def test_broken_or_hostile_addresses_are_refused(value):
    assert web_address_problem(value)


def test_mail_and_phone_addresses_where_meant():
    assert web_address_problem("mailto:presse@norderstedt.de", ("mailto",)) is None
    assert web_address_problem("tel:+4940535950", ("tel",)) is None
    assert web_address_problem("mailto:", ("mailto",))
    assert web_address_problem("https://x.de/", ("mailto",))


@pytest.mark.parametrize(
    ("value", "is_markup"),
    [
        ("<script>alert(1)</script>", True),
        ('"><img src=x onerror=alert(1)>', True),
        ("</script>", True),
        ("<!-- x -->", True),
        ("1 < 2 und 3 > 2", False),
        ("Bürger*innen & Co", False),
        ("<3 Norderstedt", False),
    ],
)
def test_markup_in_a_text_value(value, is_markup):
    assert bool(markup_problem(value)) is is_markup


# --- In a browser, with the production policy as a header ----------------------------------------

# What the payloads of the scenarios do if they ever run: a global, a changed title, a dialog.
RAN = "() => [window.pwned, document.title === 'pwned']"
STIR = """() => {
  for (const element of document.querySelectorAll('body *')) {
    for (const kind of ['mouseover', 'click', 'focus', 'error', 'load']) {
      element.dispatchEvent(new Event(kind));
    }
    if (element.focus) element.focus();
  }
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The odd-text scenario built for a local address, plus a page of what the build's reader
    makes of every raw-HTML bypass, a same-origin script file for a <script src> to load, and a
    control page whose payload would run if nothing stopped it."""
    import contextlib
    import functools
    import http.server
    import threading

    from conftest import QuietHandler
    from pelican.settings import read_settings

    from newsroom.delivery.security import header_policy
    from newsroom.speed.fast_path import check_reader

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path_factory.mktemp("browser-sicherheit")
    output = folder / "output"
    policy = header_policy(read_settings(str(root / "publishconf.py")))

    class PolicyHandler(QuietHandler):
        def end_headers(self) -> None:
            if not self.path.startswith("/kontrolle"):
                self.send_header("Content-Security-Policy", policy)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(PolicyHandler, directory=str(output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with contextlib.ExitStack() as stack:
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        content = lay_out_scenario("sicherheit-text-bleibt-text", folder / "content")
        build = build_into(content, output, settings="publishconf.py", env={"SITEURL": base})
        assert build.ok, build.stderr
        bypasses = lay_out_scenario("sicherheit-rohes-html", folder / "umgehung")
        settings = read_settings(str(root / "pelicanconf.py"))
        reader = check_reader({**settings, "PATH": str(bypasses)})
        body, _ = reader.render(str(bypasses / "pressemitteilungen/2022/2022-03-03-umgehung.md"))
        (output / "bilder").mkdir(exist_ok=True)
        (output / "bilder" / "x.js").write_text("window.pwned = 'script-datei';\n")
        document = '<!doctype html><html lang="de"><title>Umgehung</title><body>{}</body></html>'
        (output / "umgehung").mkdir()
        (output / "umgehung" / "index.html").write_text(document.format(body), encoding="utf-8")
        (output / "kontrolle").mkdir()
        (output / "kontrolle" / "index.html").write_text(
            document.format('<img src="x" onerror="window.pwned = \'kontrolle\'">'),
            encoding="utf-8",
        )
        yield build, base


@pytest.mark.browser
def test_no_injected_script_runs_in_a_browser(browser, hostile_site):
    build, base = hostile_site
    context = browser.new_context(locale="de-DE")
    dialogs: list[str] = []
    blocked: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = context.new_page()
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)

    # The control: without the policy and the sanitizer, such a payload runs and is seen.
    page.goto(base + "/kontrolle/", wait_until="load")
    page.wait_for_function("() => window.pwned !== undefined", timeout=5_000)
    assert page.evaluate(RAN)[0] == "kontrolle"

    urls = ["/umgehung/"] + [
        "/" + name.removesuffix("index.html")
        for name in build.html_pages()
        if not name.startswith(("kontrolle/", "umgehung/"))
    ]
    assert len(urls) > 15
    for url in urls:
        page.goto(base + url, wait_until="load")
        page.evaluate(STIR)
        page.wait_for_timeout(50)
        assert page.evaluate(RAN) == [None, False], url
    umgehung = page.goto(base + "/umgehung/")
    assert umgehung.ok
    assert page.locator("script, noscript, [onerror], [onclick]").count() == 0
    assert page.get_by_text("Ein Absatz ohne Probleme.").count() == 1

    # The search shows the hostile values of the index as text too.
    page.goto(base + "/suche/")
    page.get_by_label("Suchbegriff").focus()
    page.keyboard.type("pwned", delay=20)
    page.locator("#suche-treffer a.search-result__link").first.wait_for(timeout=15_000)
    page.evaluate(STIR)
    page.wait_for_timeout(200)
    assert page.evaluate(RAN) == [None, False]
    assert dialogs == []
    assert blocked == []  # nothing even tried to run: no handler reached a page
    context.close()


def test_the_check_on_every_core_finds_what_it_finds_on_one(tmp_path):
    """The content check renders the files on every core: the same errors, in the same order,
    as on one core, for hostile and for safe files."""
    from pelican.settings import read_settings

    from newsroom.core.report import Report
    from newsroom.core.sources import read_source
    from newsroom.speed.fast_path import check_reader

    texts = [
        f"Title: Mitteilung {number}\nDate: 2022-01-13 10:00\nSummary: Vorspann [Link]"
        f"(https://example.org/)\n\nText mit {html}\n"
        for number, html in enumerate(BYPASS_HTML + SAFE_HTML)
    ]
    sources = []
    for number, text in enumerate(texts):
        path = tmp_path / f"pm-{number:02d}.md"
        path.write_text(text, encoding="utf-8")
        sources.append(read_source(path, path.name, Report()))

    def problems(extra: dict) -> list:
        settings = {**read_settings(str(ROOT / "pelicanconf.py")), **extra}
        report = Report()
        sanitize.check(settings, {"articles": sources}, report, check_reader(settings))
        return [(p.path, p.field, p.message, p.line) for p in report.errors]

    on_one = problems({"SPEED_PROCESSES": 1})
    assert len({path for path, *_ in on_one}) == len(BYPASS_HTML)
    assert problems({"SPEED_PROCESSES": 2, "SPEED_PARALLEL_FROM": 1}) == on_one
