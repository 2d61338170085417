"""One allowlist sanitizer for every piece of HTML that reaches a page as markup.

Markdown passes raw HTML through, so the HTML of a body, of a formatted field (Summary) and of a
typographically set title is cleaned by nh3 (Ammonia): only the tags and attributes the theme
and Markdown's own output need, links only to https, http, mailto, tel and paths of the site.
The parser is a browser's (html5ever), so what it keeps is what a browser will see — tricks that
hide markup from a simpler parser (comments, ``<noscript>``, unclosed code) end up removed.

The content check (:func:`check`) and the build use the same :func:`clean`: the check renders
each source as the build does and reports, with file, line and fix, everything the sanitizer
would take away; such content fails the check and therefore the build. HTML the sanitizer keeps
whole is passed on byte for byte (its own serialisation would only differ in spelling, e.g.
``&bdquo;`` for „), so safe content builds exactly as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from html import unescape
from html.parser import HTMLParser
from typing import Any, TypeVar

import nh3
from markupsafe import Markup

from .parallel import map_on_cores
from .rawhtml import findings_in, without_code
from .rendered import rendered_sources
from .report import Report
from .resultcache import ResultCache, kept_problems, text_key
from .sources import MARKUP_HINT, SourceFile, markup_problem

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
        "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
GENERAL_ATTRIBUTES = {"class", "id", "title", "lang"}
ALLOWED_ATTRIBUTES = {
    "*": GENERAL_ATTRIBUTES,
    "a": {"href", "rel", "hreflang"},
    "abbr": set(),
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
T = TypeVar("T")

URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
# Ids only as Markdown's footnotes make them: any other id could shadow the theme's own.
FOOTNOTE_ID = re.compile(r"^fn(?:ref)?(?::[\w-]+)+$")


def keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and not FOOTNOTE_ID.match(value):
        return None
    return value


def sanitized(html: str) -> str:
    """The HTML as the sanitizer leaves it (in its own serialisation)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=keep_attribute,
        url_schemes=set(URL_SCHEMES),
        strip_comments=False,  # a comment the browser's parser sees is inert text
        link_rel=None,  # rel="noopener" comes from the Markdown extension in security.py
    )


# --- What the sanitizer changes -------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "tag", "text" or "comment"
    name: str  # tag name, or the text
    attributes: tuple[tuple[str, str], ...] = ()
    line: int = 1  # in the HTML it was read from

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return (self.kind, self.name, self.attributes)


class Tokens(HTMLParser):
    """Start tags (attributes sorted) and the text between them, end tags left out: the
    sanitizer may close an element elsewhere, which changes nothing a reader could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self._text: list[str] = []
        self._text_line = 1

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        if text:
            self.tokens.append(Token("text", text, line=self._text_line))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        attributes = tuple(sorted((name, value or "") for name, value in attrs))
        self.tokens.append(Token("tag", tag, attributes, self.getpos()[0]))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if not self._text:
            self._text_line = self.getpos()[0]
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.tokens.append(Token("comment", data.strip(), line=self.getpos()[0]))

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.tokens.append(Token("comment", decl, line=self.getpos()[0]))

    handle_pi = handle_unknown_decl = handle_decl

    def close(self) -> None:
        super().close()
        self._flush()


def tokens(html: str) -> list[Token]:
    parser = Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


# A character reference whose character the sanitizer writes as itself: „&bdquo;“ → „„“.
CHARACTER_REFERENCE = re.compile(
    r"&(?:[a-zA-Z][a-zA-Z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
)


def written_out(reference: re.Match[str]) -> str:
    """The character a reference stands for where it is neither ASCII nor white space (which
    could change how a tag reads); otherwise the reference as it was."""
    character = unescape(reference.group(0))
    if len(character) == 1 and not character.isascii() and not character.isspace():
        return character
    return reference.group(0)


def same_as_cleaned(html: str, cleaned: str) -> bool:
    """Whether ``cleaned`` is ``html`` itself, or ``html`` with character references written
    as their characters: then both read as the same tokens, and nothing is removed.

    Where the comparison of tokens would find nothing anyway, this spares reading the HTML
    twice with Python's parser (most of the comparison's time). Without „<!“ and „<?“ the HTML
    has no comment, declaration or processing instruction, and the sanitizer's output keeps no
    element whose text is not read as text (script, style), so every written-out reference
    stands in text or in an attribute value: where the parser reads it as its character."""
    if cleaned == html:
        return True
    if "&" not in html or "<!" in html or "<?" in html:
        return False
    return cleaned == CHARACTER_REFERENCE.sub(written_out, html)


def removed_tokens(html: str) -> list[Token]:
    """What of ``html`` the sanitizer does not keep as it was, in order; empty if nothing."""
    cleaned = sanitized(html)
    if same_as_cleaned(html, cleaned):
        return []
    return compared_tokens(html, cleaned)


def compared_tokens(html: str, cleaned: str) -> list[Token]:
    """:func:`removed_tokens` by comparing the tokens of ``html`` and of ``cleaned``."""
    before = tokens(html)
    after = [token.key for token in tokens(cleaned)]
    missing: list[Token] = []
    position = 0
    for token in before:
        try:
            position = after.index(token.key, position) + 1
        except ValueError:
            missing.append(token)
    # Something the sanitizer made that the HTML did not have (a parser differential).
    if not missing and len(after) != len(before):
        missing.extend(before[-1:] or [Token("text", html.strip()[:60])])
    return missing


def clean(html: str) -> str:
    """``html`` itself when the sanitizer keeps all of it, else the sanitizer's version."""
    if not html:
        return html
    return html if not removed_tokens(html) else sanitized(html)


def safe_markup(html: Any) -> Markup:
    """Jinja filter ``sanitized``: HTML of the pipeline, cleaned, marked safe for templates."""
    if html is None:
        return Markup("")
    return Markup(clean(str(html)))


def kept_whole(html: str) -> bool:
    return not removed_tokens(html)


class PageSanitizer:
    """The ``sanitized`` filter of one build: :func:`safe_markup`, each distinct HTML cleaned
    once. A title or lead stands on a dozen pages (teasers, topics, years, neighbours); the
    token comparison of :func:`clean` is the costly part, so :meth:`prepare` works out ahead
    which HTML the sanitizer keeps whole, on every core, remembered between builds.

    Each HTML is remembered by its digest, with None when the sanitizer keeps it whole: the
    filter does not keep a copy of every text of the site for the whole build."""

    def __init__(self) -> None:
        self.cleaned: dict[bytes, str | None] = {}

    def __call__(self, html: Any) -> Markup:
        if html is None:
            return Markup("")
        text = str(html)
        key = html_digest(text)
        if key not in self.cleaned:
            self.cleaned[key] = None if not text or kept_whole(text) else sanitized(text)
        cleaned = self.cleaned[key]
        return Markup(text if cleaned is None else cleaned)

    def prepare(self, htmls: Iterable[str], settings: Mapping[str, Any]) -> None:
        """Clean ``htmls`` now: before the pages are rendered, also in forked processes."""
        distinct: dict[bytes, str] = {}
        for html in htmls:
            if html and (key := html_digest(html)) not in self.cleaned:
                distinct.setdefault(key, html)
        # Whether the sanitizer keeps an HTML whole depends on that HTML alone; what the content
        # check of this build has compared already is not compared again.
        store = rendered_sources(settings)
        known = store.whole if store is not None else frozenset()

        def verdicts_of(unknown: list[str]) -> list[bool]:
            compared = [html for html in unknown if html not in known]
            found = dict(zip(compared, map_on_cores(kept_whole, compared, settings), strict=True))
            return [found.get(html, True) for html in unknown]

        cache = ResultCache.for_build(settings, "bereinigung-seiten")
        verdicts = cache.results(list(distinct.values()), verdicts_of)
        for (key, html), whole in zip(distinct.items(), verdicts, strict=True):
            self.cleaned[key] = None if whole else sanitized(html)
        cache.save()
        if store is not None:
            store.whole.clear()  # asked for once per build, before the pages are rendered


def html_digest(html: str) -> bytes:
    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).digest()


# --- The content check ----------------------------------------------------------------------

SCRIPT_HINT = "Entfernen Sie es; Skripte und eingebettete fremde Inhalte sind nicht erlaubt."
REMOVED_HINT = (
    "Schreiben Sie den Text in Markdown ohne HTML-Elemente und -Attribute, Links nur mit "
    "https://, http://, mailto:, tel: oder als Pfad dieser Website (/…)."
)
COMMENT_HINT = "Löschen Sie den HTML-Kommentar von „<!--“ bis „-->“."
DANGEROUS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "style"}


def describe(token: Token) -> tuple[str, str]:
    """German message and fix for one removed part."""
    if token.kind == "comment":
        return "Ein HTML-Kommentar enthält Markup, das der Browser anders liest.", COMMENT_HINT
    if token.kind == "text":
        shown = token.name if len(token.name) <= 60 else token.name[:57] + "…"
        return (
            f"Der Text „{shown}“ steht in einem Element, das entfernt wird.",
            REMOVED_HINT,
        )
    if token.name not in ALLOWED_TAGS:
        hint = SCRIPT_HINT if token.name in DANGEROUS else REMOVED_HINT
        return f"Das Element <{token.name}> ist im Inhalt nicht erlaubt.", hint
    names = [name for name, _ in token.attributes]
    allowed = ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(token.name, set())
    odd = [name for name in names if name not in allowed] or names
    listed = ", ".join(f"„{name}=“" for name in odd)
    if any(name.startswith("on") for name in odd):
        hint = "Entfernen Sie das Attribut; Skripte sind in Inhalten nicht erlaubt."
    else:
        hint = REMOVED_HINT
    return f"In <{token.name}> wird {listed} entfernt oder verändert.", hint


def source_line(source: SourceFile, token: Token, first_line: int, fallback: int) -> int:
    """Where in the source file the removed part stands: searched by its most telling text."""
    needles: list[str] = []
    if token.kind == "tag":
        needles += [value for _, value in token.attributes if len(value) > 2]
        needles += [name for name, _ in token.attributes]
        needles.append("<" + token.name)
    else:
        needles.append(token.name[:40])
    lines = source.text.split("\n")
    for needle in needles:
        for number in range(first_line, len(lines) + 1):
            if needle and needle.lower() in lines[number - 1].lower():
                return number
    return fallback


def findings(
    source: SourceFile,
    rendered: Mapping[str, str],
    removed: Mapping[str, list[Token]] | None = None,
) -> Iterator[tuple[str, int, Token]]:
    """(field, line, removed part) for each rendered part of a source (field name → HTML);
    ``removed``: what :func:`removed_tokens` found in each part, if that is known already."""
    for field, html in rendered.items():
        start = source.body_line if field == "Text" else (source.line_of(field) or 1)
        line = start
        for token in removed_tokens(html) if removed is None else removed[field]:
            # Text typography has changed („--“ → „–“) is not found as written: it stands
            # where the part before it stood.
            line = source_line(source, token, start, fallback=line)
            yield field, line, token


HTML_FIELDS = ("title",)  # typography turns the title into HTML, like the formatted fields


class MarkdownRenderer:
    """Markdown as MARKDOWN configures it: the check's reader when no plugin of PLUGINS reads
    Markdown its own way (the speed plugin's reader renders exactly as the build does)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = {"FORMATTED_FIELDS": ["summary"], **settings}

    def render(self, source_path: str, sanitize: bool = True) -> tuple[str, dict[str, Any]]:
        import markdown

        configured = dict(self.settings.get("MARKDOWN") or {})
        extensions = list(configured.get("extensions") or [])
        configured["extensions"] = [*extensions, "markdown.extensions.meta"]  # as Pelican's
        body = markdown.Markdown(**configured)
        with open(source_path, encoding="utf-8") as text:
            content = body.convert(text.read())
        fields: dict[str, Any] = {}
        for name, values in getattr(body, "Meta", {}).items():
            if name in self.settings["FORMATTED_FIELDS"]:
                field = markdown.Markdown(**configured)
                field.preprocessors.deregister("meta")
                fields[name] = field.convert("\n".join(values))
            else:
                fields[name] = values
        if sanitize:
            content = clean(content)
            fields = {
                name: clean(value) if isinstance(value, str) else value
                for name, value in fields.items()
            }
        return content, fields


def rendered_parts(reader: Any, source: SourceFile) -> dict[str, str]:
    """Body and formatted fields of a source as the build renders them, before cleaning."""
    return parts_of(reader, source, reader.render(str(source.path), sanitize=False))


def parts_of(reader: Any, source: SourceFile, rendered: tuple[str, Any]) -> dict[str, str]:
    """Body and formatted fields (field name → HTML) of what ``reader`` rendered uncleaned."""
    content, fields = rendered
    parts = {"Text": content}
    for name, value in fields.items():
        if name not in HTML_FIELDS and name not in reader.settings["FORMATTED_FIELDS"]:
            continue
        field = next((e.name for key, e in source.fields.items() if key == name), name.title())
        values = value if isinstance(value, list) else [value]
        parts[field] = "\n".join(str(item) for item in values)
    return parts


# Fields that hold an address: events.check holds them to web_address_problem().
URL_FIELDS = ("online-url", "registration")


# Python-Markdown's attribute lists, which the site does not switch on: shown as text otherwise.
ATTRIBUTE_LIST = re.compile(r"\{:[^}\n]*\}")
ATTRIBUTE_LIST_HINT = (
    "Löschen Sie „{: … }“; Attribute lassen sich im Inhalt nicht setzen, die Gestaltung kommt "
    "allein aus dem Theme."
)


def check_text_fields(
    source: SourceFile, formatted: set[str], explained: set[int], report: Report
) -> None:
    """Metadata is text: a value with markup is an error (formatted fields are Markdown)."""
    for key, entry in source.fields.items():
        if key in formatted or key in URL_FIELDS or entry.line in explained:
            continue
        if problem := markup_problem(entry.value):
            report.error(source.relative, entry.name, problem, MARKUP_HINT, entry.line)
            explained.add(entry.line)


def check_attribute_lists(source: SourceFile, report: Report) -> None:
    masked = without_code(source.text)
    for number, line in enumerate(masked.split("\n"), start=1):
        if number >= source.body_line and (match := ATTRIBUTE_LIST.search(line)):
            report.error(
                source.relative,
                "Text",
                f"Die Attributliste „{match.group(0)}“ ist nicht möglich.",
                ATTRIBUTE_LIST_HINT,
                number,
            )


def source_findings(reader: Any, source: SourceFile) -> list[tuple[str, int, Token]]:
    return list(findings(source, rendered_parts(reader, source)))


def findings_and_result(
    reader: Any, source: SourceFile
) -> tuple[list[tuple[str, int, Token]], tuple[str, Any], list[str]]:
    """:func:`source_findings`, the source as the reader's ``render`` returns it (cleaned), and
    the parts the sanitizer keeps whole: each part is compared once in a build, not again when
    the reader cleans it or a template shows it."""
    rendered = reader.render(str(source.path), sanitize=False)
    parts = parts_of(reader, source, rendered)
    removed = {field: removed_tokens(html) for field, html in parts.items()}
    whole = [html for field, html in parts.items() if not removed[field]]
    known = set(whole)

    def clean_once(html: str) -> str:
        return html if html in known else clean(html)

    found = list(findings(source, parts, removed))
    return found, reader.cleaned(rendered, clean_once), whole


def findings_of_sources(
    reader: Any, sources: list[SourceFile], settings: Mapping[str, Any]
) -> list[list[tuple[str, int, Token]]]:
    """:func:`source_findings` of each source, on every core when the reader can be handed to
    another process (a plugin's reader may hold what cannot). In a build whose reader can take
    them (:mod:`.rendered`), the rendered sources are kept for it: each file rendered once."""
    store = rendered_sources(settings)
    if store is None or not hasattr(reader, "cleaned") or not hasattr(reader, "configuration"):
        return on_cores(partial(source_findings, reader), sources, settings)
    found = []
    configuration = reader.configuration()
    results = on_cores(partial(findings_and_result, reader), sources, settings)
    for source, (source_found, result, whole) in zip(sources, results, strict=True):
        store.keep(os.path.abspath(source.path), configuration, as_read(source.text), result)
        store.whole.update(whole)
        found.append(source_found)
    return found


def on_cores(
    work: Callable[[SourceFile], T], sources: list[SourceFile], settings: Mapping[str, Any]
) -> list[T]:
    try:
        pickle.dumps(work)
    except (pickle.PicklingError, TypeError, AttributeError):
        return [work(source) for source in sources]
    return map_on_cores(work, sources, settings)


def as_read(text: str) -> str:
    """A source's text as Pelican reads the file (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check(
    settings: Mapping[str, Any],
    sources: Mapping[str, list[SourceFile]],
    report: Report,
    reader: Any,
) -> None:
    """Markup in a text field, and everything the sanitizer would take out of a body or a
    formatted field, is an error. ``reader`` renders a source exactly as the build does."""
    formatted = {name.lower() for name in settings.get("FORMATTED_FIELDS", ["summary"])}
    # Rendering every file is most of the check's time; its findings depend on the text alone.
    # Without „<“ or „[“ Markdown makes only its own elements, all of them allowed.
    rendered = [
        source
        for files in sources.values()
        for source in files
        if "<" in source.text or "[" in source.text
    ]
    by_digest = {source.digest: source for source in rendered}
    cache = ResultCache.for_build(settings, "bereinigung")
    found_in = dict(
        zip(
            (source.digest for source in rendered),
            cache.results(
                [source.text for source in rendered],
                lambda unknown: findings_of_sources(
                    reader, [by_digest[text_key(text)] for text in unknown], settings
                ),
                keys=[source.digest for source in rendered],
            ),
            strict=True,
        )
    )
    cache.save()
    # What each file's findings come to is kept by its text and path: after a save only the
    # changed file's raw HTML and attribute lists are looked at again.
    problems = ResultCache.for_build(settings, "bereinigung-befunde")
    for files in sources.values():
        for source in files:
            report.problems.extend(
                kept_problems(
                    problems,
                    source,
                    partial(
                        check_source,
                        formatted=formatted,
                        found=found_in.get(source.digest, ()),
                    ),
                    source.relative,
                )
            )
    problems.save()


def check_source(
    source: SourceFile,
    report: Report,
    formatted: set[str],
    found: Iterable[tuple[str, int, Token]],
) -> None:
    """The sanitizer's findings of one file (``found``), its text fields and attribute lists."""
    # A line the raw-HTML check has already explained needs no second, vaguer message.
    explained = {finding.line for finding in findings_in(source.text)}
    check_text_fields(source, formatted, explained, report)
    check_attribute_lists(source, report)
    for field, line, token in found:
        if line in explained:
            continue
        explained.add(line)
        message, hint = describe(token)
        report.error(source.relative, field, message, hint, line)
