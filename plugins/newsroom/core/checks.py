"""The site's content checks, in one pass over the sources (``make check`` and every build)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from . import rawhtml, sanitize, schema
from .capability import PACKAGE, capabilities, missing_requirements
from .datafiles import SETTING as DATA_FILES
from .datafiles import DataFiles, with_data_files
from .dates import date_problem, local_time_problem, parse_date
from .files import check_nesting_of, check_tree, limits
from .links import check_references
from .publication import DRAFT
from .rendered import SETTING as RENDERED_SOURCES
from .rendered import RenderedSources
from .report import BODY, ContentError, Problem, Report, closest, did_you_mean, suggest
from .resultcache import ResultCache, kept_problems, source_key
from .schema import SLUG_RE
from .settings import capability_settings, unknown_settings
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


def check_values(source: SourceFile, kind: str, config: Mapping[str, Any], report: Report) -> None:
    """What the values of the fields must be beyond their presence and format (``config``:
    the ``CHECKS_*`` settings)."""
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
    limit = config["summary_max_chars"]
    summary = source.value("Summary")
    if len(summary) > limit:
        report.error(
            source.relative,
            "Summary",
            f"Der Vorspann ist {len(summary)} Zeichen lang, erlaubt sind höchstens {limit}.",
            "Kürzen Sie ihn auf ein bis drei Sätze; Einzelheiten gehören in den Text.",
            source.line_of("Summary"),
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
        section = capability_settings(settings, "PAGES").get("sections", {}).get(folder)
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
    for capability in capabilities(settings):
        if capability.reserved_addresses is not None:
            reserved.update(capability.reserved_addresses(settings))
    return reserved


def check_addresses(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """Every press release and page has a slug and an address of its own."""
    taken: dict[str, str] = reserved_addresses(settings)
    # A file's address depends on its text, its folder and the settings alone: worked out again
    # only for a file whose text changed; what is taken is a pass over the addresses.
    cache = ResultCache.for_build(settings, "adressen")
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
            address = cache.keyed(
                source_key(source, kind, source.relative),
                lambda s=source, k=kind: address_of(s, k, settings),
            )
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
    cache.save()


def topic_key(tag: str) -> str:
    """One key for all spellings of a topic: „Smart City“, „Smart-City“, „smart city“."""
    return slugify_de(tag).replace("-", "")


def check_tag_spellings(sources: Sources, report: Report) -> None:
    """One topic, one spelling: the less used spellings get a warning naming the usual one."""
    uses: dict[str, dict[str, list[SourceFile]]] = defaultdict(lambda: defaultdict(list))
    keys: dict[str, str] = {}  # a few dozen topics in thousands of files: each slugified once
    for kind_sources in sources.values():
        for source in kind_sources:
            for tag in (t.strip() for t in source.value("Tags").split(",")):
                if tag:
                    if tag not in keys:
                        keys[tag] = topic_key(tag)
                    uses[keys[tag]][tag].append(source)
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


def file_problems(source: SourceFile, kind: str, config: Mapping[str, Any]) -> list[Problem]:
    """What the file's own text decides: its fields and their values (``config``: the
    ``CHECKS_*`` settings)."""
    own = Report()
    check_fields(source, kind, own)
    check_values(source, kind, config, own)
    return own.problems


def check_each_file(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """The checks of one file alone, worked out again only for a file whose text changed (the
    checks across files run every time)."""
    cache = ResultCache.for_build(settings, "dateien")
    config = capability_settings(settings, "CHECKS")  # once: it goes through all settings
    for kind, files in sources.items():
        for source in files:
            report.problems.extend(
                cache.keyed(
                    source_key(source, kind, source.relative),
                    lambda s=source, k=kind: file_problems(s, k, config),
                )
            )
    cache.save()


def check_nesting(settings: Mapping[str, Any], sources: Sources, report: Report) -> bool:
    """Lists and quotes nested too deep (:func:`.files.check_nesting_of`); False: render
    nothing. Each file is looked at again only when its text changed."""
    cache = ResultCache.for_build(settings, "verschachtelung")
    check = partial(check_nesting_of, limit=limits(settings)["nesting_depth"])
    fine = True
    for kind_sources in sources.values():
        for source in kind_sources:
            found = kept_problems(cache, source, check, source.relative)
            report.problems.extend(found)
            fine = fine and not found
    cache.save()
    return fine


def check_sanitized(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """What the sanitizer would take out, found by rendering each source with the build's own
    reader (a plugin's that reads Markdown its own way, else Markdown as configured)."""
    readers = [c.content_reader for c in capabilities(settings) if c.content_reader is not None]
    reader = readers[0](settings) if readers else sanitize.MarkdownRenderer(settings)
    sanitize.check(settings, sources, report, reader)


def check_settings(settings: Mapping[str, Any], report: Report) -> None:
    """A setting with a known prefix that nothing reads: a typo or an old name."""
    for key, known in sorted(unknown_settings(settings).items()):
        report.warning(
            "Einstellungen",
            key,
            "ist keine bekannte Einstellung und bleibt ohne Wirkung.",
            did_you_mean(key, known) or f"Bekannt sind: {', '.join(sorted(known))}.",
        )


def check_plugins(settings: Mapping[str, Any], report: Report) -> bool:
    """Every capability in PLUGINS finds the capabilities it reads listed before it."""
    missing = missing_requirements(settings)
    for name, required in missing:
        report.error(
            "Einstellungen",
            "PLUGINS",
            f"„{PACKAGE}.{name}“ braucht „{PACKAGE}.{required}“, das davor in PLUGINS fehlt.",
            f"Nehmen Sie „{PACKAGE}.{required}“ vor „{PACKAGE}.{name}“ in PLUGINS auf oder "
            f"lassen Sie auch „{PACKAGE}.{name}“ weg.",
        )
    return not missing


# After the shared checks and those of the capabilities (in the order of PLUGINS).
LAST_CHECKS: tuple[Callable[[Mapping[str, Any], Sources, Report], None], ...] = (
    rawhtml.check,
    check_sanitized,  # after rawhtml: what that explains is not reported twice
)


def check_site(settings: Mapping[str, Any]) -> Report:
    """Check all content of the site and return every problem found."""
    settings = with_data_files(settings)  # each data file read once, also by ``make check``
    report = Report()
    check_settings(settings, report)
    if not check_plugins(settings, report):
        return report  # a capability would read what no plugin provides
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
    check_each_file(settings, sources, report)
    check_references(settings, sources, report)
    check_addresses(settings, sources, report)
    check_tag_spellings(sources, report)
    for capability in capabilities(settings):
        for capability_check in capability.checks:
            capability_check(settings, sources, report)
    for last_check in LAST_CHECKS:
        last_check(settings, sources, report)
    return report


def start_report(pelican: Any) -> None:
    """Signal ``initialized``: check all content before Pelican reads anything; stop the build
    on any error. The build's data files are read here, once, for the generators too; the
    Markdown the check renders is kept for the build's reader (:mod:`.rendered`)."""
    pelican.settings[DATA_FILES] = DataFiles()
    pelican.settings[RENDERED_SOURCES] = RenderedSources()
    report = check_site(pelican.settings)
    for problem in report.warnings:
        logger.warning("%s", problem)
    if report.errors:
        raise ContentError(report)
