"""What keeps the pages safe in the reader's browser.

- The Content-Security-Policy, built once from ``SECURITY_CSP`` (directive → sources): every
  page carries it in a ``<meta http-equiv>`` (``SECURITY_CSP_META``, which base.html shows), and
  the server configurations in ``deploy/`` send the same policy as a header, plus the directives
  a ``<meta>`` cannot carry (``SECURITY_CSP_HEADER_ONLY``). No ``'unsafe-inline'``: the theme has
  no inline script, style or event handler; ``'wasm-unsafe-eval'`` lets the search index
  (WebAssembly) run, nothing else.
- Links in Markdown that leave the site get ``rel="noopener"``: the page they open cannot reach
  back into ours through ``window.opener``.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..core.settings import capability_settings


def policy_text(directives: Mapping[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], …}`` → ``default-src 'self'; …`` in the given order."""
    return "; ".join(" ".join([name, *sources]).strip() for name, sources in directives.items())


def meta_policy(settings: Mapping[str, Any]) -> str:
    """The policy every page carries in its ``<meta http-equiv="Content-Security-Policy">``."""
    return policy_text(capability_settings(settings, "SECURITY")["csp"])


def header_policy(settings: Mapping[str, Any]) -> str:
    """The policy a server sends as a header: the page's policy and the header-only directives."""
    config = capability_settings(settings, "SECURITY")
    return policy_text({**config["csp"], **config["csp_header_only"]})


def is_external(href: str, site_netloc: str) -> bool:
    parts = urlsplit(href.strip())
    if parts.scheme not in ("http", "https") and not href.strip().startswith("//"):
        return False
    return parts.netloc.lower() != site_netloc.lower()


class NoopenerTreeprocessor(Treeprocessor):
    """Adds ``noopener`` to the ``rel`` of every link that leaves the site."""

    def __init__(self, md: Markdown, site_netloc: str) -> None:
        super().__init__(md)
        self.site_netloc = site_netloc

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            if is_external(link.get("href", ""), self.site_netloc):
                rel = link.get("rel", "").split()
                if "noopener" not in rel:
                    link.set("rel", " ".join([*rel, "noopener"]))


class ExternalLinksExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"site_netloc": ["", "host of SITEURL: links there are not external"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Low priority: runs after the inline patterns have made the links.
        processor = NoopenerTreeprocessor(md, self.getConfig("site_netloc"))
        md.treeprocessors.register(processor, "newsroom-noopener", 1)


def use_security_settings(pelican: Any) -> None:
    """Signal ``initialized``: the policy for base.html, and safe external links in Markdown.

    Templates escape every value; HTML is shown only through the ``sanitized`` filter, which
    cleans it with the one sanitizer (sanitize.py) and marks the result safe.
    """
    from ..core.sanitize import PageSanitizer

    settings = pelican.settings
    # Escaped for its double-quoted attribute, the policy's own 'quotes' kept as they read.
    policy = escape(meta_policy(settings), quote=False).replace('"', "&quot;")
    settings["SECURITY_CSP_META"] = Markup(policy)
    environment = settings.get("JINJA_ENVIRONMENT") or {}
    settings["JINJA_ENVIRONMENT"] = {**environment, "autoescape": True}
    settings["JINJA_FILTERS"] = {
        **(settings.get("JINJA_FILTERS") or {}),
        "sanitized": PageSanitizer(),
    }
    configured = dict(settings.get("MARKDOWN") or {})
    configured["extensions"] = with_external_links(configured.get("extensions", []), settings)
    settings["MARKDOWN"] = configured


def with_external_links(extensions: list[Any], settings: Mapping[str, Any]) -> list[Any]:
    """``extensions`` with the marking of links to other sites (``rel="noopener"``), once.
    Also used by the content check's reader, which renders before this plugin starts."""
    kept = [ext for ext in extensions if not isinstance(ext, ExternalLinksExtension)]
    site_netloc = urlsplit(settings.get("SITEURL") or "").netloc
    return [*kept, ExternalLinksExtension(site_netloc=site_netloc)]


# What templates show through ``sanitized``: titles, leads and bodies.
SANITIZED_FIELDS = ("title", "summary", "content")


def prepare_sanitized(generators: list[Any]) -> None:
    """Signal ``all_generators_finalized``: the HTML of every release, page and event cleaned
    before any page is rendered (:meth:`~newsroom.core.sanitize.PageSanitizer.prepare`)."""
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    cleaner = (settings.get("JINJA_FILTERS") or {}).get("sanitized")
    if not hasattr(cleaner, "prepare"):
        return
    items = [
        item
        for name in ("articles", "pages", "hidden_pages", "events")
        for item in context.get(name) or ()
    ]
    htmls = (
        str(value)
        for item in items
        for field in SANITIZED_FIELDS
        if (value := getattr(item, field, None))
    )
    cleaner.prepare(htmls, settings)
