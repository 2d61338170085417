"""Build speed at thousands of press releases, with the output unchanged.

- Markdown: one parser per process, ``reset()`` between files (Pelican builds a new one per
  file); formatted fields such as Summary go through a second reused parser without the
  metadata extension, so a lead like „Ziel: …“ is never read as a field.
- Typography: typogrify runs inside the reader, once per item, so the content cache holds the
  finished HTML and a warm rebuild does not run it again (Pelican would, after its cache).
- Both cores: before Pelican reads the press releases one by one, the files not in the cache
  are rendered by one process per core; the reader then only picks up the results.
- A content cache that survives builds (Pelican's reader layer), beside the output and keyed by
  the files' content; it is emptied when the settings, the plugin's code or the versions of
  Pelican, Markdown or typogrify change (key and folder: :mod:`newsroom.core.cache`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markdown import Markdown
from markupsafe import Markup
from pelican import readers as pelican_readers
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.utils import pelican_open

from ..core import sanitize as sanitize_html
from ..core.cache import build_cache_key, cache_folder, prepare_cache, stable_repr
from ..core.capability import capabilities
from ..core.output import record_pelican_file
from ..core.parallel import may_fork, usable_cores
from ..core.rendered import rendered_sources
from ..core.settings import capability_settings
from ..core.templates import stored_templates
from .quick_inline import with_quick_inline
from .quick_smarty import with_quick_smarty
from .versions import fast_paths_usable

logger = logging.getLogger(__name__)
Rendered = tuple[str, dict[str, Any]]  # HTML of the body, raw fields (formatted ones as HTML)


# --- Configuration (signal ``initialized``) -------------------------------------------------


def use_content_cache(pelican: Any) -> None:
    """Signal ``initialized``: switch on Pelican's content cache (its own settings, so with
    any version of Pelican)."""
    settings = pelican.settings
    if capability_settings(settings, "SPEED")["cache"]:
        folder = cache_folder(settings)
        prepare_cache(folder, build_cache_key(settings))
        settings["CACHE_PATH"] = str(folder)
        settings["CACHE_CONTENT"] = True
        settings["LOAD_CONTENT_CACHE"] = True
        # The reader layer: content objects are made afresh each build, so embargoes, contacts
        # and events are decided anew; only Markdown's output is reused.
        settings["CONTENT_CACHING_LAYER"] = "reader"
        settings["CHECK_MODIFIED_METHOD"] = "sha256"  # content, not mtimes (git sets those)
        settings["GZIP_CACHE"] = False


def share_compiled_templates(generator: Any) -> None:
    """Signal ``generator_init``: the generators' Jinja environments take compiled templates
    from the content cache (``vorlagen/``) and put what they compile there, so a template is
    compiled once, not once per generator and build (:mod:`newsroom.core.templates`)."""
    settings = generator.settings
    environment = getattr(generator, "env", None)
    if environment is None or not capability_settings(settings, "SPEED")["cache"]:
        return
    if environment.bytecode_cache is None:
        environment.bytecode_cache = stored_templates(cache_folder(settings) / "vorlagen")


def configure(pelican: Any) -> None:
    """Signal ``initialized`` (the versions it was written for only): typogrify moves into the
    reader, and the inline and smarty passes skip text they would not change."""
    settings = pelican.settings
    if capability_settings(settings, "SPEED")["reader"] and settings.get("TYPOGRIFY"):
        settings["SPEED_TYPOGRIFY"] = True
        settings["TYPOGRIFY"] = False  # the reader applies it, before the cache
    settings["MARKDOWN"] = with_quick_inline(with_quick_smarty(settings.get("MARKDOWN") or {}))


def use_fast_reader(readers: Any) -> None:
    """Signal ``readers_init``: Markdown files are read by this module's :class:`MarkdownReader`."""
    if not capability_settings(readers.settings, "SPEED")["reader"]:
        return
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is pelican_readers.MarkdownReader:
            readers.reader_classes[extension] = MarkdownReader


# --- The reader -----------------------------------------------------------------------------


class Typographer:
    """Pelican's typogrify step, with the site's ``TYPOGRIFY_*`` settings."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        import smartypants
        from typogrify.filters import typogrify

        dashes = settings.get("TYPOGRIFY_DASHES", "default")
        attributes = {
            "oldschool": smartypants.Attr.set2,
            "oldschool_inverted": smartypants.Attr.set3,
        }.get(dashes, smartypants.Attr.set1)
        smartypants.Attr.default = attributes | smartypants.Attr.w
        self._typogrify = typogrify
        self._ignore_tags = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
        self._omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def __call__(self, text: str) -> str:
        return self._typogrify(text, self._ignore_tags, **self._omit)


class MarkdownReader(pelican_readers.MarkdownReader):
    """Pelican's Markdown reader with reused parsers, typography inside, and prerendering.

    Named like Pelican's own: content records which reader made it by the class name.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body_parser: Markdown | None = None
        self._field_parser: Markdown | None = None
        self._typographer: Typographer | None = None
        self.prerendered: dict[str, Rendered] = {}
        self._configuration: str | None = None

    def _parsers(self) -> tuple[Markdown, Markdown]:
        if self._body_parser is None or self._field_parser is None:
            self._body_parser = Markdown(**self.settings["MARKDOWN"])
            self._field_parser = Markdown(**self.settings["MARKDOWN"])
            self._field_parser.preprocessors.deregister("meta")
        return self._body_parser, self._field_parser

    def _typography(self, text: str) -> str:
        if not self.settings.get("SPEED_TYPOGRIFY") or not text:
            return text
        if self._typographer is None:
            self._typographer = Typographer(self.settings)
        return self._typographer(text)

    def render(self, source_path: str, sanitize: bool = True) -> Rendered:
        """Markdown and typography of one file; the fields still raw (no settings objects).

        The body, the formatted fields and the title are HTML and leave here cleaned by the
        sanitizer (``sanitize=False``: as rendered, for the check that compares both).
        """
        body_parser, field_parser = self._parsers()
        with pelican_open(source_path) as text:
            body_parser.reset()
            content = body_parser.convert(text)
        fields: dict[str, Any] = {}
        for name, values in getattr(body_parser, "Meta", {}).items():
            name = name.lower()
            if name in self.settings["FORMATTED_FIELDS"]:
                field_parser.reset()
                html = field_parser.convert("\n".join(values))
                # Pelican applies typogrify to the title and summary only, as here.
                fields[name] = self._typography(html) if name == "summary" else html
            elif name == "title":
                # The title is text: escaped first, so typography's markup is the only markup.
                fields[name] = [
                    Markup(self._typography(escape(value, quote=False))) for value in values
                ]
            else:
                fields[name] = values
        rendered = (self._typography(content), fields)
        return self.cleaned(rendered) if sanitize else rendered

    def cleaned(
        self, rendered: Rendered, clean: Callable[[str], str] = sanitize_html.clean
    ) -> Rendered:
        """What :meth:`render` returns, from what it renders with ``sanitize=False``: the body,
        the formatted fields and the title cleaned by ``clean`` (the content check passes one
        that knows which of them it has already compared)."""
        content, fields = rendered
        cleaned_fields: dict[str, Any] = {}
        for name, value in fields.items():
            if name in self.settings["FORMATTED_FIELDS"]:
                cleaned_fields[name] = clean(value)
            elif name == "title":
                cleaned_fields[name] = [Markup(clean(str(item))) for item in value]
            else:
                cleaned_fields[name] = value
        return clean(content), cleaned_fields

    def configuration(self) -> str:
        """Everything besides the file that decides what :meth:`render` returns, as text: a
        result rendered by another reader is taken only if this is the same."""
        if self._configuration is None:
            names = ("MARKDOWN", "FORMATTED_FIELDS", "SPEED_TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS",
                     "TYPOGRIFY_OMIT_FILTERS", "TYPOGRIFY_DASHES")  # fmt: skip
            chosen = {name: self.settings.get(name) for name in names}
            self._configuration = stable_repr(chosen)
        return self._configuration

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        rendered = self.prerendered.pop(source_path, None)
        if rendered is None:
            rendered = self.handed_over(source_path)
        content, fields = rendered if rendered is not None else self.render(source_path)
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        metadata: dict[str, Any] = {}
        for name, value in fields.items():
            if name in formatted_fields:
                metadata[name] = self.process_metadata(name, value)
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.", name, source_path
                    )
                metadata[name] = self.process_metadata(name, value[0])
            elif len(value) > 1:
                metadata[name] = self.process_metadata(name, value)
            else:
                metadata[name] = self.process_metadata(name, value[0])
        return content, metadata

    def handed_over(self, source_path: str) -> Rendered | None:
        """The content check's result for this file, if it rendered the same text the same way
        in this build (:mod:`newsroom.core.rendered`)."""
        store = rendered_sources(self.settings)
        if store is None:
            return None
        path = os.path.abspath(source_path)
        if not store.has(path, self.configuration()):
            return None
        with pelican_open(source_path) as text:
            return store.take(path, self.configuration(), text)

    # --- both cores ---

    def _render_share(self, paths: Iterable[str]) -> dict[str, Rendered]:
        results: dict[str, Rendered] = {}
        for path in paths:
            try:
                results[path] = self.render(path)
            except Exception:  # read again in the main process, which reports it properly
                continue
        return results

    def _render_share_into(self, paths: list[str], connection: Any) -> None:
        connection.send(self._render_share(paths))
        connection.close()

    def prerender(self, paths: list[str], processes: int) -> None:
        """Render ``paths`` ahead of Pelican's reading: one share here, one per extra core."""
        context = multiprocessing.get_context("fork")
        shares = [paths[index::processes] for index in range(processes)]
        children = []
        for share in shares[1:]:
            receiving, sending = context.Pipe(duplex=False)
            child = context.Process(target=self._render_share_into, args=(share, sending))
            child.daemon = True
            child.start()
            sending.close()
            children.append((child, receiving))
        self.prerendered.update(self._render_share(shares[0]))
        for child, receiving in children:
            # If the child died, its files are read here, one by one.
            with contextlib.suppress(EOFError):
                self.prerendered.update(receiving.recv())
            receiving.close()
            child.join()


def check_reader(settings: Mapping[str, Any]) -> MarkdownReader:
    """A reader that renders like the build's, for the content check (which runs before
    the build has set Markdown and typography up, and without Pelican's own objects).

    In a build its results are handed to the build's reader (:mod:`newsroom.core.rendered`),
    which takes them only if its :meth:`~MarkdownReader.configuration` is the same: so the
    Markdown set up here is the one the plugins listed after the core will have set up.
    """
    from ..typography.german_markdown import GermanSmartyExtension, markdown_settings

    configured = settings.get("MARKDOWN") or {}
    german = capability_settings(settings, "TYPOGRAPHY")["german_quotes"]
    extensions = configured.get("extensions") or []
    if german and not any(isinstance(e, GermanSmartyExtension) for e in extensions):
        configured = markdown_settings(settings)
    markdown = {**configured, "extensions": list(configured.get("extensions") or [])}
    if "extension_configs" in configured:
        markdown["extension_configs"] = dict(configured["extension_configs"] or {})
    if any(capability.name == "delivery" for capability in capabilities(settings)):
        from ..delivery.security import with_external_links

        markdown["extensions"] = with_external_links(markdown["extensions"], settings)
    if fast_paths_usable():
        markdown = with_quick_inline(with_quick_smarty(markdown))
    typography = bool(settings.get("SPEED_TYPOGRIFY") or settings.get("TYPOGRIFY"))
    return MarkdownReader({**settings, "MARKDOWN": markdown, "SPEED_TYPOGRIFY": typography})


def with_external_links(extensions: list[Any], settings: Mapping[str, Any]) -> list[Any]:
    """The extensions with delivery's marking of links to other sites, as its
    ``use_security_settings`` adds it when the build starts (after the check)."""
    from ..delivery.security import ExternalLinksExtension

    site_netloc = urlsplit(settings.get("SITEURL") or "").netloc
    kept = [e for e in extensions if not isinstance(e, ExternalLinksExtension)]
    return [*kept, ExternalLinksExtension(site_netloc=site_netloc)]


def prerender(generator: Any) -> None:
    """Signals ``article_generator_init``, ``page_generator_init``: render on every core."""
    speed = capability_settings(generator.settings, "SPEED")
    processes = speed["processes"] or usable_cores()
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, MarkdownReader) or processes < 2 or not may_fork():
        return
    if isinstance(generator, ArticlesGenerator):
        kind = "ARTICLE"
    elif isinstance(generator, PagesGenerator):
        kind = "PAGE"
    else:
        return
    files = generator.get_files(
        generator.settings[f"{kind}_PATHS"],
        exclude=generator.settings[f"{kind}_EXCLUDES"],
        extensions=tuple(MarkdownReader.file_extensions),
    )
    paths = sorted(os.path.abspath(os.path.join(generator.path, name)) for name in files)
    readers = generator.readers
    # The preview's reader cache answers without a copy of the entry (``kept.keep_reader_cache``).
    has_cached_data = getattr(readers, "has_cached_data", None)
    if has_cached_data is None:
        missing = [p for p in paths if readers.get_cached_data(p, (None, None))[0] is None]
    else:
        missing = [p for p in paths if not has_cached_data(p)]
    # What the content check has rendered in this build is taken from it as the file is read.
    store = rendered_sources(generator.settings)
    if store is not None:
        missing = [p for p in missing if not store.has(p, reader.configuration())]
    if len(missing) >= speed["parallel_from"]:
        reader.prerender(missing, min(processes, len(missing)))


# --- Writing on every core ------------------------------------------------------------------


class ShareWriter:
    """A writer that passes on every ``processes``-th ``write_file`` call, starting at ``share``.

    Each process runs the whole of Pelican's page loop — the same calls in the same order —
    and renders only its share; everything else of the writer is the real one's.
    """

    def __init__(self, writer: Any, share: int, processes: int) -> None:
        self._writer = writer
        self._share = share
        self._processes = processes
        self._calls = 0

    def write_file(self, *args: Any, **kwargs: Any) -> Any:
        call = self._calls
        self._calls += 1
        if call % self._processes == self._share:
            return self._writer.write_file(*args, **kwargs)
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def write_share_and_exit(generate_pages: Callable[[Any], None], writer: Any, sending: Any) -> None:
    """In a child: write one share and send the parent the paths written (for the receivers of
    ``content_written`` it replays); exit 1 on any error, which the parent then redoes."""
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    written: list[str] = []

    def note_path(path: str, **_: Any) -> None:
        written.append(str(path))

    signals.content_written.connect(note_path)
    try:
        generate_pages(writer)
        sending.send(written)
    except BaseException:
        raise SystemExit(1) from None
    raise SystemExit(1 if counter.count else 0)


# Signals whose receivers would run in a child and their results be lost: with any of them
# connected, pages are written in this process alone. The one exception: receivers that only
# need the path written (the core's double-write guard) get the children's paths replayed.
WRITE_SIGNALS = (signals.content_written, signals.article_generator_write_article)
PATH_ONLY_RECEIVERS = (record_pelican_file,)


def receivers_allow_children() -> bool:
    """No receiver of the write signals would lose what it does in a child."""
    path_only = {id(receiver) for receiver in PATH_ONLY_RECEIVERS}  # blinker keys functions by id
    if signals.article_generator_write_article.receivers:
        return False
    return set(signals.content_written.receivers) <= path_only


def generate_pages_on_cores(
    generate_pages: Callable[[Any], None], settings: Mapping[str, Any], writer: Any
) -> None:
    """Pelican's ``generate_pages`` of the press releases, its pages written on every core."""
    speed = capability_settings(settings, "SPEED")
    processes = speed["processes"] or usable_cores()
    if processes < 2 or not may_fork() or not receivers_allow_children():
        generate_pages(writer)
        return
    context = multiprocessing.get_context("fork")
    children = []
    for share in range(1, processes):
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(
            target=write_share_and_exit,
            args=(generate_pages, ShareWriter(writer, share, processes), sending),
        )
        child.start()
        sending.close()
        children.append((child, share, receiving))
    written: dict[int, list[str]] = {}
    try:
        generate_pages(ShareWriter(writer, 0, processes))
    finally:
        for child, share, receiving in children:
            with contextlib.suppress(EOFError, OSError):
                written[share] = receiving.recv()  # before join: a full pipe blocks the child
            child.join()
    for child, share, _ in children:
        if child.exitcode != 0:  # done again here, where errors are reported as usual
            generate_pages(ShareWriter(writer, share, processes))
            continue
        for path in written.get(share, ()):
            signals.content_written.send(path, context=settings)


def write_on_cores(generator: Any) -> None:
    """Signal ``article_generator_finalized``: the press releases' pages on every core."""
    if len(generator.articles) < capability_settings(generator.settings, "SPEED")["parallel_from"]:
        return
    generator.generate_pages = functools.partial(
        generate_pages_on_cores, generator.generate_pages, generator.settings
    )
