"""Pelican's writer for a warm build: files that come out byte for byte as in the output this
build replaces are hard links to it (see :mod:`newsroom.core.incremental`); release pages and
feeds whose key is unchanged are links into the page cache, not rendered (:mod:`.page_keys`).

Setting ``SPEED_REUSE_OUTPUT``: that output folder (``python -m newsroom build`` sets it);
None: every file is written anew.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.incremental import PendingFile
from ..core.output import output_files
from ..core.settings import capability_settings
from .page_keys import RELEASE_LISTS, PageKeys

logger = logging.getLogger(__name__)
# What Pelican's article loop passes to write_file besides the release itself.
RELEASE_CALL = frozenset({"article", "category", "blog"})
# What Pelican paginates of a call's values.
PAGINATED = frozenset({"articles", "dates"})
# Lists of releases among a call's values: counted by their releases' sources.
LISTS = PAGINATED | {"all_articles"} | set(RELEASE_LISTS)


def previous_output(settings: Mapping[str, Any]) -> Path | None:
    folder = capability_settings(settings, "SPEED")["reuse_output"]
    if not folder or not Path(folder).is_dir():
        return None
    return Path(folder)


def reusing_writer_class() -> type:
    from pelican import signals
    from pelican.paginator import Paginator
    from pelican.utils import get_relative_path, path_to_url, sanitised_join
    from pelican.writers import FileOverwriteFailedError, Writer

    class ReusingWriter(Writer):
        """Pelican's writer; unchanged files are hard links into the previous output."""

        def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
            super().__init__(output_path, settings=settings)
            self._previous = previous_output(settings or {})
            self._pages = PageKeys.for_build(settings or {})
            # (release, kind of feed, site address) -> the release and its entry's values.
            self._feed_entries: dict[tuple[int, type, str], tuple[Any, dict[str, Any]]] = {}

        def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
            """Pelican's entry of ``item``, worked out once per kind of feed: a release stands
            in a dozen feeds (all, its topics, its partners' feeds), and each time Pelican
            recomputed its address, tag URI and dates. The values are the same each time (they
            depend on the release, the feed's class and the site address only), so later
            feeds get them from the first; the release is kept, so its id stays its own."""
            key = (id(item), type(feed), self.site_url)
            known = self._feed_entries.get(key)
            if known is not None:
                feed.add_item(**known[1])
                return
            values: dict[str, Any] = {}
            own = vars(feed).get("add_item")  # set on the object itself before? put it back
            add_item = feed.add_item

            def remember(**given: Any) -> None:
                values.update(given)
                add_item(**given)

            feed.add_item = remember
            try:
                super()._add_item_to_the_feed(feed, item)
            finally:
                if own is None:
                    del feed.add_item
                else:
                    feed.add_item = own
            self._feed_entries[key] = (item, values)

        def write_file(
            self,
            name: Any,
            template: Any,
            context: dict[str, Any],
            relative_urls: bool = False,
            paginated: Any = None,
            template_name: Any = None,
            override_output: bool = False,
            url: Any = None,
            **kwargs: Any,
        ) -> None:
            """Pelican's ``write_file``; a release's page whose key (:mod:`.page_keys`) names
            an entry of the page cache is that entry, not rendered again."""
            content = kwargs.get("article")
            if (
                self._pages is not None
                and name
                and content is None
                and (paginated or not PAGINATED.isdisjoint(kwargs))
            ):
                return self._write_list(
                    name, template, context, relative_urls, paginated, template_name,
                    override_output, url, kwargs,
                )  # fmt: skip
            if (
                self._pages is None
                or not name
                or content is None
                or paginated
                or not set(kwargs) <= RELEASE_CALL
            ):
                return super().write_file(
                    name, template, context, relative_urls, paginated, template_name,
                    override_output, url, **kwargs,
                )  # fmt: skip
            call = (name, template.name, relative_urls, template_name, override_output, url)
            category = kwargs.get("category")
            key = self._pages.key((*call, str(category), kwargs.get("blog")), content, context)
            entry = self._pages.entry(name, key) if key is not None else None
            if entry is not None and os.path.isfile(entry):
                self._link_page(name, entry, context, relative_urls, override_output, kwargs)
                return None
            super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
            path = sanitised_join(self.output_path, name)
            if key is not None and not override_output and path not in self._overridden_files:
                self._pages.keep(name, key, path)
            return None

        def _write_list(
            self,
            name: str,
            template: Any,
            context: dict[str, Any],
            relative_urls: bool,
            paginated: Any,
            template_name: Any,
            override: bool,
            url: Any,
            kwargs: dict[str, Any],
        ) -> None:
            """Pelican's ``write_file`` for a list of releases:
            each file of its pagination keyed on its own (:meth:`PageKeys.list_key`), those
            whose key names an entry of the page cache linked, the others rendered."""
            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in PAGINATED}
            call = (name, template.name, relative_urls, template_name, override, url)
            reads = self._pages.reads(template)
            named = {k: v for k, v in kwargs.items() if k not in LISTS}
            # Lists of releases the template reads whole (the call's, else the context's)
            # count with every release in them.
            whole = {
                k: kwargs[k] if k in kwargs else context[k]
                for k in (LISTS if reads is None else LISTS & reads)
                if k in kwargs or k in context
            }
            if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
                key = self._pages.list_key(call, named, whole, context)
                self._keyed_file(name, template, context, relative_urls, override, kwargs, key)
                return
            per_page = (
                self.settings["PAGINATED_TEMPLATES"][template_name]
                or self.settings["DEFAULT_PAGINATION"]
            )
            paginators = {
                k: Paginator(name, url, v, self.settings, per_page) for k, v in paginated.items()
            }
            for number in range(next(iter(paginators.values())).num_pages):
                page_kwargs = kwargs.copy()
                shown = dict(whole)
                for k, paginator in paginators.items():
                    page = paginator.page(number + 1)
                    page_kwargs.update(
                        {
                            f"{k}_paginator": paginator,
                            f"{k}_page": page,
                            f"{k}_previous_page": paginator.page(number) if number else None,
                            f"{k}_next_page": (
                                paginator.page(number + 2)
                                if number + 1 < paginator.num_pages
                                else None
                            ),
                        }
                    )
                    shown[f"{k}_page"] = page.object_list
                    named = {**named, f"{k}_pages": (number, paginator.num_pages, paginator.count)}
                key = self._pages.list_key(call, named, shown, context)
                self._keyed_file(
                    page.save_as, template, context, relative_urls, override, page_kwargs,
                    key,
                )  # fmt: skip

        def _keyed_file(
            self,
            name: str,
            template: Any,
            context: dict[str, Any],
            relative_urls: bool,
            override: bool,
            kwargs: dict[str, Any],
            key: str | None,
        ) -> None:
            """One file of Pelican's ``write_file``: the page cache's entry under ``key``, or
            rendered (and then kept under ``key``)."""
            entry = self._pages.entry(name, key) if key is not None else None
            if entry is not None and os.path.isfile(entry):
                self._link_page(name, entry, context, relative_urls, override, kwargs)
                return
            localcontext = self._local_context(name, context, relative_urls, kwargs)
            if localcontext["localsiteurl"]:
                context["localsiteurl"] = localcontext["localsiteurl"]
            output = template.render(localcontext)
            path = sanitised_join(self.output_path, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with self._open_w(path, "utf-8", override=override) as handle:
                handle.write(output)
            logger.info('Writing "%s"', path)
            signals.content_written.send(path, context=localcontext)
            if key is not None and not override and path not in self._overridden_files:
                self._pages.keep(name, key, path)

        @staticmethod
        def _local_context(
            name: str, context: dict[str, Any], relative_urls: bool, kwargs: dict[str, Any]
        ) -> dict[str, Any]:
            """Pelican's ``_get_localcontext`` (4.12)."""
            localcontext = context.copy()
            localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                localcontext["SITEURL"] = relative_url
                localcontext["localsiteurl"] = relative_url
            localcontext["output_file"] = name
            localcontext.update(kwargs)
            return localcontext

        def write_feed(
            self,
            elements: Any,
            context: dict[str, Any],
            path: Any = None,
            url: Any = None,
            feed_type: str = "atom",
            override_output: bool = False,
            feed_title: Any = None,
        ) -> Any:
            """Pelican's ``write_feed``; a feed whose key (:mod:`.page_keys`: its call and, of
            each entry, the source's SHA-256) names an entry of the page cache is that entry,
            the feed not built again (receivers of ``feed_written`` get the path, no feed)."""
            call = (path, url, feed_type, override_output, feed_title)
            key = None
            if self._pages is not None and path and elements:
                key = self._pages.feed_key(
                    (*call, context.get("SITEURL"), context.get("FEED_DOMAIN")),
                    elements[: self.settings["FEED_MAX_ITEMS"]],
                    context,
                )
            if key is None:
                return super().write_feed(elements, context, *call)
            complete_path = sanitised_join(self.output_path, path)
            entry = self._pages.entry(path, key)
            if os.path.isfile(entry):
                os.makedirs(os.path.dirname(complete_path), exist_ok=True)
                if self._claim(complete_path, override_output):
                    self._link(entry, complete_path)
                logger.info('Writing "%s"', complete_path)
                signals.feed_written.send(complete_path, context=context, feed=None)
                return None
            feed = super().write_feed(elements, context, *call)
            if not override_output and complete_path not in self._overridden_files:
                self._pages.keep(path, key, complete_path)
            return feed

        @staticmethod
        def _link(entry: Path, path: str) -> None:
            if os.path.lexists(path):
                os.unlink(path)  # never write through a link into the previous output
            try:
                os.link(entry, path)
            except OSError:  # another file system: a copy of its own
                Path(path).write_bytes(entry.read_bytes())

        def _link_page(
            self,
            name: str,
            entry: Path,
            context: dict[str, Any],
            relative_urls: bool,
            override: bool,
            kwargs: dict[str, Any],
        ) -> None:
            """What Pelican's ``_write_file`` does for one page, the page itself a link."""
            localcontext = self._local_context(name, context, relative_urls, kwargs)
            if localcontext["localsiteurl"]:
                context["localsiteurl"] = localcontext["localsiteurl"]
            path = sanitised_join(self.output_path, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if self._claim(path, override):
                self._link(entry, path)
            logger.info('Writing "%s"', path)
            signals.content_written.send(path, context=localcontext)

        def _claim(self, filename: str, override: bool) -> bool:
            """Pelican's own bookkeeping of files written twice (4.12); False: the file is
            kept as the first write left it (Pelican writes to the null device)."""
            if filename in self._overridden_files:
                if override:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{filename}" a second time '
                        "(was previously overwritten)"
                    )
                return False
            if filename in self._written_files and not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
            return True

        def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
            # Pelican's own bookkeeping of files written twice, then the pending file.
            if not self._claim(filename, override):
                return open(os.devnull, "w", encoding=encoding)
            previous = None
            if self._previous is not None:
                relative = os.path.relpath(filename, self.output_path)
                if not relative.startswith(".."):
                    previous = self._previous / relative
            return PendingFile(Path(filename), encoding, previous)

    return ReusingWriter


def provide_writer(pelican: Any) -> type | None:
    """Signal ``get_writer``: the reusing writer, when there is an output to reuse or a page
    cache to fill (a cold build fills it for the next one)."""
    if previous_output(pelican.settings) is None and PageKeys.for_build(pelican.settings) is None:
        return None
    return reusing_writer_class()


def reuse_for_own_files(pelican: Any) -> None:
    """Signal ``initialized``: the core's writer of the capabilities' files links unchanged
    ones to the previous output too (it repeats no internals, so with any Pelican version)."""
    output_files(pelican.settings).previous = previous_output(pelican.settings)
