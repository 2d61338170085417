"""Settings of the plugin's capabilities, one prefix each, with defaults.

Defaults are merged into a new dict; the user's settings are never written to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULTS: dict[str, dict[str, Any]] = {
    "ASSETS": {
        # Production (publishconf.py): content-hashed names for CSS, JS and fonts, with every
        # reference rewritten, and .gz/.br copies beside the text files.
        "HASHED": False,
        "FOLDER": None,  # below OUTPUT_PATH; None: THEME_STATIC_DIR
        "HASHED_EXTENSIONS": [".css", ".js", ".mjs", ".woff2", ".woff", ".ttf", ".otf"],
        "HASH_LENGTH": 10,
        "PRECOMPRESS": False,
        "PRECOMPRESS_EXTENSIONS": [
            ".html",
            ".css",
            ".js",
            ".mjs",
            ".json",
            ".xml",
            ".xsl",
            ".svg",
            ".txt",
            ".ics",
            ".vcf",
            ".webmanifest",
            ".map",
        ],
        "PRECOMPRESS_MIN_SIZE": 256,  # bytes; smaller files gain nothing
        # Brotli quality of pages, feeds and calendars: thousands of files, new with every build;
        # quality 11 makes them only about a tenth smaller but takes a hundred times as long.
        "BROTLI_QUALITY": 6,
        # The theme's hashed assets: few, cached for a year, so the smallest file is worth it.
        "BROTLI_QUALITY_ASSETS": 11,
    },
    "BUILD": {
        # A fixed build time (ISO 8601 or a datetime) for tests; else SOURCE_DATE_EPOCH, else now.
        "TIME": None,
    },
    "CHECKS": {
        # A Summary (the lead) longer than this many characters is an error.
        "SUMMARY_MAX_CHARS": 500,
    },
    "FILES": {
        # The only file types published from the static folders (STATIC_PATHS, bilder/):
        # pictures and PDF; never script, markup or data (.js, .html, .svg, .yaml …).
        "STATIC_EXTENSIONS": [".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf"],
        # Below PATH: data the plugin reads (contact registry, operator), never published.
        "DATA_FOLDER": "daten",
    },
    "LIMITS": {
        # A Markdown or YAML file; a press release of 20 pages is about 100 kB.
        "TEXT_BYTES": 1_000_000,
        # A photo or PDF in a static folder.
        "STATIC_BYTES": 25_000_000,
        # Pixels of one image (width × height), read from its header before decoding.
        "IMAGE_PIXELS": 40_000_000,
        # Lists and quotes inside each other, counted per line of a body.
        "NESTING_DEPTH": 12,
        # One whole build (`python -m newsroom build`), in seconds.
        "BUILD_SECONDS": 1800,
    },
    "EMBARGO": {
        # Show drafts and embargoed press releases, each with a notice (`make preview`).
        "PREVIEW": False,
        # Production settings set this to False: a preview can never be published.
        "PREVIEW_ALLOWED": True,
    },
    "CONTACTS": {
        # The registry of organisations and people, relative to PATH.
        "REGISTRY": "daten/kontakte.yaml",
        "URL": "pressekontakte/",
        "SAVE_AS": "pressekontakte/index.html",
        "TEMPLATE": "contacts",
        "VCARD_URL": "pressekontakte/{id}.vcf",
        "VCARD_SAVE_AS": "pressekontakte/{id}.vcf",
        # Phone numbers written without +49 are read as numbers in this country.
        "PHONE_REGION": "DE",
    },
    "EVENTS": {
        # The folder of the events below PATH; they are neither articles nor pages.
        "PATH": "veranstaltungen",
        "URL": "veranstaltungen/{slug}/",
        "SAVE_AS": "veranstaltungen/{slug}/index.html",
        "ICS_URL": "veranstaltungen/{slug}.ics",
        "ICS_SAVE_AS": "veranstaltungen/{slug}.ics",
        "INDEX_URL": "veranstaltungen/",
        "INDEX_SAVE_AS": "veranstaltungen/index.html",
        "ARCHIVE_URL": "veranstaltungen/archiv/",
        "ARCHIVE_SAVE_AS": "veranstaltungen/archiv/index.html",
        "YEAR_URL": "veranstaltungen/archiv/{year}/",
        "YEAR_SAVE_AS": "veranstaltungen/archiv/{year}/index.html",
        "CALENDAR_URL": "veranstaltungen.ics",
        "CALENDAR_SAVE_AS": "veranstaltungen.ics",
        "DATA_URL": "veranstaltungen.json",
        "DATA_SAVE_AS": "veranstaltungen.json",
        # How many upcoming events the start page shows.
        "ON_START_PAGE": 3,
        # Calendar UIDs are SLUG@UID_DOMAIN; set it once so they survive a change of SITEURL.
        # None: the host of SITEURL, else "localhost".
        "UID_DOMAIN": None,
        "PRODID": "-//NorderstedtGO!//Newsroom Veranstaltungen//DE",
    },
    "OPERATOR": {
        # The operator data of Impressum, Datenschutz and Barrierefreiheit, below PATH.
        "PATH": "daten/betreiber.yaml",
        # True in production: an empty required entry stops the build (publishconf.py).
        "REQUIRE_COMPLETE": False,
    },
    "PAGES": {
        # Folder of a page below PATH -> its URL pattern and the template it is shown with.
        "SECTIONS": {
            "projekte": {"url": "projekte/{slug}/", "template": "project"},
            "seiten": {"url": "{slug}/", "template": "page"},
        },
    },
    "IMAGES": {
        # Press photos: widths of the responsive variants (never wider than the original).
        "WIDTHS": [480, 800, 1200, 1600],
        # How wide the photo is shown, for the browser's choice among the variants.
        "SIZES": "(min-width: 50rem) 46rem, 100vw",
        "JPEG_QUALITY": 82,
        "WEBP_QUALITY": 80,
    },
    "PAGE_META": {
        # Breadcrumb names of the list pages above content pages (URL -> name).
        "HOME_NAME": "Startseite",
        "SECTION_NAMES": {
            "pressemitteilungen/": "Pressemitteilungen",
            "projekte/": "Projekte",
            "themen/": "Themen",
            "veranstaltungen/": "Veranstaltungen",
            "veranstaltungen/archiv/": "Archiv",
            "pressekontakte/": "Pressekontakte",
            "suche/": "Suche",
        },
        # Pages without an address of their own: no canonical link, not in the sitemap.
        "WITHOUT_ADDRESS": ["404.html"],
        # Link preview of pages without a press photo (below the output; None: none).
        "DEFAULT_IMAGE": "theme/images/vorschau.png",
        "DEFAULT_IMAGE_ALT": "NorderstedtGO! – Newsroom der Smart City Norderstedt",
        "DEFAULT_IMAGE_SIZE": (1200, 630),
    },
    "SEARCH": {
        "ENABLED": True,
        # Pagefind's index and UI files, below OUTPUT_PATH.
        "BUNDLE_DIR": "pagefind",
        # Parts of data-pagefind-body that are not indexed: text for screen readers only
        # („– alle Meldungen zum Thema“), the page's own address, download links.
        "EXCLUDE_SELECTORS": [
            ".kern-sr-only",
            ".press-release__address",
            ".press-photo__download",
            ".contact-block__vcard",
        ],
        # The content type filter of pages, by their folder below PATH.
        "PAGE_TYPES": {"projekte": "Projekt", "seiten": "Seite"},
    },
    "SITEMAP": {
        "ENABLED": True,
        "SAVE_AS": "sitemap.xml",
        "ROBOTS_SAVE_AS": "robots.txt",
    },
    "STRUCTURED_DATA": {
        # The publisher in schema.org data; None: AUTHOR.
        "ORGANIZATION_NAME": None,
        # Its logo, below the output (e.g. "theme/images/logo.png"); None: no logo.
        "ORGANIZATION_LOGO": None,
        # The bodies behind it: [{"name": …, "url": …}, …].
        "ORGANIZATION_MEMBERS": [],
    },
    "SECURITY": {
        # The Content-Security-Policy of every page (<meta>) and of the server configurations.
        # 'wasm-unsafe-eval' lets the search run its WebAssembly index; no 'unsafe-inline'.
        "CSP": {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'wasm-unsafe-eval'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "media-src": ["'self'"],
            "object-src": ["'none'"],
            "frame-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        },
        # Only a header can carry these (browsers ignore them in <meta>): deploy/ sends them.
        "CSP_HEADER_ONLY": {"frame-ancestors": ["'none'"]},
    },
    "STYLESHEET": {
        # Below the theme's static/: joined in this order into the one stylesheet of every page.
        "PARTS": ["kern/kern.css", "css/site.css", "css/components/*.css", "css/print.css"],
        # Below OUTPUT_PATH; templates link it as {{ SITEURL }}/theme/css/newsroom.css.
        "SAVE_AS": "theme/css/newsroom.css",
    },
    "SPEED": {
        # Markdown read by the site's reader: one parser per process, typogrify inside it.
        "READER": True,
        # Processes that render Markdown ahead of Pelican; None: one per usable core.
        "PROCESSES": None,
        # Below this many files to read, rendering in parallel costs more than it saves.
        "PARALLEL_FROM": 200,
        # Pelican's content cache, kept across builds and emptied when settings or plugin change.
        "CACHE": True,
        # Its folder; None: ".newsroom-cache" beside the output folder.
        "CACHE_PATH": None,
        # The output a build replaces: unchanged files become hard links to it (core/incremental).
        "REUSE_OUTPUT": None,
    },
    "TYPOGRAPHY": {
        "GERMAN_QUOTES": True,
    },
}


def capability_settings(settings: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The settings of one capability, without prefix, lower-case, over its defaults.

    ``capability_settings(settings, "CONTACTS")["path"]`` reads ``CONTACTS_PATH``.
    """
    merged = {key.lower(): value for key, value in DEFAULTS.get(prefix, {}).items()}
    start = prefix + "_"
    for key, value in settings.items():
        if key.startswith(start):
            merged[key[len(start) :].lower()] = value
    return merged
