"""The content check of links and images: internal links and images exist, images have
alternative text and live on this site, nothing published links to something withheld."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from functools import partial
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from .dates import berlin_moment, build_time, parse_date, timestamp_de
from .files import link_problem
from .publication import DRAFT, preview_on, withheld_reason
from .report import BODY, Report, closest
from .resultcache import ResultCache, source_key
from .sources import SourceFile, Sources

INTERNAL_LINK = re.compile(
    r"^(?:\{(?P<what>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)(?P<path>.*)$"
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class References(HTMLParser):
    """The links and images of a rendered body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[tuple[str, str | None]] = []  # (src, alt or None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "img":
            self.images.append((values.get("src") or "", values.get("alt")))


def markdown_renderer(settings: Mapping[str, Any]) -> Any:
    """A Markdown converter configured like the site's reader (links come out the same)."""
    import markdown

    configured = settings.get("MARKDOWN") or {}
    extension_configs = dict(configured.get("extension_configs") or {})
    extensions = list(configured.get("extensions") or [])
    extensions += [name for name in extension_configs if name not in extensions]
    return markdown.Markdown(
        extensions=extensions,
        extension_configs=extension_configs,
        output_format=configured.get("output_format", "html5"),
    )


def references(source: SourceFile, renderer: Callable[[], Any]) -> References:
    """The links and images of a body; only a body that can contain any is rendered (by the
    converter ``renderer()`` returns)."""
    found = References()
    body = source.body
    if "{" in body or "|" in body or "![" in body or "<img" in body:
        converter = renderer()
        converter.reset()
        found.feed(converter.convert(body))
    return found


def linked_file(path: str, source: SourceFile, root: Path) -> Path:
    """The file a ``{filename}``/``{static}`` path names: from PATH with ``/``, else beside."""
    path = unquote(urlsplit(path).path)
    if path.startswith("/"):
        return root / path.lstrip("/")
    return source.path.parent / path


def suggest_file(prefix: str, path: str, root: Path, files: Callable[[], list[Path]]) -> str:
    """„Meinten Sie „{…}/…“?“ for the existing file whose name is closest to the one written."""
    name = PurePosixPath(unquote(urlsplit(path).path)).name
    by_name = {file.name: file for file in files()}
    match = closest(name, by_name)
    if match is None:
        return (
            "Prüfen Sie den Pfad: mit „/“ beginnt er im Inhaltsordner, sonst gilt er ab dem "
            "Ordner dieser Datei."
        )
    return f"Meinten Sie „{prefix}/{by_name[match].relative_to(root).as_posix()}“?"


def source_date(source: SourceFile) -> dt.datetime | None:
    parsed = parse_date(source.value("Date"))
    return berlin_moment(parsed) if parsed else None


class Summary(NamedTuple):
    """What the check of links needs of one source, worked out from its text alone."""

    links: list[str]
    images: list[tuple[str, str | None]]
    date: dt.datetime | None  # of ``Date:``, for the links to something not yet published


def summary_of(source: SourceFile, renderer: Callable[[], Any]) -> Summary:
    found = references(source, renderer)
    return Summary(found.links, found.images, source_date(source))


def check_references(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """Internal links and images exist, images have alternative text and live on this site, and
    nothing published links to something withheld (a draft, an embargoed press release).

    The links, images and date of each file are kept by its text (:mod:`.resultcache`): after
    a save only the changed file is rendered; the pass over them looks at the files linked."""
    root = Path(settings["PATH"])
    listed: list[list[Path]] = []

    def files() -> list[Path]:  # only for the „Meinten Sie …?“ of a link that finds nothing
        if not listed:
            listed.append(sorted(p for p in root.rglob("*") if p.is_file()))
        return listed[0]

    # No link below PATH is followed (read_sources), so a source's resolved path is the
    # resolved PATH and its place below it.
    resolved_root, prefix = root.resolve(), os.path.join(root, "")
    by_path = {
        os.path.join(resolved_root, str(source.path).removeprefix(prefix)): source
        for kind_sources in sources.values()
        for source in kind_sources
    }
    preview = preview_on(settings)
    now = build_time(settings)
    renderers: list[Any] = []

    def renderer() -> Any:
        if not renderers:
            renderers.append(markdown_renderer(settings))
        return renderers[0]

    cache = ResultCache.for_build(settings, "verweise")
    summaries = {
        id(source): cache.keyed(source_key(source), partial(summary_of, source, renderer))
        for kind_sources in sources.values()
        for source in kind_sources
    }
    cache.save()
    for kind_sources in sources.values():
        for source in kind_sources:
            summary = summaries[id(source)]
            reason: Any = False  # not asked yet
            for href in summary.links:
                check_internal(href, source, root, files, report, BODY, settings)
                target = internal_target(href, source, root)
                linked = by_path.get(str(target)) if target else None
                if linked is None or preview:
                    continue
                if reason is False:
                    reason = withheld_reason(source.value("Status"), summary.date, settings, now)
                if reason is not None:
                    continue
                linked_date = summaries[id(linked)].date
                linked_reason = withheld_reason(linked.value("Status"), linked_date, settings, now)
                if linked_reason is not None:
                    why = (
                        "ein Entwurf"
                        if linked_reason == DRAFT
                        else f"unter Sperrfrist bis {timestamp_de(linked_date)}"
                    )
                    report.error(
                        source.relative,
                        BODY,
                        f"Der Link „{href}“ zeigt auf {linked.relative}, das ist noch {why}.",
                        "Entfernen Sie den Link, bis das Ziel veröffentlicht ist.",
                        source.line_in_body(href.split("#")[0]),
                    )
            for src, alt in summary.images:
                check_image(src, source, root, files, report, BODY, settings)
                if not (alt or "").strip():
                    report.error(
                        source.relative,
                        BODY,
                        f"Das Bild „{src}“ hat keinen Alternativtext.",
                        "Beschreiben Sie in den eckigen Klammern, was zu sehen ist: "
                        f"![Blick in den Saal]({src}).",
                        source.line_in_body(src),
                    )


def internal_target(href: str, source: SourceFile, root: Path) -> Path | None:
    match = INTERNAL_LINK.match(href)
    return linked_file(match["path"], source, root).resolve() if match else None


def check_internal(
    href: str,
    source: SourceFile,
    root: Path,
    files: Callable[[], list[Path]],
    report: Report,
    field: str,
    settings: Mapping[str, Any],
) -> bool:
    """A ``{filename}``/``{static}`` link must name a file that exists inside PATH and may be
    published; False if it does not."""
    match = INTERNAL_LINK.match(href)
    if match is None:
        return True
    line = source.line_of(field) if field != BODY else source.line_in_body(href.split("#")[0])
    target = linked_file(match["path"], source, root)
    refused = link_problem(match["what"] or match["old"], target, settings)
    if refused is not None:
        report.error(source.relative, field, f"„{href}“: {refused[0]}", refused[1], line)
        return False
    if target.is_file():
        return True
    report.error(
        source.relative,
        field,
        f"„{href}“ zeigt auf eine Datei, die es nicht gibt.",
        suggest_file(href[: match.start("path")], match["path"], root, files),
        line,
    )
    return False


def check_image(
    src: str,
    source: SourceFile,
    root: Path,
    files: Callable[[], list[Path]],
    report: Report,
    field: str,
    settings: Mapping[str, Any],
) -> None:
    """An image must be a file of this site: never from another server (privacy, BITV)."""
    line = source.line_of(field) if field != BODY else source.line_in_body(src)
    if EXTERNAL.match(src):
        report.error(
            source.relative,
            field,
            f"Das Bild „{src}“ liegt auf einem fremden Server.",
            "Legen Sie das Bild in content/bilder/ ab und binden Sie es mit "
            "„{static}/bilder/…“ ein; die Website lädt nichts von anderen Servern.",
            line,
        )
    elif INTERNAL_LINK.match(src):
        check_internal(src, source, root, files, report, field, settings)
    elif not src.startswith("/"):
        report.error(
            source.relative,
            field,
            f"Der Bildpfad „{src}“ wird auf der Website nicht gefunden.",
            "Schreiben Sie den Pfad mit {static} ab dem Inhaltsordner, z. B. "
            "„{static}/bilder/2022/foto.jpg“.",
            line,
        )
