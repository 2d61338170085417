"""Raw HTML in Markdown that would run code or break the Content-Security-Policy is an error.

Markdown passes HTML through as it is. An editor who pastes an embed code brings in
``<script>``, ``<iframe>``, ``on…=`` handlers, ``javascript:`` links or ``style`` attributes:
the first run foreign code on our pages, the last are blocked by the policy anyway. Each one is
reported with file, line and what to do instead. Code examples (fenced blocks, ```code```) are
text, not HTML, and are left alone.

These messages name the usual cases plainly; the ground truth is the sanitizer (sanitize.py),
whose check reports whatever else a browser would see as markup and this scan does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from html import unescape
from html.parser import HTMLParser
from typing import Any

from .report import Report
from .resultcache import ResultCache, kept_problems
from .sources import SourceFile

EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")

FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
# Markdown link targets: [text](URL), [id]: URL and <URL>.
MARKDOWN_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)"
    r"|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*)>",
    re.MULTILINE,
)


def without_code(text: str) -> str:
    """The text with fenced code blocks and code spans blanked out, lines kept in place."""
    lines = text.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            lines[number] = ""
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[number] = ""
    masked = "\n".join(lines)
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def script_scheme(url: str) -> str | None:
    """The scheme by which a URL runs code when followed (browsers ignore blanks and case)."""
    compact = re.sub(r"[\x00-\x20]", "", unescape(url)).lower()
    return next((scheme for scheme in SCRIPT_SCHEMES if compact.startswith(scheme)), None)


class Finding:
    __slots__ = ("hint", "line", "message")

    def __init__(self, line: int, message: str, hint: str) -> None:
        self.line, self.message, self.hint = line, message, hint


SCRIPT_HINT = "Entfernen Sie es; Skripte sind in Inhalten nicht erlaubt."
EMBED_HINT = "Setzen Sie stattdessen einen Link auf die Seite, z. B. [Video ansehen](https://…)."
STYLE_HINT = "Entfernen Sie die Stilangabe; die Gestaltung kommt allein aus dem Theme."
LINK_HINT = "Verlinken Sie eine Adresse mit https:// oder entfernen Sie den Link."


class RawHtmlScanner(HTMLParser):
    """Collects the forbidden parts of the raw HTML in one Markdown text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def add(self, message: str, hint: str) -> None:
        self.findings.append(Finding(self.getpos()[0], message, hint))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.add("Ein <script>-Element ist im Inhalt nicht erlaubt.", SCRIPT_HINT)
        elif tag in EMBEDS:
            self.add(
                f"Ein <{tag}>-Element (eingebettete fremde Seite) ist nicht erlaubt.", EMBED_HINT
            )
        elif tag == "style":
            self.add("Ein <style>-Element ist im Inhalt nicht erlaubt.", STYLE_HINT)
        for name, value in attrs:
            if name.startswith("on"):
                self.add(
                    f"Der Ereignis-Handler „{name}=“ in <{tag}> ist nicht erlaubt.",
                    "Entfernen Sie das Attribut; Skripte sind in Inhalten nicht erlaubt.",
                )
            elif name == "style":
                self.add(f"Das Attribut „style=“ in <{tag}> ist nicht erlaubt.", STYLE_HINT)
            elif name in URL_ATTRIBUTES and value and (scheme := script_scheme(value)):
                self.add(
                    f"Ein „{scheme}“-Link in <{tag} {name}=…> führt ein Skript aus.", LINK_HINT
                )


def findings_in(text: str) -> Iterator[Finding]:
    masked = without_code(text)
    scanner = RawHtmlScanner()
    scanner.feed(masked)
    scanner.close()
    yield from scanner.findings
    for match in MARKDOWN_TARGETS.finditer(masked):
        url = match.group("inline") or match.group("reference") or match.group("auto") or ""
        scheme = script_scheme(url)
        if scheme:
            line = masked.count("\n", 0, match.start()) + 1
            yield Finding(line, f"Ein „{scheme}“-Link führt ein Skript aus.", LINK_HINT)


def field_at(source: SourceFile, line: int) -> str:
    """The metadata field a line belongs to, or „Text“ for the body."""
    if line >= source.body_line:
        return "Text"
    owners = [entry for entry in source.fields.values() if entry.line <= line]
    return max(owners, key=lambda entry: entry.line).name if owners else "Text"


def check(settings: Mapping[str, Any], sources: Mapping[str, list[SourceFile]], report: Report):
    """Every press release, page and event: raw HTML that runs code or styles is an error."""
    cache = ResultCache.for_build(settings, "rohes-html")
    for files in sources.values():
        for source in files:
            report.problems.extend(kept_problems(cache, source, check_source, source.relative))
    cache.save()


def check_source(source: SourceFile, report: Report) -> None:
    """The raw HTML of one file that runs code or styles."""
    for finding in findings_in(source.text):
        report.error(
            source.relative,
            field_at(source, finding.line),
            finding.message,
            finding.hint,
            finding.line,
        )
