"""The site's content checks, in one pass over the sources (``make check`` and every build)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from ..contacts import registry as contacts
from ..editorial import operator
from ..editorial.embargo import DRAFT, preview_on, withheld_reason
from ..events import calendar as events
from ..photos import images
from ..speed.fast_path import check_reader
from . import rawhtml, sanitize, schema
from .dates import berlin_moment, date_problem, local_time_problem, parse_date, timestamp_de
from .files import check_nesting, check_tree, link_problem
from .report import BODY, ContentError, Report, closest, did_you_mean, suggest
from .schema import SLUG_RE
from .settings import capability_settings
from .sources import (
    PLACEHOLDER,
    SCAFFOLD_COMMENT,
    MetaField,
    SourceFile,
    Sources,
    read_sources,
)
from .text import slugify_de

logger = logging.getLogger(__name__)


def looks_like_text(entry: MetaField, last_line: int, known: list[str]) -> bool:
    """Whether an unknown field is the text's first line, read as a field for want of the blank
    line after the head: the head's last line, a sentence, and no field name it resembles."""
    return (
        entry.line == last_line
        and len(entry.value.split()) >= 3
        and closest(entry.name, known) is None
    )


def check_fields(source: SourceFile, kind: str, report: Report) -> None:
    """Known keys, required keys, and the formats every content type shares."""
    known = schema.field_names(kind)
    known_lower = {name.lower() for name in known}
    last_line = max(entry.line for entry in source.fields.values())
    for key, entry in source.fields.items():
        if key not in known_lower:
            if looks_like_text(entry, last_line, known):
                report.error(
                    source.relative,
                    entry.name,
                    f"„{entry.name}:“ ist kein bekanntes Feld für eine {kind}; wahrscheinlich "
                    "fehlt die Leerzeile zwischen dem Kopf und dem Text.",
                    f"Fügen Sie vor Zeile {entry.line} eine Leerzeile ein: Ohne sie wird die "
                    f"erste Zeile des Textes („{entry.name}: …“) als Feld gelesen.",
                    entry.line,
                )
                continue
            report.error(
                source.relative,
                entry.name,
                f"„{entry.name}:“ ist kein bekanntes Feld für eine {kind}.",
                suggest(entry.name, known, "Bekannte Felder", "{}:"),
                entry.line,
            )
    for name in schema.required_fields(kind):
        if not source.value(name):
            spec = next(s for s in schema.FIELDS[kind] if s.name == name)
            report.error(
                source.relative,
                name,
                "fehlt oder ist leer.",
                f"Ergänzen Sie im Kopf der Datei z. B. „{name}: {spec.example}“.",
                source.line_of(name) or 1,
            )
    for name in ("Date", "Modified", "Start", "End"):
        value = source.value(name)
        if not value:
            continue
        parsed = parse_date(value)
        problem = date_problem(value) if parsed is None else local_time_problem(value, parsed)
        if problem is not None:
            message, hint = problem
            report.error(source.relative, name, message, hint, source.line_of(name))
    slug = source.value("Slug")
    if slug and not SLUG_RE.match(slug):
        report.error(
            source.relative,
            "Slug",
            f"„{slug}“ ist als Adresse nicht geeignet.",
            "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, Umlaute umschreiben "
            "(ä → ae, ß → ss), z. B. „mobilitaet-in-norderstedt“.",
            source.line_of("Slug"),
        )


# --- Values: status, order, images, the lead, quotes, placeholders ---------------------------

STATUS_VALUES = {
    schema.PRESS_RELEASE: ("published", "draft"),
    schema.PAGE: ("published", "hidden", "draft"),
}


def german_form(text: str) -> str:
    """``text`` as it reads with German quotes („…“, ‚…‘) and apostrophes."""
    import markdown

    from ..typography.german_markdown import GermanSmartyExtension, InclusiveFormsExtension
    from .text import plain_text

    extensions = [InclusiveFormsExtension(), GermanSmartyExtension()]
    return plain_text(markdown.Markdown(extensions=extensions).convert(text))


def check_values(
    source: SourceFile, kind: str, settings: Mapping[str, Any], report: Report
) -> None:
    """What the values of the fields must be beyond their presence and format."""
    for entry in source.repeated:
        report.error(
            source.relative,
            entry.name,
            f"steht zweimal im Kopf (zuerst in Zeile {source.line_of(entry.name)}).",
            "Löschen Sie eine der beiden Zeilen.",
            entry.line,
        )
    status = source.value("Status")
    allowed = STATUS_VALUES.get(kind)
    if status and allowed and status.lower() not in allowed:
        report.error(
            source.relative,
            "Status",
            f"„{status}“ ist kein gültiger Status.",
            did_you_mean(status, allowed) or f"Erlaubt: {', '.join(allowed)}.",
            source.line_of("Status"),
        )
    order = source.value("Order")
    if kind == schema.PAGE and order and not order.isdigit():
        report.error(
            source.relative,
            "Order",
            f"„{order}“ ist keine ganze Zahl.",
            "Schreiben Sie eine Zahl ohne Punkt und Leerzeichen, z. B. „Order: 3“.",
            source.line_of("Order"),
        )
    limit = capability_settings(settings, "CHECKS")["summary_max_chars"]
    summary = source.value("Summary")
    if len(summary) > limit:
        report.error(
            source.relative,
            "Summary",
            f"Der Vorspann ist {len(summary)} Zeichen lang, erlaubt sind höchstens {limit}.",
            "Kürzen Sie ihn auf ein bis drei Sätze; Einzelheiten gehören in den Text.",
            source.line_of("Summary"),
        )
    for name in ("Title", "Summary"):
        value = source.value(name)
        if '"' in value:
            report.warning(
                source.relative,
                name,
                'enthält gerade Anführungszeichen "…".',
                f"Schreiben Sie: {german_form(value)}",
                source.line_of(name),
            )
    check_placeholders(source, report)


def check_placeholders(source: SourceFile, report: Report) -> None:
    """Text a scaffold left for the editor: never published, in a draft only a reminder."""
    is_draft = source.value("Status").lower() == DRAFT
    note = report.warning if is_draft else report.error
    hint = "Ersetzen Sie den Platzhalter durch Ihren Text."
    if not is_draft:
        hint += " Solange er dasteht, wird nichts veröffentlicht."
    for entry in source.fields.values():
        if PLACEHOLDER in entry.value:
            note(source.relative, entry.name, f"enthält noch „{PLACEHOLDER} …“.", hint, entry.line)
    line = source.line_in_body(PLACEHOLDER)
    if line is not None:
        note(source.relative, BODY, f"Der Text enthält noch „{PLACEHOLDER} …“.", hint, line)
    line = source.line_in_body(SCAFFOLD_COMMENT)
    if line is not None and not is_draft:
        report.warning(
            source.relative,
            BODY,
            "Der Kommentar der Vorlage („Weitere Felder …“) steht noch in der Datei.",
            "Löschen Sie ihn von „<!--“ bis „-->“; er stünde sonst im Quelltext der Seite.",
            line,
        )


# --- Links and images ------------------------------------------------------------------------

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


def references(source: SourceFile, renderer: Any) -> References:
    """The links and images of a body; only a body that can contain any is rendered."""
    found = References()
    body = source.body
    if "{" in body or "|" in body or "![" in body or "<img" in body:
        renderer.reset()
        found.feed(renderer.convert(body))
    return found


def linked_file(path: str, source: SourceFile, root: Path) -> Path:
    """The file a ``{filename}``/``{static}`` path names: from PATH with ``/``, else beside."""
    path = unquote(urlsplit(path).path)
    if path.startswith("/"):
        return root / path.lstrip("/")
    return source.path.parent / path


def suggest_file(prefix: str, path: str, root: Path, files: list[Path]) -> str:
    """„Meinten Sie „{…}/…“?“ for the existing file whose name is closest to the one written."""
    name = PurePosixPath(unquote(urlsplit(path).path)).name
    by_name = {file.name: file for file in files}
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


def check_references(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """Internal links and images exist, images have alternative text and live on this site, and
    nothing published links to something withheld (a draft, an embargoed press release)."""
    root = Path(settings["PATH"])
    files = sorted(p for p in root.rglob("*") if p.is_file())
    by_path = {
        source.path.resolve(): source
        for kind_sources in sources.values()
        for source in kind_sources
    }
    preview = preview_on(settings)
    renderer = markdown_renderer(settings)
    for kind_sources in sources.values():
        for source in kind_sources:
            found = references(source, renderer)
            reason = withheld_reason(source.value("Status"), source_date(source), settings)
            for href in found.links:
                check_internal(href, source, root, files, report, BODY, settings)
                target = internal_target(href, source, root)
                linked = by_path.get(target) if target else None
                if linked is None or preview or reason is not None:
                    continue
                linked_reason = withheld_reason(
                    linked.value("Status"), source_date(linked), settings
                )
                if linked_reason is not None:
                    why = (
                        "ein Entwurf"
                        if linked_reason == DRAFT
                        else f"unter Sperrfrist bis {timestamp_de(source_date(linked))}"
                    )
                    report.error(
                        source.relative,
                        BODY,
                        f"Der Link „{href}“ zeigt auf {linked.relative}, das ist noch {why}.",
                        "Entfernen Sie den Link, bis das Ziel veröffentlicht ist.",
                        source.line_in_body(href.split("#")[0]),
                    )
            for src, alt in found.images:
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
    files: list[Path],
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
    files: list[Path],
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


# --- Across the site: addresses and topics ---------------------------------------------------


def address_of(source: SourceFile, kind: str, settings: Mapping[str, Any]) -> str | None:
    """The output file a press release or page is written to (its URL + index.html)."""
    slug = source.value("Slug")
    if not slug:
        return None
    if kind == schema.PRESS_RELEASE:
        date = parse_date(source.value("Date"))
        if date is None:
            return None
        try:
            return settings["ARTICLE_SAVE_AS"].format(slug=slug, date=date, lang="de")
        except (KeyError, IndexError, ValueError):
            return None
    if kind == schema.PAGE:
        folder = Path(source.relative).parts[-2] if len(Path(source.relative).parts) > 1 else ""
        section = capability_settings(settings, "PAGES")["sections"].get(folder)
        pattern = section["url"] + "index.html" if section else settings["PAGE_SAVE_AS"]
        try:
            return pattern.format(slug=slug, lang="de")
        except (KeyError, IndexError, ValueError):
            return None
    return None


def reserved_addresses(settings: Mapping[str, Any]) -> dict[str, str]:
    """Output files the site writes itself (lists, topics, contacts …) -> what they are."""
    reserved = {}
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            reserved[save_as] = f"die Seite „{name}“ der Website"
    if settings.get("TAGS_SAVE_AS"):
        reserved[settings["TAGS_SAVE_AS"]] = "die Themenübersicht"
    for prefix, what in (("CONTACTS", "die Pressekontakte"), ("EVENTS", "die Veranstaltungen")):
        for key, value in capability_settings(settings, prefix).items():
            if key.endswith("save_as") and isinstance(value, str) and value and "{" not in value:
                reserved[value] = what
    return reserved


def check_addresses(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """Every press release and page has a slug and an address of its own."""
    taken: dict[str, str] = reserved_addresses(settings)
    for kind in (schema.PRESS_RELEASE, schema.PAGE):
        slugs: dict[str, SourceFile] = {}
        for source in sources.get(kind, []):
            slug = source.value("Slug")
            if slug in slugs:
                report.error(
                    source.relative,
                    "Slug",
                    f"„{slug}“ ist schon vergeben an {slugs[slug].relative}.",
                    f"Jede {kind} braucht einen eigenen Slug, z. B. „{slug}-2“.",
                    source.line_of("Slug"),
                )
                continue
            if slug:
                slugs[slug] = source
            address = address_of(source, kind, settings)
            if address is None:
                continue
            if address in taken:
                url = "/" + address.removesuffix("index.html")
                report.error(
                    source.relative,
                    "Slug",
                    f"Die Adresse {url} ist schon vergeben an {taken[address]}.",
                    "Wählen Sie einen anderen Slug.",
                    source.line_of("Slug"),
                )
                continue
            taken[address] = source.relative


def topic_key(tag: str) -> str:
    """One key for all spellings of a topic: „Smart City“, „Smart-City“, „smart city“."""
    return slugify_de(tag).replace("-", "")


def check_tag_spellings(sources: Sources, report: Report) -> None:
    """One topic, one spelling: the less used spellings get a warning naming the usual one."""
    uses: dict[str, dict[str, list[SourceFile]]] = defaultdict(lambda: defaultdict(list))
    for kind_sources in sources.values():
        for source in kind_sources:
            for tag in (t.strip() for t in source.value("Tags").split(",")):
                if tag:
                    uses[topic_key(tag)][tag].append(source)
    for spellings in uses.values():
        if len(spellings) < 2:
            continue
        usual = sorted(spellings, key=lambda s: (-len(spellings[s]), s))[0]
        for spelling, users in sorted(spellings.items()):
            if spelling == usual:
                continue
            count = len(spellings[usual])
            for source in users:
                report.warning(
                    source.relative,
                    "Tags",
                    f"„{spelling}“ ist anders geschrieben als „{usual}“ "
                    f"({count} {'Datei' if count == 1 else 'Dateien'}).",
                    f"Schreiben Sie ein Thema überall gleich, hier „{usual}“; "
                    "sonst erscheint das Thema uneinheitlich oder doppelt.",
                    source.line_of("Tags"),
                )


def check_sanitized(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """What the sanitizer would take out, found by rendering each source with the build's own
    reader."""
    sanitize.check(settings, sources, report, check_reader(settings))


# Each capability's own checks: ``check(settings, sources, report)``, run after the shared ones.
CAPABILITY_CHECKS: tuple[Callable[[Mapping[str, Any], Sources, Report], None], ...] = (
    contacts.check,
    events.check,
    images.check_images,
    operator.check_operator,
    rawhtml.check,
    check_sanitized,  # after rawhtml: what that explains is not reported twice
)


def check_site(settings: Mapping[str, Any]) -> Report:
    """Check all content of the site and return every problem found."""
    report = Report()
    if not Path(settings["PATH"]).is_dir():
        report.error(
            settings["PATH"],
            "PATH",
            "Den Inhaltsordner gibt es nicht.",
            "Prüfen Sie PATH in den Einstellungen oder den Ordner nach --content.",
        )
        return report
    if not check_tree(settings, report):
        return report  # nothing is read through a link
    sources = read_sources(settings, report)
    if not check_nesting(settings, sources, report):
        return report  # the Markdown parser would recurse into it
    for kind, files in sources.items():
        for source in files:
            check_fields(source, kind, report)
            check_values(source, kind, settings, report)
    check_references(settings, sources, report)
    check_addresses(settings, sources, report)
    check_tag_spellings(sources, report)
    for capability_check in CAPABILITY_CHECKS:
        capability_check(settings, sources, report)
    return report


def start_report(pelican: Any) -> None:
    """Signal ``initialized``: check all content before Pelican reads anything; stop the build
    on any error."""
    report = check_site(pelican.settings)
    for problem in report.warnings:
        logger.warning("%s", problem)
    if report.errors:
        raise ContentError(report)
