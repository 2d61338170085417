"""Production post-processing of the finished output, before it is swapped in.

- Content-hashed names for the theme's CSS, JavaScript and fonts (``site.css`` →
  ``site.1a2b3c4d5e.css``), so servers and CDNs may cache them for a year: a changed file gets
  a new name. Every reference in HTML, XML, CSS and JavaScript is rewritten to the new name;
  an asset that references another one (a stylesheet its fonts) is hashed after it.
- Precompressed ``.gz`` and ``.br`` copies next to every text file, for servers that send
  them as they are (nginx ``gzip_static``/``brotli_static``, most CDNs). Both are
  deterministic: gzip without a time stamp or file name, Brotli at a fixed quality.

Settings (prefix ``ASSETS_``): ``HASHED`` and ``PRECOMPRESS`` switch the two steps on
(publishconf.py), the other keys say which files each step takes.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import brotli

from .settings import capability_settings
from .speed import map_on_cores

logger = logging.getLogger(__name__)

# Where references to other files stand, by the kind of file.
MARKUP_REFERENCE = re.compile(
    r"""\b(?:href|src|srcset|poster|xlink:href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""",
    re.IGNORECASE,
)
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)'"\s]+))\s*\)"""
    r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""",
    re.IGNORECASE,
)
SCRIPT_REFERENCE = re.compile(
    r"""(?P<quote>["'`])(?P<ref>[^"'`\s]+?\.(?:css|js|mjs|woff2?|ttf|otf|eot))(?P=quote)"""
)
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".xsl", ".svg"}
SCRIPT_SUFFIXES = {".js", ".mjs"}


@dataclass(frozen=True)
class Reference:
    start: int  # span of the URL inside the text
    end: int
    url: str


def find_references(text: str, suffix: str) -> Iterator[Reference]:
    """Every URL a file of this kind points to, with its place in the text."""
    if suffix in MARKUP_SUFFIXES:
        for match in MARKUP_REFERENCE.finditer(text):
            group = "dq" if match.group("dq") is not None else "sq"
            start = match.start(group)
            if match.group(0).lower().lstrip().startswith("srcset"):
                yield from srcset_references(match.group(group), start)
            else:
                yield Reference(start, match.end(group), match.group(group))
    elif suffix == ".css":
        for match in CSS_REFERENCE.finditer(text):
            group = next(g for g in ("dq", "sq", "bare", "idq", "isq") if match.group(g))
            yield Reference(match.start(group), match.end(group), match.group(group))
    elif suffix in SCRIPT_SUFFIXES:
        for match in SCRIPT_REFERENCE.finditer(text):
            yield Reference(match.start("ref"), match.end("ref"), match.group("ref"))


def srcset_references(value: str, offset: int) -> Iterator[Reference]:
    """The URLs of a ``srcset`` list („a.jpg 1x, b.jpg 2x“)."""
    for candidate in re.finditer(r"[^,\s][^\s,]*", value):
        if candidate.start() == 0 or value[candidate.start() - 1] in ", \t\n":
            word = candidate.group(0)
            if not re.fullmatch(r"\d+(?:\.\d+)?[wx]", word):
                yield Reference(offset + candidate.start(), offset + candidate.end(), word)


class Site:
    """The output folder and how its URLs map to files."""

    def __init__(self, output: Path, siteurl: str) -> None:
        self.output = output
        parts = urlsplit(siteurl or "")
        self.netloc = parts.netloc
        self.root = parts.path.rstrip("/")

    def url_of(self, path: Path) -> str:
        return f"{self.root}/{path.relative_to(self.output).as_posix()}"

    def target(self, reference: str, from_file: Path) -> str | None:
        """The output-relative path a reference in ``from_file`` points to, if it is ours."""
        parts = urlsplit(reference)
        if parts.scheme in ("http", "https") or reference.startswith("//"):
            if parts.netloc != self.netloc:
                return None
        elif parts.scheme:
            return None  # mailto:, data:, tel: …
        if not parts.path:
            return None
        absolute = urljoin(self.url_of(from_file), parts.path)
        absolute = posixpath.normpath(absolute)
        prefix = f"{self.root}/"
        return absolute[len(prefix) :] if absolute.startswith(prefix) else None


def rewrite(text: str, suffix: str, source: Path, site: Site, renamed: Mapping[str, str]) -> str:
    """The text with every reference to a renamed file pointing to its new name."""
    pieces: list[str] = []
    last = 0
    basenames = {posixpath.basename(name) for name in renamed}
    for reference in find_references(text, suffix):
        # Only a reference ending in a renamed file's name (or in ., .., /) can point to it;
        # skipping the others spares resolving every link of every page.
        file_name = urlsplit(reference.url).path.rsplit("/", 1)[-1]
        if file_name not in basenames and file_name not in ("", ".", ".."):
            continue
        target = site.target(reference.url, source)
        if target not in renamed:
            continue
        path_end = len(re.split(r"[?#]", reference.url, maxsplit=1)[0])
        head = reference.url[:path_end]
        new_head = head[: head.rfind("/") + 1] + posixpath.basename(renamed[target])
        pieces += [text[last : reference.start], new_head, reference.url[path_end:]]
        last = reference.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def hashed_name(path: Path, data: bytes, length: int) -> str:
    digest = hashlib.sha256(data).hexdigest()[:length]
    return f"{path.stem}.{digest}{path.suffix}"


def hash_assets(output: Path, site: Site, config: Mapping[str, Any]) -> dict[str, str]:
    """Rename the assets below the asset folder by content; return old → new relative path."""
    folder = output / config["folder"]
    suffixes = {s.lower() for s in config["hashed_extensions"]}
    assets = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    relative = {p: p.relative_to(output).as_posix() for p in assets}
    by_relative = {name: p for p, name in relative.items()}
    texts = {p: read_text(p) for p in assets}
    graph: dict[str, set[str]] = {}
    for path in assets:
        text = texts[path]
        targets = (
            {site.target(r.url, path) for r in find_references(text, path.suffix.lower())}
            if text is not None
            else set()
        )
        graph[relative[path]] = {t for t in targets if t in by_relative and t != relative[path]}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        cycle = " → ".join(error.args[1])
        logger.error(
            "Assets verweisen im Kreis aufeinander (%s); so lassen sie sich nicht hashen.", cycle
        )
        return {}
    renamed: dict[str, str] = {}
    for name in order:
        path = by_relative[name]
        text = texts[path]
        if text is not None:
            new_text = rewrite(text, path.suffix.lower(), path, site, renamed)
            data = new_text.encode("utf-8")
        else:
            data = path.read_bytes()
        target = path.with_name(hashed_name(path, data, config["hash_length"]))
        target.write_bytes(data)
        path.unlink()
        renamed[name] = target.relative_to(output).as_posix()
    return renamed


def rewrite_references(
    output: Path, site: Site, renamed: Mapping[str, str], settings: Mapping[str, Any] | None = None
) -> None:
    """Point every page, feed and stylesheet outside the asset folder at the new names."""
    hashed = set(renamed.values())
    paths = [
        path
        for path in sorted(output.rglob("*"))
        if path.is_file()
        and path.relative_to(output).as_posix() not in hashed
        and path.suffix.lower() in MARKUP_SUFFIXES | SCRIPT_SUFFIXES | {".css"}
    ]
    map_on_cores(partial(rewrite_file, site=site, renamed=renamed), paths, settings or {})


def rewrite_file(path: Path, site: Site, renamed: Mapping[str, str]) -> None:
    text = read_text(path)
    if text is None:
        return
    new_text = rewrite(text, path.suffix.lower(), path, site, renamed)
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")


def precompress(
    output: Path, config: Mapping[str, Any], settings: Mapping[str, Any] | None = None
) -> None:
    """A ``.gz`` and a ``.br`` copy beside each text file, where they are smaller."""
    suffixes = {s.lower() for s in config["precompress_extensions"]}
    assets = (output / config["folder"]) if config.get("folder") else None
    paths = [
        path
        for path in sorted(output.rglob("*"))
        if path.is_file() and path.suffix.lower() in suffixes
    ]
    qualities = [
        config["brotli_quality_assets"]
        if assets is not None and path.is_relative_to(assets)
        else config["brotli_quality"]
        for path in paths
    ]
    compress = partial(precompress_file, min_size=config["precompress_min_size"])
    map_on_cores(compress, list(zip(paths, qualities, strict=True)), settings or {})


def precompress_file(job: tuple[Path, int], min_size: int) -> None:
    path, brotli_quality = job
    data = path.read_bytes()
    if len(data) < min_size:
        return
    for suffix, packed in (
        (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
        (".br", brotli.compress(data, quality=brotli_quality)),
    ):
        if len(packed) < len(data):
            path.with_name(path.name + suffix).write_bytes(packed)


def post_process(pelican: Any) -> None:
    """Signal ``finalized``: hash asset names, then precompress, in the finished output."""
    config = capability_settings(pelican.settings, "ASSETS")
    config["folder"] = config["folder"] or pelican.settings.get("THEME_STATIC_DIR", "theme")
    output = Path(pelican.settings["OUTPUT_PATH"])
    if config["hashed"]:
        site = Site(output, pelican.settings.get("SITEURL", ""))
        renamed = hash_assets(output, site, config)
        rewrite_references(output, site, renamed, pelican.settings)
    if config["precompress"]:
        precompress(output, config, pelican.settings)
