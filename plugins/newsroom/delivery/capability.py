"""Delivery: settings of the security policy, the stylesheet and the assets.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability, PostBuildStep, deferred

SETTINGS: dict[str, dict[str, Any]] = {
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
}


CAPABILITY = Capability(
    name="delivery",
    settings=SETTINGS,
    derived=frozenset({"SECURITY_CSP_META"}),
    post_build=(
        PostBuildStep(40, "hashed asset names", deferred(f"{__package__}.assets", "hash_names")),
        PostBuildStep(50, "compressed copies", deferred(f"{__package__}.assets", "compress")),
    ),
)
